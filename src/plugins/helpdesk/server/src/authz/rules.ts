import type { Actor } from '../auth/actor';

/**
 * The one rule table of the help desk (DESIGN §3). Pure and synchronous: every adapter reaches it through the
 * services, so REST, MCP and the admin pages cannot disagree.
 */
export type Action =
  | 'ticket.list'
  | 'ticket.search'
  | 'ticket.read'
  | 'ticket.read_internal'
  | 'ticket.create'
  | 'ticket.reply'
  | 'ticket.note'
  | 'ticket.status'
  | 'ticket.assign'
  | 'ticket.link'
  | 'attachment.read'
  | 'attachment.add'
  | 'attachment.delete'
  | 'ticket.tag'
  | 'ticket.next'
  | 'catalog.read'
  | 'assignee.list'
  | 'me.read'
  | 'key.manage'
  | 'key.manage_any'
  | 'audit.read'
  | 'settings.manage'
  | 'panel.manage'
  | 'canned.read'
  | 'canned.manage'
  | 'queue.triage'
  | 'reply.draft';

/** What the rules need to know about a ticket: who submitted it, who has it, and which group. */
export interface TicketScope {
  submitterId: number | null;
  assigneeId: number | null;
  groupId: number | null;
}

export const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'ticket.list',
  'ticket.search',
  'ticket.read',
  'ticket.read_internal',
  'attachment.read',
  'ticket.next',
  'catalog.read',
  'assignee.list',
  'me.read',
  'audit.read',
  'canned.read',
  // Prompts only ask the assistant to read and suggest: a read-only key may use them.
  'queue.triage',
  'reply.draft',
]);

const STAFF_OR_ADMIN: ReadonlySet<Action> = new Set<Action>([
  'ticket.read_internal',
  'ticket.note',
  'ticket.status',
  'ticket.assign',
  'ticket.link',
  'ticket.tag',
  'ticket.next',
  'assignee.list',
  'canned.read',
  'canned.manage',
  'queue.triage',
  'reply.draft',
]);

const ADMIN_ONLY: ReadonlySet<Action> = new Set<Action>([
  'key.manage_any',
  'audit.read',
  'settings.manage',
  'panel.manage',
  // The thread is a record: only an admin may take a file out of it, and that is audited.
  'attachment.delete',
]);

/** Actions whose rule depends on the ticket: the caller must be able to see it (assign is the exception). */
const NEEDS_SCOPE: ReadonlySet<Action> = new Set<Action>([
  'ticket.read',
  'ticket.read_internal',
  'ticket.reply',
  'ticket.note',
  'ticket.status',
  'ticket.link',
  'attachment.read',
  'attachment.add',
  'attachment.delete',
  'ticket.tag',
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

/** Who a canned response is shared with: everyone on staff, one group's members, or its owner alone. */
export type CannedVisibility = 'everyone' | 'group' | 'private';

/** What the rules need to know about a canned response. */
export interface CannedScope {
  ownerId: number | null;
  visibility: CannedVisibility;
  groupId: number | null;
}

/**
 * Whether the actor sees a canned response: its owner always; `everyone` all staff and admins; `group` the group's
 * members and admins; `private` its owner only, admins included. A private response is a person's own working text,
 * shown to no one else and reaching a customer only through its owner's reply, so there is nothing for an admin to
 * oversee in it; what admins do oversee (and may change) is everything shared.
 */
export const canSeeCanned = (actor: Actor, response: CannedScope): boolean => {
  if (!roleAllows(actor, 'canned.read')) return false;
  if (response.ownerId === actor.internalId) return true;
  switch (response.visibility) {
    case 'everyone':
      return true;
    case 'group':
      return actor.role === 'admin' || (response.groupId !== null && actor.groupInternalIds.includes(response.groupId));
    case 'private':
      return false;
  }
};

/** Whether the actor may edit or delete a canned response it sees: its owner, or an admin (any shared one). */
export const canChangeCanned = (actor: Actor, response: CannedScope): boolean =>
  roleAllows(actor, 'canned.manage') && canSeeCanned(actor, response) && (response.ownerId === actor.internalId || actor.role === 'admin');

/**
 * Who may see or add a file follows the message it belongs to: a public message's files whoever may read the ticket
 * (or reply to it), an internal note's files only those who may read (or write) internal notes.
 */
export const canOnMessage = (
  actor: Actor,
  action: 'attachment.read' | 'attachment.add',
  ticket: TicketScope,
  message: { isInternal: boolean; authorId: number | null },
): boolean => {
  if (!can(actor, action, ticket)) return false;
  // A user's file would read as sent by whoever wrote the message: users attach only to their own messages.
  if (action === 'attachment.add' && actor.role === 'user' && message.authorId !== actor.internalId) return false;
  if (!message.isInternal) return true;
  return can(actor, action === 'attachment.read' ? 'ticket.read_internal' : 'ticket.note', ticket);
};

/** Why an action is refused, in words safe to show the caller (never says whether a ticket exists). */
export const refusalReason = (actor: Actor, action: Action): string => {
  if (actor.readOnly && !READ_ACTIONS.has(action)) {
    return 'This credential is read-only: it can only read tickets and the catalog.';
  }
  if (ADMIN_ONLY.has(action)) return 'Only help-desk admins may do this.';
  if (action === 'ticket.note') return 'Internal notes are for staff and admins only.';
  if (action === 'canned.read' || action === 'canned.manage') return 'Canned responses are for staff and admins only.';
  if (STAFF_OR_ADMIN.has(action)) return 'Only staff and admins may do this.';
  return 'You are not allowed to do this.';
};
