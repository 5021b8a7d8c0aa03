import type { Core } from '@strapi/strapi';
import { ticketTables } from './ticket-tables';

/**
 * Indexes for every list filter and scope rule Strapi does not create itself. Strapi indexes each join table's
 * two columns; what it lacks is the ordering column (newest activity first), the scalar filters, the audit
 * history of a ticket, and the lookups by key prefix and idempotency key. CREATE INDEX IF NOT EXISTS works on
 * SQLite and PostgreSQL, so this is idempotent and runs at every start.
 */
export const ensureQueryIndexes = async (strapi: Core.Strapi): Promise<void> => {
  const t = ticketTables(strapi);
  const statements: Array<[name: string, table: string, columns: string[], unique?: boolean]> = [
    ['helpdesk_tickets_activity_idx', t.tickets, ['last_activity_at', 'id']],
    ['helpdesk_tickets_priority_idx', t.tickets, ['priority', 'last_activity_at']],
    ['helpdesk_tickets_updated_idx', t.tickets, ['updated_at']],
    // Service levels: the due sort and state filters walk the first; the breach sweep reads the second.
    ['helpdesk_tickets_sla_due_idx', t.tickets, ['sla_due_at', 'id']],
    ['helpdesk_tickets_sla_breach_idx', t.tickets, ['sla_breach_check_at']],
    ['helpdesk_status_lnk_status_ticket_idx', t.status.table, [t.status.other, t.status.ticket]],
    ['helpdesk_group_lnk_group_ticket_idx', t.group.table, [t.group.other, t.group.ticket]],
    ['helpdesk_assignee_lnk_user_ticket_idx', t.assignee.table, [t.assignee.other, t.assignee.ticket]],
    ['helpdesk_submitter_lnk_user_ticket_idx', t.submitter.table, [t.submitter.other, t.submitter.ticket]],
    ['helpdesk_category_lnk_category_ticket_idx', t.category.table, [t.category.other, t.category.ticket]],
    // The tag filter walks a tag's tickets (or counts them, to choose its plan) from this one.
    ['helpdesk_tags_lnk_tag_ticket_idx', t.tags.table, [t.tags.other, t.tags.ticket]],
    ['helpdesk_audit_ticket_idx', t.audits, ['ticket_id', 'created_at']],
    ['helpdesk_audit_created_idx', t.audits, ['created_at']],
    ['helpdesk_api_keys_prefix_idx', t.apiKeys, ['prefix'], true],
    ['helpdesk_idempotency_scope_idx', t.idempotencyRecords, ['scope_key'], true],
    ['helpdesk_oauth_key_idx', t.oauthRecords, ['record_key'], true],
    ['helpdesk_oauth_grant_idx', t.oauthRecords, ['grant_id']],
    ['helpdesk_oauth_uid_idx', t.oauthRecords, ['uid']],
    ['helpdesk_oauth_expiry_idx', t.oauthRecords, ['expires_at']],
    ['helpdesk_connections_grant_idx', t.connections, ['grant_id'], true],
  ];
  const knex = strapi.db.connection;
  for (const [name, table, columns, unique] of statements) {
    const cols = columns.map((c) => knex.raw('??', [c]).toQuery()).join(', ');
    await knex.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${cols})`, [name, table]);
  }
  // Tag names are unique whatever their case: the database holds to it even when two admins save at once
  // (write-path/tag-names.ts says so in words first). LOWER folds the same way on both databases for ASCII.
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (LOWER(??))', ['helpdesk_tags_name_lower_idx', t.tagRecords, 'name']);
};
