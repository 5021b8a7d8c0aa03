import type { TicketScope } from '../authz/rules';
import type { TicketSummaryRow } from '../database/ticket-list-query';
import type { PersonRef, Ref, StatusRef, TicketSummary } from './views';

/** A ticket as `strapi.db.query` returns it with SUMMARY_POPULATE. */
export interface TicketRow {
  id: number;
  documentId: string;
  subject: string;
  description?: string;
  priority: TicketSummary['priority'];
  resolved_at: string | number | Date | null;
  last_activity_at: string | number | Date | null;
  createdAt: string | number | Date;
  updatedAt: string | number | Date;
  ticket_status?: StatusRow | null;
  category?: NamedRow | null;
  type?: NamedRow | null;
  item?: NamedRow | null;
  submitter?: UserRow | null;
  assignee?: UserRow | null;
  group?: NamedRow | null;
}

export interface NamedRow {
  id: number;
  documentId: string;
  name: string;
}
export interface StatusRow extends NamedRow {
  kind: StatusRef['kind'];
  sort_order: number;
  is_default: boolean;
}
export interface UserRow {
  id: number;
  documentId: string;
  username: string;
  email?: string;
}

const named = { select: ['id', 'documentId', 'name'] };
export const SUMMARY_FIELDS = ['id', 'documentId', 'subject', 'priority', 'resolved_at', 'last_activity_at', 'createdAt', 'updatedAt'];
export const SUMMARY_POPULATE = {
  ticket_status: { select: ['id', 'documentId', 'name', 'kind', 'sort_order', 'is_default'] },
  category: named,
  type: named,
  item: named,
  submitter: { select: ['id', 'documentId', 'username'] },
  assignee: { select: ['id', 'documentId', 'username'] },
  group: named,
};

export const iso = (value: string | number | Date | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

export const ref = (row: NamedRow | null | undefined): Ref | null => (row ? { id: row.documentId, name: row.name } : null);
export const statusRef = (row: StatusRow | null | undefined): StatusRef | null =>
  row ? { id: row.documentId, name: row.name, kind: row.kind } : null;
export const person = (row: UserRow | null | undefined): PersonRef | null =>
  row ? { id: row.documentId, name: row.username } : null;

export const scopeOf = (row: TicketRow): TicketScope => ({
  submitterId: row.submitter?.id ?? null,
  assigneeId: row.assignee?.id ?? null,
  groupId: row.group?.id ?? null,
});

export const toSummary = (row: TicketRow): TicketSummary => ({
  id: row.documentId,
  subject: row.subject,
  status: statusRef(row.ticket_status),
  priority: row.priority,
  category: ref(row.category),
  type: ref(row.type),
  item: ref(row.item),
  submitter: person(row.submitter),
  assignee: person(row.assignee),
  group: ref(row.group),
  created_at: iso(row.createdAt) as string,
  updated_at: iso(row.updatedAt) as string,
  last_activity_at: iso(row.last_activity_at ?? row.createdAt) as string,
  resolved_at: iso(row.resolved_at),
});

const joined = (row: Record<string, unknown>, alias: string, nameColumn = 'name'): Ref | null =>
  row[`${alias}_document_id`] ? { id: row[`${alias}_document_id`] as string, name: row[`${alias}_${nameColumn}`] as string } : null;

/** A row of the joined list query (database/ticket-list-query.ts) as a summary. */
export const summaryFromJoinedRow = (row: TicketSummaryRow): TicketSummary => ({
  id: row.document_id,
  subject: row.subject,
  status: row.st_document_id
    ? { id: row.st_document_id as string, name: row.st_name as string, kind: row.st_kind as StatusRef['kind'] }
    : null,
  priority: row.priority as TicketSummary['priority'],
  category: joined(row, 'ca'),
  type: joined(row, 'ty'),
  item: joined(row, 'it'),
  submitter: joined(row, 'su', 'username'),
  assignee: joined(row, 'asg', 'username'),
  group: joined(row, 'gr'),
  created_at: iso(row.created_at as string) as string,
  updated_at: iso(row.updated_at as string) as string,
  last_activity_at: iso((row.last_activity_at ?? row.created_at) as string) as string,
  resolved_at: iso(row.resolved_at as string | null),
});
