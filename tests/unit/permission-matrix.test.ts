import type { Actor, Role } from '../../src/plugins/helpdesk/server/src/auth/actor';
import { can, roleAllows, type Action, type TicketScope } from '../../src/plugins/helpdesk/server/src/authz/rules';
import { ACTORS, EXPECTED, EXPECTED_CREATE, cells, type MatrixActor, type MatrixOperation, type MatrixTarget, type Outcome } from '../fixtures/permission-matrix';
import { EXPECTED_NEXT, nextCells } from '../fixtures/permission-matrix-sla';

// The matrix world in row ids: users 1 (owner), 2 (other), 3 (third); staff 10 (group 100 = A), 11 and 12
// (group 102 = C); admin 20. Group 101 is B.
const actor = (internalId: number, role: Role, groupInternalIds: number[], readOnly = false): Actor => ({
  userId: `U${internalId}`,
  internalId,
  role,
  groupIds: groupInternalIds.map(String),
  groupInternalIds,
  credential: { kind: 'api_key', id: null, name: 'unit' },
  readOnly,
  channel: 'rest',
});

const ACTOR: Record<MatrixActor, Actor> = {
  userOwner: actor(1, 'user', []),
  otherUser: actor(2, 'user', []),
  staffInGroup: actor(10, 'staff', [100]),
  staffOutside: actor(11, 'staff', [102]),
  staffAssignee: actor(12, 'staff', [102]),
  admin: actor(20, 'admin', []),
  readOnly: actor(10, 'staff', [100], true),
};

const TICKET: Record<MatrixTarget, TicketScope | null> = {
  own: { submitterId: 1, assigneeId: 12, groupId: 100 },
  inGroup: { submitterId: 3, assigneeId: null, groupId: 100 },
  outOfScope: { submitterId: 3, assigneeId: null, groupId: 101 },
  nonexistent: null,
};

const ACTION: Record<MatrixOperation, Action> = {
  list: 'ticket.list',
  get: 'ticket.read',
  reply: 'ticket.reply',
  note: 'ticket.note',
  status: 'ticket.status',
  assign: 'ticket.assign',
  internal: 'ticket.read_internal',
};

/** How every service combines the rules: a role that may never act is refused first, then scope decides. */
const decide = (who: Actor, operation: MatrixOperation, ticket: TicketScope | null): Outcome => {
  // Notes ride on reading the ticket: one that cannot be read is not found; one read without notes is 'forbidden'.
  if (operation === 'internal') {
    if (!ticket || !can(who, 'ticket.read', ticket)) return 'not_found';
    return can(who, 'ticket.read_internal', ticket) ? 'ok' : 'forbidden';
  }
  // Listing is allowed to all; whether a ticket shows depends on scope, like reading it.
  const action = operation === 'list' ? 'ticket.read' : ACTION[operation];
  if (!roleAllows(who, ACTION[operation])) return 'forbidden';
  if (!ticket) return 'not_found';
  return can(who, action, ticket) ? 'ok' : 'not_found';
};

describe('the rule table against the permission matrix', () => {
  it.each(cells())('$actor $operation $target → $expected', ({ actor: name, operation, target, expected }) => {
    expect(decide(ACTOR[name], operation, TICKET[target])).toBe(expected);
  });

  it.each(ACTORS)('%s creating a ticket', (name) => {
    expect(can(ACTOR[name], 'ticket.create') ? 'ok' : 'forbidden').toBe(EXPECTED_CREATE[name]);
  });

  it('covers every cell of the table', () => {
    expect(cells()).toHaveLength(7 * 4 * 7);
    expect(Object.keys(EXPECTED)).toEqual(ACTORS);
  });

  it('keeps admin-only actions from staff and users, and every write from read-only keys', () => {
    for (const a of ['key.manage_any', 'audit.read', 'settings.manage'] as Action[]) {
      expect([can(ACTOR.admin, a), can(ACTOR.staffInGroup, a), can(ACTOR.userOwner, a)]).toEqual([true, false, false]);
    }
    const readOnlyAdmin = actor(20, 'admin', [], true);
    for (const a of ['ticket.create', 'ticket.reply', 'ticket.note', 'ticket.status', 'ticket.assign', 'ticket.link', 'key.manage'] as Action[]) {
      expect([a, can(readOnlyAdmin, a)]).toEqual([a, false]);
    }
    expect(can(readOnlyAdmin, 'ticket.read', TICKET.outOfScope as TicketScope)).toBe(true);
  });
});

describe('next_ticket against its permission matrix', () => {
  /** The rule, then the scope, then the one condition of its own: unassigned, or assigned to the caller. */
  const decideNext = (who: Actor, ticket: TicketScope | null): Outcome => {
    if (!roleAllows(who, 'ticket.next')) return 'forbidden';
    if (!ticket || !can(who, 'ticket.read', ticket)) return 'not_found';
    return ticket.assigneeId === null || ticket.assigneeId === who.internalId ? 'ok' : 'not_found';
  };

  it.each(nextCells())('$actor next_ticket offers $target → $expected', ({ actor: name, target, expected }) => {
    expect(decideNext(ACTOR[name], TICKET[target])).toBe(expected);
  });

  it('covers every actor and target', () => {
    expect(nextCells()).toHaveLength(7 * 4);
    expect(Object.keys(EXPECTED_NEXT).sort()).toEqual([...ACTORS].sort());
  });
});
