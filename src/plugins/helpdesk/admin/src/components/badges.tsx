import { Badge, Status, Typography } from '@strapi/design-system';
import type { StatusRef, TicketSummary } from '../api/types';

type StatusVariant = 'primary' | 'secondary' | 'success' | 'warning' | 'danger' | 'neutral';

const STATUS_VARIANT: Record<StatusRef['kind'], StatusVariant> = {
  new: 'primary',
  open: 'secondary',
  pending: 'warning',
  resolved: 'success',
  closed: 'neutral',
};

export const StatusBadge = ({ status }: { status: StatusRef | null }) =>
  status ? (
    <Status variant={STATUS_VARIANT[status.kind]} size="S">
      <Typography tag="span" variant="omega" fontWeight="bold">
        {status.name}
      </Typography>
    </Status>
  ) : (
    <Typography textColor="neutral500">—</Typography>
  );

const PRIORITY_COLORS = {
  Critical: { backgroundColor: 'danger100', textColor: 'danger700' },
  High: { backgroundColor: 'warning100', textColor: 'warning700' },
  Medium: { backgroundColor: 'neutral150', textColor: 'neutral700' },
  Low: { backgroundColor: 'neutral100', textColor: 'neutral600' },
} as const satisfies Record<TicketSummary['priority'], object>;

export const PriorityBadge = ({ priority }: { priority: TicketSummary['priority'] }) => (
  <Badge {...PRIORITY_COLORS[priority]}>{priority}</Badge>
);

/** Who has the ticket: a person, else a group, else nobody. */
export const assigneeLabel = (ticket: Pick<TicketSummary, 'assignee' | 'group'>): string =>
  ticket.assignee ? ticket.assignee.name : ticket.group ? `${ticket.group.name} (group)` : 'Unassigned';
