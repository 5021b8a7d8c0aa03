import type { Actor, Role } from '../../src/plugins/helpdesk/server/src/auth/actor';
import { can, canChangeCanned, canOnMessage, canSeeCanned, roleAllows, type Action, type CannedScope, type TicketScope } from '../../src/plugins/helpdesk/server/src/authz/rules';
import { ACTORS, EXPECTED, EXPECTED_CREATE, TARGETS, cells, type MatrixActor, type MatrixOperation, type MatrixTarget, type Outcome } from '../fixtures/permission-matrix';
import { CANNED_TARGETS, EXPECTED_CANNED_EDIT, EXPECTED_CANNED_READ, EXPECTED_CANNED_RENDER, type CannedTarget } from '../fixtures/permission-matrix-canned';
import { attachmentCells, type AttachmentOperation } from '../fixtures/permission-matrix-attachments';
import { EXPECTED_LIST_TAGS, tagCells } from '../fixtures/permission-matrix-tags';
import { searchCells, type SearchOperation } from '../fixtures/permission-matrix-search';
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

describe('the rule table against the canned-response matrix', () => {
  // The canned world in row ids: `everyone` owned by staffOutside (11), `groupA` and `private` by staffInGroup (10).
  const CANNED: Record<CannedTarget, CannedScope | null> = {
    everyone: { ownerId: 11, visibility: 'everyone', groupId: null },
    groupA: { ownerId: 10, visibility: 'group', groupId: 100 },
    private: { ownerId: 10, visibility: 'private', groupId: null },
    nonexistent: null,
  };

  /** How the canned-responses service combines the rules: the role first, then the ticket, then the response. */
  const decideRender = (who: Actor, ticket: TicketScope | null): Outcome => {
    if (!roleAllows(who, 'canned.read')) return 'forbidden';
    if (!ticket || !can(who, 'ticket.read', ticket)) return 'not_found';
    return canSeeCanned(who, CANNED.everyone as CannedScope) ? 'ok' : 'not_found';
  };
  const decideRead = (who: Actor, response: CannedScope | null): Outcome => {
    if (!roleAllows(who, 'canned.read')) return 'forbidden';
    return response && canSeeCanned(who, response) ? 'ok' : 'not_found';
  };
  const decideEdit = (who: Actor, response: CannedScope | null): Outcome => {
    if (!roleAllows(who, 'canned.manage')) return 'forbidden';
    if (!response || !canSeeCanned(who, response)) return 'not_found';
    return canChangeCanned(who, response) ? 'ok' : 'forbidden';
  };

  it.each(ACTORS.flatMap((a) => TARGETS.map((t) => [a, t, EXPECTED_CANNED_RENDER[a][t]] as const)))('%s render on %s → %s', (name, target, expected) => {
    expect(decideRender(ACTOR[name], TICKET[target])).toBe(expected);
  });

  it.each(ACTORS.flatMap((a) => CANNED_TARGETS.map((t) => [a, t, EXPECTED_CANNED_READ[a][t]] as const)))('%s read %s → %s', (name, target, expected) => {
    expect(decideRead(ACTOR[name], CANNED[target])).toBe(expected);
  });

  it.each(ACTORS.flatMap((a) => CANNED_TARGETS.map((t) => [a, t, EXPECTED_CANNED_EDIT[a][t]] as const)))('%s edit %s → %s', (name, target, expected) => {
    expect(decideEdit(ACTOR[name], CANNED[target])).toBe(expected);
  });

  it('keeps every canned-response action and prompt from users, and changes from read-only keys', () => {
    for (const a of ['canned.read', 'canned.manage', 'queue.triage', 'reply.draft'] as Action[]) {
      expect([a, can(ACTOR.userOwner, a), can(ACTOR.staffInGroup, a), can(ACTOR.admin, a)]).toEqual([a, false, true, true]);
    }
    expect([can(ACTOR.readOnly, 'canned.read'), can(ACTOR.readOnly, 'canned.manage'), can(ACTOR.readOnly, 'reply.draft')]).toEqual([true, false, true]);
  });
});

describe('the rule table against the attachments matrix', () => {
  /** Who wrote each message in the matrix world: the description its submitter, the seeded note an admin. */
  const ADMIN_ID = 20;
  const decideAttachment = (who: Actor, operation: AttachmentOperation, ticket: TicketScope | null): Outcome => {
    const action = operation === 'delete' ? 'attachment.delete' : operation.startsWith('read') ? 'attachment.read' : 'attachment.add';
    if (!roleAllows(who, action)) return 'forbidden';
    if (!ticket) return 'not_found';
    if (action === 'attachment.delete') return can(who, action, ticket) ? 'ok' : 'not_found';
    const message = operation === 'readNoteFile' || operation === 'addToNote' ? { isInternal: true, authorId: ADMIN_ID } : { isInternal: false, authorId: ticket.submitterId };
    if (canOnMessage(who, action, ticket, message)) return 'ok';
    // What the caller may not read does not exist for them; what they may read but not add to is forbidden.
    return canOnMessage(who, 'attachment.read', ticket, message) ? 'forbidden' : 'not_found';
  };

  it.each(attachmentCells(ACTORS, ['own', 'inGroup', 'outOfScope', 'nonexistent']))('$actor $operation $target → $expected', ({ actor: name, operation, target, expected }) => {
    expect(decideAttachment(ACTOR[name], operation, TICKET[target])).toBe(expected);
  });

  it('lets users add files only to messages they wrote', () => {
    const own = TICKET.own as TicketScope;
    expect(canOnMessage(ACTOR.userOwner, 'attachment.add', own, { isInternal: false, authorId: 1 })).toBe(true);
    expect(canOnMessage(ACTOR.userOwner, 'attachment.add', own, { isInternal: false, authorId: 12 })).toBe(false);
    expect(canOnMessage(ACTOR.staffAssignee, 'attachment.add', own, { isInternal: false, authorId: 1 })).toBe(true);
  });
});

describe('the rule table against the tag operations of the matrix', () => {
  it.each(tagCells())('$actor tag $target → $expected', ({ actor: name, target, expected }) => {
    const who = ACTOR[name];
    const ticket = TICKET[target];
    const outcome = !roleAllows(who, 'ticket.tag') ? 'forbidden' : ticket && can(who, 'ticket.tag', ticket) ? 'ok' : 'not_found';
    expect(outcome).toBe(expected);
  });

  it.each(ACTORS)('%s listing tags', (name) => {
    expect(can(ACTOR[name], 'catalog.read') ? 'ok' : 'forbidden').toBe(EXPECTED_LIST_TAGS[name]);
  });

  it('covers every cell of the table', () => {
    expect(tagCells()).toHaveLength(7 * 4);
  });
});

describe('the rule table against the search matrix (permission-matrix-search.ts)', () => {
  /** Search shows a ticket exactly when the actor may read it; its notes are searched when the role reads notes. */
  const decideSearch = (who: Actor, operation: SearchOperation, ticket: TicketScope | null): Outcome => {
    if (!can(who, 'ticket.search')) return 'forbidden';
    if (!ticket || !can(who, 'ticket.read', ticket)) return 'not_found';
    if (operation === 'search') return 'ok';
    return can(who, 'ticket.read_internal', ticket) ? 'ok' : 'forbidden';
  };

  it.each(searchCells())('$actor $operation $target → $expected', ({ actor: name, operation, target, expected }) => {
    expect(decideSearch(ACTOR[name], operation, TICKET[target])).toBe(expected);
  });

  it('covers every actor and target, twice', () => {
    expect(searchCells()).toHaveLength(7 * 4 * 2);
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
