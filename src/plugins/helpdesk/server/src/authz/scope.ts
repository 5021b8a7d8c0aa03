import type { Actor } from '../auth/actor';

/** A where-clause for `strapi.db.query('plugin::helpdesk.ticket')`. */
export type TicketWhere = Record<string, unknown>;

/**
 * The scope rule of authz/rules.ts (`isInScope`) as a database filter, so that counts, limits and pages are
 * right and nothing is fetched only to be dropped. The two must agree: tests check them against each other.
 */
export const ticketScopeFilter = (actor: Actor): TicketWhere => {
  switch (actor.role) {
    case 'admin':
      return {};
    case 'staff': {
      const anyOf: TicketWhere[] = [{ submitter: { id: actor.internalId } }, { assignee: { id: actor.internalId } }];
      if (actor.groupInternalIds.length > 0) anyOf.push({ group: { id: { $in: actor.groupInternalIds } } });
      return { $or: anyOf };
    }
    case 'user':
      return { submitter: { id: actor.internalId } };
  }
};
