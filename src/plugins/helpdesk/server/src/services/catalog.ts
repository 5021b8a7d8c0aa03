import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden } from '../errors';
import { UID } from '../uids';
import { ref, type NamedRow, type StatusRow } from './ticket-rows';
import type { CategoryView, StatusView, TypeView } from './views';

type Described = NamedRow & { description: string | null };

/** Categories (with their items), types and statuses: what a ticket can be filed and moved under. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const allow = (actor: Actor) => {
    if (!can(actor, 'catalog.read')) throw forbidden(refusalReason(actor, 'catalog.read'));
  };

  return {
    async categories(actor: Actor): Promise<CategoryView[]> {
      allow(actor);
      const rows = (await strapi.db.query(UID.category).findMany({
        select: ['id', 'documentId', 'name', 'description'],
        populate: {
          default_group: { select: ['id', 'documentId', 'name'] },
          items: { select: ['id', 'documentId', 'name', 'description'], orderBy: { name: 'asc' } },
        },
        orderBy: { name: 'asc' },
      })) as Array<Described & { default_group: NamedRow | null; items: Described[] }>;
      return rows.map((c) => ({
        id: c.documentId,
        name: c.name,
        description: c.description ?? null,
        default_group: ref(c.default_group),
        items: (c.items ?? []).map((i) => ({ id: i.documentId, name: i.name, description: i.description ?? null })),
      }));
    },

    async types(actor: Actor): Promise<TypeView[]> {
      allow(actor);
      const rows = (await strapi.db.query(UID.type).findMany({
        select: ['documentId', 'name', 'description'],
        orderBy: { name: 'asc' },
      })) as Described[];
      return rows.map((t) => ({ id: t.documentId, name: t.name, description: t.description ?? null }));
    },

    async statuses(actor: Actor): Promise<StatusView[]> {
      allow(actor);
      const rows = (await strapi.db.query(UID.status).findMany({
        select: ['documentId', 'name', 'kind', 'sort_order', 'is_default'],
        orderBy: [{ sort_order: 'asc' }, { id: 'asc' }],
      })) as StatusRow[];
      return rows.map((s) => ({
        id: s.documentId,
        name: s.name,
        kind: s.kind,
        sort_order: s.sort_order,
        is_default: Boolean(s.is_default),
      }));
    },
  };
};
