import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden, invalid, type FieldIssue } from '../errors';
import type { AssigneesInput, AssignmentInput } from '../validation/tickets';
import { UID } from '../uids';
import { roleFromType } from './actors';
import { service } from './registry';
import { helpdeskTransaction } from '../write-path/permit';
import { toSummary, type NamedRow, type TicketRow, type UserRow } from './ticket-rows';
import type { AssigneeList, TicketSummary } from './views';

const ASSIGNABLE_ROLE_TYPES = ['staff', 'admin'];

/** Who works a ticket: one staff/admin user, or one group, or nobody. Staff may assign any ticket (DESIGN §3). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => service(strapi, 'audit');

  return {
    async assign(actor: Actor, ticketId: string, input: AssignmentInput): Promise<TicketSummary> {
      const ticket = await service(strapi, 'tickets').authorize(actor, 'ticket.assign', ticketId);
      const problems: FieldIssue[] = [];
      let user: UserRow | null = null;
      let group: NamedRow | null = null;
      if (input.assignee_id) {
        const found = (await strapi.db.query(UID.user).findOne({
          where: { documentId: input.assignee_id, blocked: { $ne: true } },
          select: ['id', 'documentId', 'username'],
          populate: { role: { select: ['type'] } },
        })) as (UserRow & { role?: { type: string } | null }) | null;
        if (!found || !ASSIGNABLE_ROLE_TYPES.includes(found.role?.type ?? '')) {
          problems.push({ field: 'assignee_id', rule: 'assignable', message: 'must be a staff or admin user; see list_assignees' });
        } else user = found;
      }
      if (input.group_id) {
        group = (await strapi.db.query(UID.group).findOne({
          where: { documentId: input.group_id },
          select: ['id', 'documentId', 'name'],
        })) as NamedRow | null;
        if (!group) problems.push({ field: 'group_id', rule: 'exists', message: 'no group has this id; see list_assignees' });
      }
      if (problems.length > 0) throw invalid(problems);

      const describe = (u: UserRow | null | undefined, g: NamedRow | null | undefined) =>
        u ? u.username : g ? `group ${g.name}` : null;
      return helpdeskTransaction(strapi, async ({ trx }) => {
        // Decided on the ticket as it is now: the `from` recorded, and the group a user assignment keeps.
        const [row] = (await service(strapi, 'tickets').lockForChange(actor, 'ticket.assign', trx, ticket)) as [TicketRow];
        // A user assignment keeps the ticket in its group's queue; a group assignment hands it to the whole group.
        const next = user
          ? { assignee: user, group: row.group ?? null }
          : { assignee: null, group };
        const now = service(strapi, 'clock').now();
        await strapi.db.query(UID.ticket).update({
          where: { id: row.id },
          data: { assignee: next.assignee?.id ?? null, group: next.group?.id ?? null, last_activity_at: now },
        });
        await audit().record(actor, {
          action: 'ticket.assign',
          outcome: 'allowed',
          ticketId,
          details: { from: describe(row.assignee, row.group), to: describe(next.assignee, next.group) },
        });
        return toSummary({ ...row, assignee: next.assignee, group: next.group, last_activity_at: now, updatedAt: now }, now);
      });
    },

    async listAssignees(actor: Actor, input: AssigneesInput): Promise<AssigneeList> {
      if (!can(actor, 'assignee.list')) throw forbidden(refusalReason(actor, 'assignee.list'));
      const q = input.q?.toLowerCase();
      const users = (await strapi.db.query(UID.user).findMany({
        where: {
          role: { type: { $in: ASSIGNABLE_ROLE_TYPES } },
          blocked: { $ne: true },
          ...(q ? { $or: [{ username: { $containsi: q } }, { email: { $containsi: q } }] } : {}),
        },
        select: ['documentId', 'username', 'email'],
        populate: { role: { select: ['type'] } },
        orderBy: { username: 'asc' },
        limit: 200,
      })) as Array<{ documentId: string; username: string; email: string; role: { type: string } }>;
      const groups = (await strapi.db.query(UID.group).findMany({
        where: q ? { name: { $containsi: q } } : {},
        select: ['documentId', 'name'],
        orderBy: { name: 'asc' },
        limit: 200,
      })) as Array<{ documentId: string; name: string }>;
      return {
        users: users.map((u) => ({
          id: u.documentId,
          name: u.username,
          email: u.email,
          role: roleFromType(u.role.type) as 'staff' | 'admin',
        })),
        groups: groups.map((g) => ({ id: g.documentId, name: g.name })),
      };
    },
  };
};
