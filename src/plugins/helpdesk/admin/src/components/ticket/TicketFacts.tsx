import { Flex, Typography } from '@strapi/design-system';
import type { TicketDetail } from '../../api/types';
import { PriorityBadge, StatusBadge, assigneeLabel } from '../badges';
import { formatDateTime } from '../format';
import { DueBadge } from '../sla/DueBadge';

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    {typeof children === 'string' ? <Typography>{children}</Typography> : children}
  </Flex>
);

export const TicketFacts = ({ ticket }: { ticket: TicketDetail }) => (
  <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="Ticket details">
    <Fact label="Status">
      <StatusBadge status={ticket.status} />
    </Fact>
    <Fact label="Priority">
      <PriorityBadge priority={ticket.priority} />
    </Fact>
    {ticket.sla ? (
      <>
        <Fact label="Service level">
          <DueBadge ticket={ticket} />
        </Fact>
        <Fact label="First response due">
          {ticket.sla.first_responded_at
            ? `Answered ${formatDateTime(ticket.sla.first_responded_at)} (due ${formatDateTime(ticket.sla.first_response_due_at)})`
            : formatDateTime(ticket.sla.first_response_due_at)}
        </Fact>
        <Fact label="Resolution due">
          {`${formatDateTime(ticket.sla.resolution_due_at)}${ticket.sla.paused ? ' (paused while waiting on the customer)' : ''}`}
        </Fact>
      </>
    ) : null}
    <Fact label="Assigned to">{assigneeLabel(ticket)}</Fact>
    {ticket.assignee && ticket.group ? <Fact label="Group">{ticket.group.name}</Fact> : null}
    <Fact label="Category">{[ticket.category?.name, ticket.item?.name].filter(Boolean).join(' › ') || '—'}</Fact>
    <Fact label="Type">{ticket.type?.name ?? '—'}</Fact>
    <Fact label="Tags">{ticket.tags.map((t) => t.name).join(', ') || '—'}</Fact>
    <Fact label="Submitter">{ticket.submitter ? `${ticket.submitter.name}${ticket.submitter.email ? ` <${ticket.submitter.email}>` : ''}` : '—'}</Fact>
    <Fact label="Created">{formatDateTime(ticket.created_at)}</Fact>
    <Fact label="Last activity">{formatDateTime(ticket.last_activity_at)}</Fact>
    {ticket.resolved_at ? <Fact label="Resolved">{formatDateTime(ticket.resolved_at)}</Fact> : null}
    {ticket.reopen_until ? <Fact label="A reply from the submitter reopens it until">{formatDateTime(ticket.reopen_until)}</Fact> : null}
  </Flex>
);
