import type { SlaView } from '../service-levels/view';

/** What the services return: compact, public ids only, the fields a person or an assistant needs. */
export interface Ref {
  id: string;
  name: string;
}

export interface StatusRef extends Ref {
  kind: 'new' | 'open' | 'pending' | 'resolved' | 'closed';
}

export interface PersonRef {
  id: string;
  name: string;
  email?: string;
}

export interface TicketSummary {
  id: string;
  subject: string;
  status: StatusRef | null;
  priority: 'Critical' | 'High' | 'Medium' | 'Low';
  category: Ref | null;
  type: Ref | null;
  item: Ref | null;
  submitter: PersonRef | null;
  assignee: PersonRef | null;
  group: Ref | null;
  /** Sorted by name. */
  tags: Ref[];
  created_at: string;
  updated_at: string;
  last_activity_at: string;
  resolved_at: string | null;
  /** Due times and state of the service level; null for a ticket opened before service levels existed. */
  sla: SlaView | null;
}

/** A file sent with a message: what a person or an assistant needs to decide whether to fetch it. */
export interface AttachmentView {
  id: string;
  name: string;
  /** The stored MIME type, checked against the content when it was added. */
  type: string;
  size: number;
  created_at: string;
}

export interface ReplyView {
  id: string;
  author: PersonRef | null;
  body: string;
  is_internal: boolean;
  created_at: string;
  attachments: AttachmentView[];
}

export interface HistoryEntry {
  at: string;
  actor: PersonRef | null;
  event: 'created' | 'status_changed' | 'assigned' | 'linked' | 'unlinked' | 'reopened' | 'tags_changed' | 'sla_breached';
  from?: string | null;
  to?: string | null;
  ticket_id?: string;
  /** For tags_changed: the tags put on and taken off, by name. */
  added?: string[];
  removed?: string[];
  /** For sla_breached: which target was missed. */
  clock?: 'first_response' | 'resolution';
}

export interface TicketDetail extends TicketSummary {
  description: string;
  /** The files sent with the description. */
  attachments: AttachmentView[];
  replies: ReplyView[];
  linked_tickets: Array<{ id: string; subject: string; status: StatusRef | null }>;
  history: HistoryEntry[];
  /** The statuses the caller may move the ticket to now (empty for users). */
  allowed_next_statuses: StatusRef[];
  /** For a resolved ticket: until when a reply from the submitter reopens it. */
  reopen_until: string | null;
}

export interface TicketPage {
  tickets: TicketSummary[];
  next_cursor: string | null;
}

export interface CategoryView extends Ref {
  description: string | null;
  default_group: Ref | null;
  items: Array<Ref & { description: string | null }>;
}

export interface TypeView extends Ref {
  description: string | null;
}

export interface TagView extends Ref {
  description: string | null;
}

export interface StatusView extends StatusRef {
  sort_order: number;
  is_default: boolean;
}

export interface AssigneeList {
  users: Array<PersonRef & { role: 'staff' | 'admin' }>;
  groups: Ref[];
}

export interface MeView {
  id: string;
  name: string;
  email: string;
  role: 'user' | 'staff' | 'admin';
  groups: Ref[];
  credential: { kind: string; name: string };
  read_only: boolean;
}

export interface NextTicket {
  ticket: TicketSummary | null;
  reason: string;
}

export interface ReplyResult {
  reply: ReplyView;
  ticket: TicketSummary;
  reopened: boolean;
}

/** One attachment with where it belongs. */
export interface AttachmentDetail extends AttachmentView {
  ticket_id: string;
  /** The reply or note it was sent with; null for the ticket's description. */
  reply_id: string | null;
  is_internal: boolean;
}

/** One search_tickets hit: the ticket, which part of it matched, and the text around the match. */
export interface SearchHit {
  ticket: TicketSummary;
  matched: 'subject' | 'description' | 'reply' | 'note';
  /** Plain text, one line. */
  snippet: string;
  /** The reply or note that matched; null when the ticket's own text did. */
  reply_id: string | null;
}

export interface SearchPage {
  hits: SearchHit[];
  next_cursor: string | null;
  /** More matched than a search ranks: only the newest of them are in these pages. */
  truncated: boolean;
}
