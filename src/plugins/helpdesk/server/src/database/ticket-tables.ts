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
  status: LinkTable;
  category: LinkTable;
  submitter: LinkTable;
  assignee: LinkTable;
  group: LinkTable;
  linked: LinkTable;
  replyTicket: LinkTable;
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
export const ticketTables = (strapi: Core.Strapi): TicketTables => {
  const replyTicket = link(strapi, UID.reply, 'ticket');
  return {
    tickets: (strapi.db.metadata.get(UID.ticket) as unknown as { tableName: string }).tableName,
    status: link(strapi, UID.ticket, 'ticket_status'),
    category: link(strapi, UID.ticket, 'category'),
    submitter: link(strapi, UID.ticket, 'submitter'),
    assignee: link(strapi, UID.ticket, 'assignee'),
    group: link(strapi, UID.ticket, 'group'),
    linked: link(strapi, UID.ticket, 'linked_tickets'),
    // For replies the "ticket" side is the inverse column.
    replyTicket: { table: replyTicket.table, ticket: replyTicket.other, other: replyTicket.ticket },
  };
};
