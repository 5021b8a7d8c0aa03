import type { Actor } from '../auth/actor';

/**
 * The one rule table of the help desk (DESIGN §3). Pure and synchronous: every adapter reaches it through the
 * services, so REST, MCP and the admin pages cannot disagree.
 */
export type Action =
  | 'ticket.list'
  | 'ticket.read'
  | 'ticket.read_internal'
  | 'ticket.create'
  | 'ticket.reply'
  | 'ticket.note'
  | 'ticket.status'
  | 'ticket.assign'
  | 'ticket.link'
  | 'ticket.next'
  | 'catalog.read'
  | 'assignee.list'
  | 'me.read'
  | 'key.manage'
  | 'key.manage_any'
  | 'audit.read'
  | 'settings.manage'
  | 'panel.manage';

/** What the rules need to know about a ticket: who submitted it, who has it, and which group. */
export interface TicketScope {
  submitterId: number | null;
  assigneeId: number | null;
  groupId: number | null;
}

export const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'ticket.list',
  'ticket.read',
  'ticket.read_internal',
  'ticket.next',
  'catalog.read',
  'assignee.list',
  'me.read',
  'audit.read',
]);

const STAFF_OR_ADMIN: ReadonlySet<Action> = new Set<Action>([
  'ticket.read_internal',
  'ticket.note',
  'ticket.status',
  'ticket.assign',
  'ticket.link',
  'ticket.next',
  'assignee.list',
]);

const ADMIN_ONLY: ReadonlySet<Action> = new Set<Action>(['key.manage_any', 'audit.read', 'settings.manage', 'panel.manage']);

/** Actions whose rule depends on the ticket: the caller must be able to see it (assign is the exception). */
const NEEDS_SCOPE: ReadonlySet<Action> = new Set<Action>([
  'ticket.read',
  'ticket.read_internal',
  'ticket.reply',
  'ticket.note',
  'ticket.status',
  'ticket.link',
]);

/** Whether the ticket is in the actor's scope: users their own, staff their groups, assignments and own, admins all. */
export const isInScope = (actor: Actor, ticket: TicketScope): boolean => {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'staff':
      return (
        ticket.submitterId === actor.internalId ||
        ticket.assigneeId === actor.internalId ||
        (ticket.groupId !== null && actor.groupInternalIds.includes(ticket.groupId))
      );
    case 'user':
      return ticket.submitterId === actor.internalId;
  }
};

/** Whether the role (and key) may ever perform the action, whatever the ticket. */
export const roleAllows = (actor: Actor, action: Action): boolean => {
  if (actor.readOnly && !READ_ACTIONS.has(action)) return false;
  if (ADMIN_ONLY.has(action)) return actor.role === 'admin';
  if (STAFF_OR_ADMIN.has(action)) return actor.role !== 'user';
  return true;
};

/**
 * can(actor, action, ticket?): the role rule, then (for ticket actions) the scope rule. Staff may assign any
 * ticket (DESIGN §3), so assignment is the one ticket action that does not need the ticket in scope.
 */
export const can = (actor: Actor, action: Action, ticket?: TicketScope): boolean => {
  if (!roleAllows(actor, action)) return false;
  if (ticket && NEEDS_SCOPE.has(action)) return isInScope(actor, ticket);
  return true;
};

/** Why an action is refused, in words safe to show the caller (never says whether a ticket exists). */
export const refusalReason = (actor: Actor, action: Action): string => {
  if (actor.readOnly && !READ_ACTIONS.has(action)) {
    return 'This credential is read-only: it can only read tickets and the catalog.';
  }
  if (ADMIN_ONLY.has(action)) return 'Only help-desk admins may do this.';
  if (action === 'ticket.note') return 'Internal notes are for staff and admins only.';
  if (STAFF_OR_ADMIN.has(action)) return 'Only staff and admins may do this.';
  return 'You are not allowed to do this.';
};
