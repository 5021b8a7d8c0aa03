import { Link, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { ArrowDown } from '@strapi/icons';
import { NavLink, useNavigate } from 'react-router-dom';
import type { TicketSummary } from '../../api/types';
import { BASE_PATH } from '../../constants';
import { PriorityBadge, StatusBadge, assigneeLabel } from '../badges';
import { formatAgo, formatDateTime } from '../format';

const COLUMNS = ['Subject', 'Status', 'Priority', 'Category', 'Assigned to', 'Submitter'];

export const TicketTable = ({ tickets }: { tickets: TicketSummary[] }) => {
  const navigate = useNavigate();
  return (
    <Table colCount={COLUMNS.length + 1} rowCount={tickets.length + 1}>
      <Thead>
        <Tr>
          {COLUMNS.map((c) => (
            <Th key={c}>
              <Typography variant="sigma">{c}</Typography>
            </Th>
          ))}
          <Th>
            {/* The service orders the queue by last activity, newest first, on an index: say so in the header. */}
            <Typography variant="sigma" aria-sort="descending">
              Last activity <ArrowDown width="1rem" height="1rem" aria-hidden />
              <VisuallyHidden>(sorted newest first)</VisuallyHidden>
            </Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {tickets.map((t) => (
          <Tr key={t.id} data-ticket-id={t.id} onClick={() => navigate(`${BASE_PATH}/tickets/${t.id}`)} style={{ cursor: 'pointer' }}>
            <Td maxWidth="40rem">
              <Link tag={NavLink} to={`${BASE_PATH}/tickets/${t.id}`} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
                {t.subject}
              </Link>
            </Td>
            <Td>
              <StatusBadge status={t.status} />
            </Td>
            <Td>
              <PriorityBadge priority={t.priority} />
            </Td>
            <Td>
              <Typography>{t.category?.name ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography textColor={t.assignee || t.group ? 'neutral800' : 'neutral500'}>{assigneeLabel(t)}</Typography>
            </Td>
            <Td>
              <Typography>{t.submitter?.name ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography title={formatDateTime(t.last_activity_at)}>{formatAgo(t.last_activity_at)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
