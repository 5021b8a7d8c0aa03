import { Badge, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
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
        <Tr key={e.id}>
          <Td>
            <Typography>{formatDateTime(e.at)}</Typography>
          </Td>
          <Td>
            <Typography title={e.actor?.id}>
              {e.actor ? `${e.actor.email ?? e.actor.id}${e.actor.role ? ` (${e.actor.role})` : ''}` : 'Anonymous'}
            </Typography>
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
