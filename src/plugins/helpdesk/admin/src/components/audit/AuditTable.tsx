import { Badge, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import type { AuditEventView } from '../../api/types';
import { BASE_PATH } from '../../constants';
import { formatDateTime } from '../format';

const COLUMNS = ['Time', 'Actor', 'Credential', 'Channel', 'Action', 'Ticket', 'Outcome'];

const OUTCOME_BADGE = {
  allowed: { backgroundColor: 'success100', textColor: 'success700' },
  refused: { backgroundColor: 'warning100', textColor: 'warning700' },
  failed: { backgroundColor: 'danger100', textColor: 'danger700' },
} as const;

/**
 * Who acted: a help-desk account by its email and role; someone without one (a panel user editing the catalog in the
 * Content Manager, an operator at the CLI) by the name recorded with the event, and their email when there is one.
 */
const ActorCell = ({ actor }: { actor: AuditEventView['actor'] }) => {
  if (!actor) return <Typography textColor="neutral500">Anonymous</Typography>;
  if (actor.id) {
    return <Typography title={actor.id}>{`${actor.email ?? actor.id}${actor.role ? ` (${actor.role})` : ''}`}</Typography>;
  }
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} title="No help-desk account: the name recorded with the event">
      <Typography>{actor.name ?? actor.email ?? 'Unknown'}</Typography>
      {actor.email && actor.name ? (
        <Typography variant="pi" textColor="neutral600">
          {actor.email}
        </Typography>
      ) : null}
    </Flex>
  );
};

export const AuditTable = ({ events }: { events: AuditEventView[] }) => (
  <Table colCount={COLUMNS.length} rowCount={events.length + 1}>
    <Thead>
      <Tr>
        {COLUMNS.map((c) => (
          <Th key={c}>
            <Typography variant="sigma">{c}</Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>
      {events.map((e) => (
        <Tr key={e.id} data-audit-event-id={e.id} data-action={e.action}>
          <Td>
            <Typography>{formatDateTime(e.at)}</Typography>
          </Td>
          <Td>
            <ActorCell actor={e.actor} />
          </Td>
          <Td>
            <Typography>{e.credential ? `${e.credential.kind}${e.credential.name ? `: ${e.credential.name}` : ''}` : '—'}</Typography>
          </Td>
          <Td>
            <Typography>{e.channel}</Typography>
          </Td>
          <Td>
            <Typography tag="code" style={{ fontFamily: 'monospace' }}>
              {e.action}
            </Typography>
          </Td>
          <Td>
            {e.ticket_id ? (
              <Link tag={NavLink} to={`${BASE_PATH}/tickets/${e.ticket_id}`}>
                {e.ticket_id}
              </Link>
            ) : (
              <Typography textColor="neutral500">—</Typography>
            )}
          </Td>
          <Td>
            <Badge {...OUTCOME_BADGE[e.outcome]}>{e.error_code ? `${e.outcome}: ${e.error_code}` : e.outcome}</Badge>
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);
