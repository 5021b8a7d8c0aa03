import type { Core } from '@strapi/strapi';
import { HelpdeskError } from '../errors';
import {
  DEMO_ACCOUNTS,
  DEMO_CATEGORIES,
  DEMO_GROUPS,
  DEMO_PASSWORD,
  DEMO_SCENARIOS,
  DEMO_TAGS,
  DEMO_TYPES,
  type DemoGroup,
} from '../demo/data';
import { planTicket, type StatusKind } from '../demo/threads';
import { UID } from '../uids';
import type { AccountView, CategoryView } from './accounts';
import { service } from './registry';
import { helpdeskTransaction } from '../write-path/permit';
import { counterFor } from '../service-levels/business-time';
import { afterFirstResponse, afterStatusChange, startClocks, type SlaTimes } from '../service-levels/clocks';
import type { Priority } from '../service-levels/policy';
import { columnsOf } from './service-levels';

export interface DemoCounts {
  groups: number;
  accounts: number;
  categories: number;
  items: number;
  types: number;
  tags: number;
  tickets: number;
  replies: number;
}

export interface DemoResult {
  /** What this run added; all zero when the demo was already loaded. */
  created: DemoCounts;
  /** What the database holds afterwards, demo or not. */
  totals: DemoCounts;
}

interface Row {
  id: number;
  documentId: string;
}

/**
 * A relation by public id, in long form: the document service reads a bare string that parses as a number as a row
 * id, and every ULID starts with a digit.
 */
const ref = (documentId: string | undefined) => (documentId ? { documentId } : null);

const zero = (): DemoCounts => ({ groups: 0, accounts: 0, categories: 0, items: 0, types: 0, tags: 0, tickets: 0, replies: 0 });

/**
 * Loads the demo help desk. Every record is found by its natural key before it is created (emails, names, a
 * ticket's subject and submitter), so a second run, or a run after an interrupted one, only fills what is missing.
 * Records an admin has since changed (a category's group, an account's role) are used as they are.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const accounts = () => service(strapi, 'accounts');

  const ensureByName = async (uid: typeof UID.type | typeof UID.item | typeof UID.tag, data: Record<string, unknown>, where: Record<string, unknown>) => {
    const existing = (await strapi.db.query(uid).findOne({ where, select: ['id', 'documentId'] })) as Row | null;
    if (existing) return { row: existing, created: false };
    return { row: (await strapi.documents(uid).create({ data })) as unknown as Row, created: true };
  };

  const statusesByKind = async (): Promise<Record<StatusKind, string>> => {
    const rows = (await strapi.db.query(UID.status).findMany({
      select: ['documentId', 'kind'],
      orderBy: [{ sort_order: 'asc' }, { id: 'asc' }],
    })) as Array<{ documentId: string; kind: StatusKind }>;
    const byKind: Partial<Record<StatusKind, string>> = {};
    for (const row of rows) byKind[row.kind] ??= row.documentId;
    const kinds: StatusKind[] = ['new', 'open', 'pending', 'resolved', 'closed'];
    const missing = kinds.filter((k) => !byKind[k]);
    if (missing.length > 0) {
      throw new HelpdeskError('conflict', `The demo needs a status of each kind; none is of kind ${missing.join(', ')}.`);
    }
    return byKind as Record<StatusKind, string>;
  };

  const existingTickets = async (): Promise<Set<string>> => {
    const rows = (await strapi.db.query(UID.ticket).findMany({
      where: { subject: { $in: DEMO_SCENARIOS.map((s) => s[4]) } },
      select: ['subject'],
      populate: { submitter: { select: ['email'] } },
    })) as Array<{ subject: string; submitter: { email: string } | null }>;
    return new Set(rows.map((r) => `${r.subject}\n${r.submitter?.email ?? ''}`));
  };

  const totals = async (): Promise<DemoCounts> => {
    const count = (uid: string) => strapi.db.query(uid).count({});
    const [groups, accountCount, categories, items, types, tags, tickets, replies] = await Promise.all(
      [UID.group, UID.user, UID.category, UID.item, UID.type, UID.tag, UID.ticket, UID.reply].map(count),
    );
    return { groups, accounts: accountCount, categories, items, types, tags, tickets, replies };
  };

  return {
    async load(): Promise<DemoResult> {
      const created = zero();

      for (const name of DEMO_GROUPS) {
        if ((await accounts().ensureGroup({ name })).created) created.groups += 1;
      }

      const people = new Map<string, AccountView>();
      for (const account of DEMO_ACCOUNTS) {
        const result = await accounts().ensureAccount({ ...account, password: DEMO_PASSWORD });
        people.set(account.email, result.value);
        if (result.created) created.accounts += 1;
      }
      const staffOf = (group: DemoGroup): AccountView[] =>
        DEMO_ACCOUNTS.filter((a) => a.role === 'staff' && a.group === group).map((a) => people.get(a.email) as AccountView);
      const users = DEMO_ACCOUNTS.filter((a) => a.role === 'user').map((a) => people.get(a.email) as AccountView);

      const types = new Map<string, string>();
      for (const type of DEMO_TYPES) {
        const result = await ensureByName(UID.type, { ...type }, { name: { $eqi: type.name } });
        types.set(type.name, result.row.documentId);
        if (result.created) created.types += 1;
      }

      const tags = new Map<string, string>();
      for (const tag of DEMO_TAGS) {
        const result = await ensureByName(UID.tag, { name: tag.name, description: tag.description }, { name: { $eqi: tag.name } });
        tags.set(tag.name, result.row.documentId);
        if (result.created) created.tags += 1;
      }
      const tagsOf = (i: number) =>
        DEMO_TAGS.filter((t) => i % t.every === t.offset).map((t) => ({ documentId: tags.get(t.name) as string }));

      const categories = new Map<string, CategoryView>();
      const items = new Map<string, string>();
      for (const category of DEMO_CATEGORIES) {
        const result = await accounts().ensureCategory({
          name: category.name,
          description: category.description,
          group: category.group,
        });
        categories.set(category.name, result.value);
        if (result.created) created.categories += 1;
        for (const name of category.items) {
          const item = await ensureByName(
            UID.item,
            { name, category: ref(result.value.id) },
            { name: { $eqi: name }, category: { documentId: result.value.id } },
          );
          items.set(`${category.name}/${name}`, item.row.documentId);
          if (item.created) created.items += 1;
        }
      }

      const statuses = await statusesByKind();
      const present = await existingTickets();
      const now = Date.now();
      const levels = await service(strapi, 'service-levels').policy();
      const counter = counterFor(levels);

      for (const [i, [categoryName, itemName, typeName, priority, subject, description]] of DEMO_SCENARIOS.entries()) {
        const submitter = users[i % users.length];
        if (present.has(`${subject}\n${submitter.email}`)) continue;

        const demoCategory = DEMO_CATEGORIES.find((c) => c.name === categoryName);
        const category = categories.get(categoryName);
        if (!demoCategory || !category) throw new Error(`demo data: unknown category ${categoryName}`);
        const plan = planTicket(i, now);
        const staff = staffOf(demoCategory.group);
        const assignee = plan.assigneeSlot === null ? null : staff[plan.assigneeSlot];
        const staffAuthor = assignee ?? staff[i % staff.length];
        // The clocks as the app would have moved them: opened, answered by staff, then paused or stopped.
        let clocks: SlaTimes = startClocks(levels, counter, priority as Priority, plan.createdAt);
        const firstAnswer = plan.replies.find((r) => r.by === 'staff' && !r.isInternal);
        if (firstAnswer) clocks = afterFirstResponse(clocks, firstAnswer.at);
        if (plan.kind !== 'new' && plan.kind !== 'open') clocks = afterStatusChange(clocks, plan.kind, plan.lastActivityAt, counter);

        // One transaction per ticket: an interrupted run never leaves a ticket without its thread.
        await helpdeskTransaction(strapi, async () => {
          const ticket = (await strapi.documents(UID.ticket).create({
            data: {
              subject,
              description,
              priority,
              ticket_status: ref(statuses[plan.kind]),
              category: ref(category.id),
              type: ref(types.get(typeName)),
              item: ref(itemName ? items.get(`${categoryName}/${itemName}`) : undefined),
              submitter: ref(submitter.id),
              assignee: ref(assignee?.id),
              group: ref(category.default_group?.id),
              tags: { connect: tagsOf(i) },
              resolved_at: plan.resolvedAt,
              last_activity_at: plan.lastActivityAt,
              createdAt: plan.createdAt,
              updatedAt: plan.lastActivityAt,
              ...columnsOf(clocks),
            },
          })) as unknown as Row;
          for (const reply of plan.replies) {
            await strapi.documents(UID.reply).create({
              data: {
                ticket: ref(ticket.documentId),
                author: ref(reply.by === 'submitter' ? submitter.id : staffAuthor.id),
                body: reply.body,
                is_internal: reply.isInternal,
                createdAt: reply.at,
                updatedAt: reply.at,
              },
            });
          }
        });
        created.tickets += 1;
        created.replies += plan.replies.length;
      }

      return { created, totals: await totals() };
    },
  };
};
