import { Link, Table, Tbody, Td, TextButton, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp } from '@strapi/icons';
import { NavLink, useNavigate } from 'react-router-dom';
import type { TicketSummary } from '../../api/types';
import { BASE_PATH } from '../../constants';
import { PriorityBadge, StatusBadge, assigneeLabel } from '../badges';
import { formatAgo, formatDateTime } from '../format';
import { DueBadge } from '../sla/DueBadge';

const COLUMNS = ['Subject', 'Status', 'Priority', 'Category', 'Tags', 'Assigned to', 'Submitter'];

interface Props {
  tickets: TicketSummary[];
  oldestFirst: boolean;
  onToggleOrder(): void;
  /** Sorted by the nearest due time (the "Due" column's toggle). */
  byDue: boolean;
  onToggleDue(): void;
}

export const TicketTable = ({ tickets, oldestFirst, onToggleOrder, byDue, onToggleDue }: Props) => {
  const navigate = useNavigate();
  return (
    <Table colCount={COLUMNS.length + 2} rowCount={tickets.length + 1}>
      <Thead>
        <Tr>
          {COLUMNS.map((c) => (
            <Th key={c}>
              <Typography variant="sigma">{c}</Typography>
            </Th>
          ))}
          <Th aria-sort={byDue ? 'ascending' : 'none'}>
            <TextButton
              onClick={onToggleDue}
              endIcon={byDue ? <ArrowUp aria-hidden /> : undefined}
              aria-label={byDue ? 'Due, nearest first: sort by last activity' : 'Due: sort by the nearest due time first'}
            >
              <Typography variant="sigma" textColor="neutral600">
                Due
              </Typography>
            </TextButton>
          </Th>
          <Th aria-sort={byDue ? 'none' : oldestFirst ? 'ascending' : 'descending'}>
            <TextButton
              onClick={onToggleOrder}
              endIcon={oldestFirst ? <ArrowUp aria-hidden /> : <ArrowDown aria-hidden />}
              aria-label={`Last activity, ${oldestFirst ? 'oldest' : 'newest'} first: sort ${oldestFirst ? 'newest' : 'oldest'} first`}
            >
              <Typography variant="sigma" textColor="neutral600">
                Last activity
              </Typography>
            </TextButton>
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
              <Typography textColor={t.tags.length > 0 ? 'neutral800' : 'neutral500'}>{t.tags.map((tag) => tag.name).join(', ') || '—'}</Typography>
            </Td>
            <Td>
              <Typography textColor={t.assignee || t.group ? 'neutral800' : 'neutral500'}>{assigneeLabel(t)}</Typography>
            </Td>
            <Td>
              <Typography>{t.submitter?.name ?? '—'}</Typography>
            </Td>
            <Td>
              <DueBadge ticket={t} />
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
