import type { TicketScope } from '../authz/rules';
import type { TicketSummaryRow } from '../database/ticket-list-query';
import type { PersonRef, Ref, StatusRef, TicketSummary } from './views';
import { NO_SLA, SLA_TIME_COLUMNS, type SlaTimes } from '../service-levels/clocks';
import { slaViewOf } from '../service-levels/view';

/** A ticket with its related records, as the services work with it (see rowFromJoined). */
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
  /** The service-level clocks (service-levels/clocks.ts). */
  sla: SlaTimes;
  /** By name, case-insensitively. */
  tags?: TagRef[];
}

/** A tag as a ticket carries it: public id and name. */
export interface TagRef {
  documentId: string;
  name: string;
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

/** `now` decides the service-level state (ok, due soon, breached): the help desk's clock, never the caller's. */
export const toSummary = (row: TicketRow, now: Date): TicketSummary => ({
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
  tags: (row.tags ?? []).map((t) => ({ id: t.documentId, name: t.name })),
  created_at: iso(row.createdAt) as string,
  updated_at: iso(row.updatedAt) as string,
  last_activity_at: iso(row.last_activity_at ?? row.createdAt) as string,
  resolved_at: iso(row.resolved_at),
  sla: slaViewOf(row.sla, row.ticket_status?.kind ?? null, now),
});

type Joined = TicketSummaryRow;

/** The tags column of the joined query: JSON text on SQLite, already parsed on PostgreSQL. */
const tagsOf = (value: unknown): TagRef[] => {
  const pairs = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Array<[string, string]>;
  return pairs.map(([documentId, name]) => ({ documentId, name }));
};

const joinedNamed = (row: Joined, alias: string): NamedRow | null =>
  row[`${alias}_id`] != null
    ? { id: Number(row[`${alias}_id`]), documentId: row[`${alias}_document_id`] as string, name: row[`${alias}_name`] as string }
    : null;

const user = (row: Joined, alias: string): UserRow | null =>
  row[`${alias}_id`] != null
    ? { id: Number(row[`${alias}_id`]), documentId: row[`${alias}_document_id`] as string, username: row[`${alias}_username`] as string }
    : null;

/** A row of the joined ticket query (database/ticket-list-query.ts) in the shape the services work with. */
export const rowFromJoined = (row: Joined): TicketRow => ({
  id: Number(row.id),
  documentId: row.document_id,
  subject: row.subject,
  ...(row.description !== undefined ? { description: row.description } : {}),
  priority: row.priority as TicketSummary['priority'],
  resolved_at: row.resolved_at as TicketRow['resolved_at'],
  last_activity_at: row.last_activity_at as TicketRow['last_activity_at'],
  createdAt: row.created_at as TicketRow['createdAt'],
  updatedAt: row.updated_at as TicketRow['updatedAt'],
  ticket_status:
    row.st_id != null
      ? {
          id: Number(row.st_id),
          documentId: row.st_document_id as string,
          name: row.st_name as string,
          kind: row.st_kind as StatusRef['kind'],
          sort_order: Number(row.st_sort_order),
          is_default: Boolean(row.st_is_default),
        }
      : null,
  category: joinedNamed(row, 'ca'),
  type: joinedNamed(row, 'ty'),
  item: joinedNamed(row, 'it'),
  submitter: user(row, 'su'),
  assignee: user(row, 'asg'),
  group: joinedNamed(row, 'gr'),
  tags: tagsOf(row.tags),
  sla: slaTimesOf(row as { [K in keyof SlaTimes]?: unknown }),
});

/** Dates come back as Dates (PostgreSQL) or milliseconds (SQLite). */
const dateOf = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string | number | Date);

export const slaTimesOf = (row: { [K in keyof SlaTimes]?: unknown }): SlaTimes => {
  const times = { ...NO_SLA };
  for (const column of SLA_TIME_COLUMNS) times[column] = dateOf(row[column]);
  return times;
};

export const summaryFromJoinedRow = (row: Joined, now: Date): TicketSummary => toSummary(rowFromJoined(row), now);
