import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { canChangeCanned, canSeeCanned, refusalReason, roleAllows, type Action, type CannedScope, type CannedVisibility } from '../authz/rules';
import { forbidden, HelpdeskError, invalid, notFound } from '../errors';
import type { CreateCannedInput, ListCannedInput, RenderCannedInput, UpdateCannedInput } from '../validation/canned-responses';
import { UID } from '../uids';
import { helpdeskTransaction } from '../write-path/permit';
import { fillPlaceholders, type PlaceholderValues } from './canned-placeholders';
import { service } from './registry';
import { iso, person, ref, type NamedRow, type UserRow } from './ticket-rows';
import type { PersonRef, Ref } from './views';

export interface CannedResponseView {
  id: string;
  title: string;
  body: string;
  visibility: CannedVisibility;
  group: Ref | null;
  owner: PersonRef | null;
  /** Whether the caller may edit and delete it (its owner, or an admin). */
  can_edit: boolean;
  created_at: string;
  updated_at: string;
}

export interface RenderedCannedResponse {
  response_id: string;
  ticket_id: string;
  title: string;
  text: string;
}

interface CannedRow {
  id: number;
  documentId: string;
  title: string;
  body: string;
  visibility: CannedVisibility;
  createdAt: string | Date;
  updatedAt: string | Date;
  owner: UserRow | null;
  group: NamedRow | null;
}

const POPULATE = {
  owner: { select: ['id', 'documentId', 'username'] },
  group: { select: ['id', 'documentId', 'name'] },
};

const scopeOf = (row: CannedRow): CannedScope => ({ ownerId: row.owner?.id ?? null, visibility: row.visibility, groupId: row.group?.id ?? null });

/**
 * Which responses the actor sees, as a database filter (the rule of canSeeCanned in authz/rules.ts, which tests
 * hold it to): their own, those shared with everyone, those of their groups; admins every shared one.
 */
const visibleWhere = (actor: Actor): Record<string, unknown> => {
  const shared =
    actor.role === 'admin'
      ? [{ visibility: { $in: ['everyone', 'group'] } }]
      : [{ visibility: 'everyone' }, ...(actor.groupInternalIds.length > 0 ? [{ visibility: 'group', group: { id: { $in: actor.groupInternalIds } } }] : [])];
  return { $or: [{ owner: { id: actor.internalId } }, ...shared] };
};

/**
 * Canned responses: reusable replies staff insert into the composer, filled from a ticket. Reading needs the role
 * (users never see them), each response its visibility; changing one needs to own it, or to be an admin. Every
 * change is audited; a render posts nothing (replies go through reply_to_ticket, reviewed by a person).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => service(strapi, 'audit');
  const query = () => strapi.db.query(UID.cannedResponse);

  const allow = (actor: Actor, action: Action) => {
    if (!roleAllows(actor, action)) throw forbidden(refusalReason(actor, action));
  };

  const refuse = async (actor: Actor, action: string, responseId: string, error: HelpdeskError): Promise<never> => {
    await audit().refused(actor, { action, errorCode: error.code, details: { canned_response_id: responseId } });
    throw error;
  };

  const view = (actor: Actor, row: CannedRow): CannedResponseView => ({
    id: row.documentId,
    title: row.title,
    body: row.body,
    visibility: row.visibility,
    group: ref(row.group),
    owner: person(row.owner),
    can_edit: canChangeCanned(actor, scopeOf(row)),
    created_at: iso(row.createdAt) as string,
    updated_at: iso(row.updatedAt) as string,
  });

  /** A response the actor sees, or not_found: one they may not see answers exactly like one that does not exist. */
  const visible = async (actor: Actor, action: string, responseId: string): Promise<CannedRow> => {
    const row = (await query().findOne({ where: { documentId: responseId }, populate: POPULATE })) as CannedRow | null;
    if (!row || !canSeeCanned(actor, scopeOf(row))) return refuse(actor, action, responseId, notFound('canned response'));
    return row;
  };

  /** The group a response is shared with: one that exists, and for staff one of their own groups. */
  const groupFor = async (actor: Actor, groupId: string): Promise<NamedRow> => {
    const group = (await strapi.db.query(UID.group).findOne({ where: { documentId: groupId }, select: ['id', 'documentId', 'name'] })) as NamedRow | null;
    if (!group) throw invalid([{ field: 'group_id', rule: 'exists', message: 'is not a group; see list_assignees for the groups' }]);
    if (actor.role !== 'admin' && !actor.groupInternalIds.includes(group.id)) {
      throw invalid([{ field: 'group_id', rule: 'member_of', message: 'must be one of your own groups' }]);
    }
    return group;
  };

  /**
   * The group a response has once updated, judged with its visibility as it will be: a group response keeps its group
   * unless given another (one the caller may share with); any other response has none.
   */
  const groupAfterUpdate = async (actor: Actor, row: CannedRow, visibility: CannedVisibility, groupId: string | null | undefined): Promise<NamedRow | null> => {
    const next = groupId !== undefined ? groupId : visibility === 'group' ? (row.group?.documentId ?? null) : null;
    if (visibility === 'group' && !next) throw invalid([{ field: 'group_id', rule: 'required', message: 'is required when visibility is "group"' }]);
    if (visibility !== 'group' && next) throw invalid([{ field: 'group_id', rule: 'rule', message: 'must be null unless visibility is "group"' }]);
    if (!next) return null;
    return next === row.group?.documentId ? row.group : groupFor(actor, next);
  };

  const changeable = async (actor: Actor, action: string, responseId: string): Promise<CannedRow> => {
    allow(actor, 'canned.manage');
    const row = await visible(actor, action, responseId);
    if (!canChangeCanned(actor, scopeOf(row))) {
      return refuse(actor, action, responseId, forbidden('Only its owner or a help-desk admin may change this canned response.'));
    }
    return row;
  };

  const reload = async (id: number): Promise<CannedRow> => (await query().findOne({ where: { id }, populate: POPULATE })) as CannedRow;

  return {
    async list(actor: Actor, input: ListCannedInput): Promise<{ canned_responses: CannedResponseView[] }> {
      allow(actor, 'canned.read');
      const text = input.q ? [{ $or: [{ title: { $containsi: input.q } }, { body: { $containsi: input.q } }] }] : [];
      const rows = (await query().findMany({
        where: { $and: [visibleWhere(actor), ...text] },
        populate: POPULATE,
        orderBy: [{ title: 'asc' }, { id: 'asc' }],
        limit: input.limit,
      })) as CannedRow[];
      return { canned_responses: rows.map((row) => view(actor, row)) };
    },

    async get(actor: Actor, responseId: string): Promise<CannedResponseView> {
      allow(actor, 'canned.read');
      return view(actor, await visible(actor, 'canned.read', responseId));
    },

    async create(actor: Actor, input: CreateCannedInput): Promise<CannedResponseView> {
      allow(actor, 'canned.manage');
      const group = input.group_id ? await groupFor(actor, input.group_id) : null;
      return helpdeskTransaction(strapi, async () => {
        const created = (await query().create({
          data: { title: input.title, body: input.body, visibility: input.visibility, group: group?.id ?? null, owner: actor.internalId, publishedAt: new Date() },
        })) as { id: number; documentId: string };
        await audit().record(actor, {
          action: 'canned.create',
          outcome: 'allowed',
          details: { canned_response_id: created.documentId, title: input.title, visibility: input.visibility, group: group?.name ?? null },
        });
        return view(actor, await reload(created.id));
      });
    },

    async update(actor: Actor, responseId: string, input: UpdateCannedInput): Promise<CannedResponseView> {
      const row = await changeable(actor, 'canned.update', responseId);
      const visibility = input.visibility ?? row.visibility;
      const group = await groupAfterUpdate(actor, row, visibility, input.group_id);
      const data = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.body !== undefined ? { body: input.body } : {}), visibility, group: group?.id ?? null };
      const changed = [
        ...(input.title !== undefined && input.title !== row.title ? ['title'] : []),
        ...(input.body !== undefined && input.body !== row.body ? ['body'] : []),
        ...(visibility !== row.visibility ? ['visibility'] : []),
        ...((group?.id ?? null) !== (row.group?.id ?? null) ? ['group'] : []),
      ];
      return helpdeskTransaction(strapi, async () => {
        await query().update({ where: { id: row.id }, data });
        if (changed.length > 0) {
          await audit().record(actor, {
            action: 'canned.update',
            outcome: 'allowed',
            details: { canned_response_id: row.documentId, title: input.title ?? row.title, visibility, group: group?.name ?? null, changed },
          });
        }
        return view(actor, await reload(row.id));
      });
    },

    async remove(actor: Actor, responseId: string): Promise<{ id: string; deleted: true }> {
      const row = await changeable(actor, 'canned.delete', responseId);
      return helpdeskTransaction(strapi, async () => {
        await query().delete({ where: { id: row.id } });
        await audit().record(actor, {
          action: 'canned.delete',
          outcome: 'allowed',
          details: { canned_response_id: row.documentId, title: row.title, visibility: row.visibility, owner: row.owner?.documentId ?? null },
        });
        return { id: row.documentId, deleted: true as const };
      });
    },

    /**
     * The response's text filled from a ticket the actor may read: nothing is posted. A ticket out of scope and a
     * response the actor does not see both answer not_found, like ids that do not exist.
     */
    async render(actor: Actor, input: RenderCannedInput): Promise<RenderedCannedResponse> {
      allow(actor, 'canned.read');
      const ticket = await service(strapi, 'tickets').authorize(actor, 'ticket.read', input.ticket_id);
      const row = await visible(actor, 'canned.read', input.response_id);
      const values: PlaceholderValues = {
        'ticket.id': ticket.documentId,
        'ticket.subject': ticket.subject,
        'ticket.status': ticket.ticket_status?.name ?? '',
        'ticket.priority': ticket.priority,
        'ticket.category': ticket.category?.name ?? '',
        'submitter.name': person(ticket.submitter)?.name ?? '',
        'agent.name': (await service(strapi, 'replies').authorName(actor)) ?? '',
      };
      return { response_id: row.documentId, ticket_id: ticket.documentId, title: row.title, text: fillPlaceholders(row.body, values) };
    },
  };
};
