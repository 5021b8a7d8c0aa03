import { Badge, Flex, Typography } from '@strapi/design-system';
import type { TicketSummary } from '../../api/types';
import { formatDateTime } from '../format';

type Sla = NonNullable<TicketSummary['sla']>;

const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const STATE = {
  breached: { label: 'Breached', backgroundColor: 'danger100', textColor: 'danger700' },
  due_soon: { label: 'Due soon', backgroundColor: 'warning100', textColor: 'warning700' },
  ok: { label: 'On time', backgroundColor: 'success100', textColor: 'success700' },
} as const satisfies Record<NonNullable<Sla['state']>, object>;

/** The due time that matters now: the first response while it is owed, else the resolution. */
export const nextDueOf = (sla: Sla): string | null =>
  sla.first_responded_at === null && sla.first_response_due_at ? sla.first_response_due_at : sla.resolution_due_at;

/**
 * The queue's due badge: the state as the server judged it (its clock, not the browser's), with the due time.
 * Paused and stopped clocks say so; tickets from before service levels show a dash.
 */
export const DueBadge = ({ ticket }: { ticket: Pick<TicketSummary, 'sla' | 'status'> }) => {
  const { sla } = ticket;
  if (!sla) return <Typography textColor="neutral500">—</Typography>;
  if (!sla.state) {
    const why = sla.paused ? 'Paused' : ticket.status?.kind === 'resolved' || ticket.status?.kind === 'closed' ? 'Stopped' : 'Answered';
    return (
      <Typography textColor="neutral600" data-sla-state="none">
        {why}
      </Typography>
    );
  }
  const { label, ...colors } = STATE[sla.state];
  const due = nextDueOf(sla);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} title={due ? `Due ${formatDateTime(due)}` : undefined}>
      <Badge {...colors} data-sla-state={sla.state}>
        {label}
      </Badge>
      {due ? (
        <Typography variant="pi" textColor="neutral600">
          {short.format(new Date(due))}
        </Typography>
      ) : null}
    </Flex>
  );
};
