import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { BackButton } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { ApiError, useHelpdeskApi } from '../api/client';
import type { TicketDetail } from '../api/types';
import { useResource } from '../api/use-resource';
import { HelpdeskPage } from '../components/layout';
import { useSession } from '../components/session';
import { ErrorState, LoadingState } from '../components/states';
import { AssignControl } from '../components/ticket/AssignControl';
import { Composer } from '../components/ticket/Composer';
import { LinkedTickets } from '../components/ticket/LinkedTickets';
import { StatusControl } from '../components/ticket/StatusControl';
import { TagControl } from '../components/ticket/TagControl';
import { Thread } from '../components/ticket/Thread';
import { TicketFacts } from '../components/ticket/TicketFacts';
import { BASE_PATH } from '../constants';

const Panel = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} tag="section" aria-label={title}>
    <Typography variant="delta" tag="h2" paddingBottom={3} display="block">
      {title}
    </Typography>
    {children}
  </Box>
);

/** A typed URL with something that is not a ticket id gets the same answer as a ticket out of reach. */
const asNotFound = (error: ApiError): ApiError =>
  error.code === 'validation_error'
    ? new ApiError('No ticket with that id exists, or you do not have access to it.', 'not_found', 404)
    : error;

export const TicketPage = () => {
  const { id = '' } = useParams();
  const api = useHelpdeskApi();
  const { can } = useSession();
  const ticket = useResource(() => api.get<TicketDetail>(`/tickets/${encodeURIComponent(id)}`), [api, id]);
  const back = <BackButton fallback={BASE_PATH} />;

  if (ticket.state === 'error') {
    const error = asNotFound(ticket.error);
    return (
      <HelpdeskPage title={error.code === 'not_found' ? 'Ticket not found' : 'Ticket'} navigationAction={back}>
        <ErrorState error={error} onRetry={ticket.reload} />
      </HelpdeskPage>
    );
  }
  if (!ticket.data) {
    return (
      <HelpdeskPage title="Ticket" navigationAction={back}>
        <LoadingState label="Loading the ticket…" />
      </HelpdeskPage>
    );
  }
  const t = ticket.data;
  return (
    <HelpdeskPage title={t.subject} subtitle={`Ticket ${t.id}`} navigationAction={back}>
      <Grid.Root gap={4}>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch" gap={4}>
          <Thread ticket={t} />
          {can.reply ? <Composer ticketId={t.id} onSaved={ticket.reload} /> : null}
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={4}>
          <Panel title="Details">
            <TicketFacts ticket={t} />
          </Panel>
          {can.changeStatus ? (
            <Panel title="Status">
              <StatusControl ticket={t} onChanged={ticket.reload} />
            </Panel>
          ) : null}
          {can.tag ? (
            <Panel title="Tags">
              <TagControl ticket={t} onChanged={ticket.reload} />
            </Panel>
          ) : null}
          {can.assign ? (
            <Panel title="Assignment">
              <AssignControl ticket={t} onChanged={ticket.reload} />
            </Panel>
          ) : null}
          <Panel title="Linked tickets">
            <LinkedTickets ticket={t} canLink={can.link} onChanged={ticket.reload} />
          </Panel>
        </Grid.Item>
      </Grid.Root>
      {ticket.state === 'loading' ? (
        <Flex paddingTop={2}>
          <Typography variant="pi" textColor="neutral600" aria-live="polite">
            Refreshing…
          </Typography>
        </Flex>
      ) : null}
    </HelpdeskPage>
  );
};

