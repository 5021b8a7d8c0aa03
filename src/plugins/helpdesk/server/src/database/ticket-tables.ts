import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

export interface LinkTable {
  table: string;
  /** Column holding the ticket's row id. */
  ticket: string;
  /** Column holding the related row id. */
  other: string;
}

export interface TicketTables {
  tickets: string;
  /** Tables of the records a ticket points to. */
  statuses: string;
  categories: string;
  types: string;
  items: string;
  users: string;
  groups: string;
  /** The tags themselves (`tags` is the ticket→tag link). */
  tagRecords: string;
  status: LinkTable;
  category: LinkTable;
  type: LinkTable;
  item: LinkTable;
  submitter: LinkTable;
  assignee: LinkTable;
  group: LinkTable;
  linked: LinkTable;
  /** A ticket's tags: any number per ticket. */
  tags: LinkTable;
  replies: string;
  /** The audit log, which holds each ticket's history. */
  audits: string;
  apiKeys: string;
  idempotencyRecords: string;
  oauthRecords: string;
  connections: string;
  replyTicket: LinkTable;
  replyAuthor: LinkTable;
}

const link = (strapi: Core.Strapi, uid: string, attribute: string): LinkTable => {
  const meta = strapi.db.metadata.get(uid) as unknown as { attributes: Record<string, { joinTable?: JoinTable }> };
  const joinTable = meta.attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`helpdesk: ${uid}.${attribute} has no join table`);
  return { table: joinTable.name, ticket: joinTable.joinColumn.name, other: joinTable.inverseJoinColumn.name };
};

/**
 * Strapi 5 keeps every relation in a join table; their names come from Strapi's own metadata, not from guesses,
 * so the hand-written list query and index set stay right if Strapi's naming changes.
 */
const tableOf = (strapi: Core.Strapi, uid: string): string =>
  (strapi.db.metadata.get(uid) as unknown as { tableName: string }).tableName;

const resolved = new WeakMap<Core.Strapi, TicketTables>();

/** Resolved once per app: the names cannot change while it runs. */
export const ticketTables = (strapi: Core.Strapi): TicketTables => {
  const known = resolved.get(strapi);
  if (known) return known;
  const tables = resolveTicketTables(strapi);
  resolved.set(strapi, tables);
  return tables;
};

const resolveTicketTables = (strapi: Core.Strapi): TicketTables => {
  const replyTicket = link(strapi, UID.reply, 'ticket');
  return {
    tickets: tableOf(strapi, UID.ticket),
    statuses: tableOf(strapi, UID.status),
    categories: tableOf(strapi, UID.category),
    types: tableOf(strapi, UID.type),
    items: tableOf(strapi, UID.item),
    users: tableOf(strapi, UID.user),
    groups: tableOf(strapi, UID.group),
    tagRecords: tableOf(strapi, UID.tag),
    status: link(strapi, UID.ticket, 'ticket_status'),
    category: link(strapi, UID.ticket, 'category'),
    type: link(strapi, UID.ticket, 'type'),
    item: link(strapi, UID.ticket, 'item'),
    submitter: link(strapi, UID.ticket, 'submitter'),
    assignee: link(strapi, UID.ticket, 'assignee'),
    group: link(strapi, UID.ticket, 'group'),
    linked: link(strapi, UID.ticket, 'linked_tickets'),
    tags: link(strapi, UID.ticket, 'tags'),
    replies: tableOf(strapi, UID.reply),
    audits: tableOf(strapi, UID.auditEvent),
    apiKeys: tableOf(strapi, UID.apiKey),
    idempotencyRecords: tableOf(strapi, UID.idempotencyRecord),
    oauthRecords: tableOf(strapi, UID.oauthRecord),
    connections: tableOf(strapi, UID.connection),
    // For replies the "ticket" side is the inverse column.
    replyTicket: { table: replyTicket.table, ticket: replyTicket.other, other: replyTicket.ticket },
    // Here "ticket" is the reply's column: the link from a reply to its author.
    replyAuthor: link(strapi, UID.reply, 'author'),
  };
};
