import knexFactory, { type Knex } from 'knex';
import type { TicketTables } from '../src/plugins/helpdesk/server/src/database/ticket-tables';
import type { Recorder } from './soak-record';

/**
 * After the traffic: reads the database directly (not through the app under test) and checks that every write the
 * server acknowledged is stored, that no retried create or reply was stored twice, and that every ticket's history
 * is one chain (each status change starts where the one before ended, and the last one ends where the ticket is
 * now; the same for assignments).
 */

export interface ChainReport {
  tickets: number;
  rows: number;
  /** A row whose `from` is not the previous row's `to`. */
  broken: Array<{ ticketId: string; auditRow: number; from: string | null; previousTo: string | null }>;
  /** The last row's `to` is not what the ticket holds now. */
  notCurrent: Array<{ ticketId: string; lastTo: string | null; now: string | null }>;
}

export interface WriteCheck {
  acknowledged: number;
  found: number;
  missing: string[];
}

export interface VerifyReport {
  creates: WriteCheck;
  replies: WriteCheck;
  statuses: WriteCheck;
  assigns: WriteCheck;
  /** Subjects / bodies of this run stored more than once: a retry that was not deduplicated. */
  duplicates: { tickets: string[]; replies: string[] };
  statusChains: ChainReport;
  assignmentChains: ChainReport;
  /** Creates and replies whose answer was lost and never retried to success: how many the database holds anyway. */
  unknownWrites: { total: number; stored: number };
  /** Lost writes, duplicates and broken chains: what fails the run. */
  failures: number;
}

/** A knex of the script's own on the run's database (the same settings config/database.ts reads). */
export const openDatabase = (env: Record<string, string>): Knex =>
  env.DATABASE_CLIENT === 'postgres'
    ? knexFactory({
        client: 'pg',
        connection: {
          host: env.DATABASE_HOST,
          port: Number(env.DATABASE_PORT),
          user: env.DATABASE_USERNAME,
          password: env.DATABASE_PASSWORD,
          database: env.DATABASE_NAME,
        },
        pool: { min: 0, max: 2 },
      })
    : knexFactory({ client: 'better-sqlite3', connection: { filename: env.DATABASE_FILENAME as string }, useNullAsDefault: true });

const chunks = <T>(list: T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
const detailsOf = (value: unknown): { from?: string | null; to?: string | null } => {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as { from?: string | null; to?: string | null };
    } catch {
      return {};
    }
  }
  return (value ?? {}) as { from?: string | null; to?: string | null };
};

interface HistoryRow {
  id: number;
  ticket_id: string;
  action: string;
  details: unknown;
}

const checkChains = (rows: HistoryRow[], current: Map<string, string | null>, startsChain: (action: string) => boolean): ChainReport => {
  const report: ChainReport = { tickets: 0, rows: rows.length, broken: [], notCurrent: [] };
  let ticket: string | null = null;
  let previousTo: string | null | undefined;
  const close = () => {
    if (ticket === null || previousTo === undefined) return;
    const now = current.get(ticket) ?? null;
    if (now !== previousTo) report.notCurrent.push({ ticketId: ticket, lastTo: previousTo, now });
  };
  for (const row of rows) {
    if (row.ticket_id !== ticket) {
      close();
      ticket = row.ticket_id;
      previousTo = undefined;
      report.tickets += 1;
    }
    const details = detailsOf(row.details);
    const to = details.to ?? null;
    // A ticket created before the run (the demo) has no creation row: its first change starts the chain.
    if (!startsChain(row.action) && previousTo !== undefined && (details.from ?? null) !== previousTo) {
      report.broken.push({ ticketId: row.ticket_id, auditRow: row.id, from: details.from ?? null, previousTo });
    }
    previousTo = to;
  }
  close();
  return report;
};

export const verifyRun = async (db: Knex, tables: TicketTables, recorder: Recorder, runId: string): Promise<VerifyReport> => {
  const t = tables;
  const { creates, replies, statuses, assigns } = recorder.acked;

  const storedTickets = new Map<string, string>();
  for (const ids of chunks(creates.map((c) => c.ticketId))) {
    const rows = (await db(t.tickets).whereIn('document_id', ids).select('document_id', 'subject')) as Array<{ document_id: string; subject: string }>;
    for (const row of rows) storedTickets.set(row.document_id, row.subject);
  }
  const missingCreates = creates.filter((c) => storedTickets.get(c.ticketId) !== c.subject).map((c) => c.ticketId);

  const storedReplies = new Map<string, { body: string; ticket: string | null }>();
  for (const ids of chunks(replies.map((r) => r.replyId))) {
    const rows = (await db(`${t.replies} as r`)
      .leftJoin(`${t.replyTicket.table} as rl`, `rl.${t.replyTicket.other}`, 'r.id')
      .leftJoin(`${t.tickets} as tk`, 'tk.id', `rl.${t.replyTicket.ticket}`)
      .whereIn('r.document_id', ids)
      .select('r.document_id', 'r.body', 'tk.document_id as ticket')) as Array<{ document_id: string; body: string; ticket: string | null }>;
    for (const row of rows) storedReplies.set(row.document_id, { body: row.body, ticket: row.ticket });
  }
  const missingReplies = replies
    .filter((r) => {
      const stored = storedReplies.get(r.replyId);
      return !stored || stored.body !== r.body || stored.ticket !== r.ticketId;
    })
    .map((r) => r.replyId);

  const marker = `Soak ${runId}-%`;
  const duplicateTickets = (await db(t.tickets).where('subject', 'like', marker).groupBy('subject').havingRaw('count(*) > 1').select('subject')) as Array<{ subject: string }>;
  const duplicateReplies = (await db(t.replies).where('body', 'like', marker).groupBy('body').havingRaw('count(*) > 1').select('body')) as Array<{ body: string }>;

  // What every ticket holds now: its status, and its assignment as the history names it.
  const now = (await db(`${t.tickets} as tk`)
    .leftJoin(`${t.status.table} as sl`, `sl.${t.status.ticket}`, 'tk.id')
    .leftJoin(`${t.statuses} as s`, 's.id', `sl.${t.status.other}`)
    .leftJoin(`${t.assignee.table} as al`, `al.${t.assignee.ticket}`, 'tk.id')
    .leftJoin(`${t.users} as u`, 'u.id', `al.${t.assignee.other}`)
    .leftJoin(`${t.group.table} as gl`, `gl.${t.group.ticket}`, 'tk.id')
    .leftJoin(`${t.groups} as g`, 'g.id', `gl.${t.group.other}`)
    .select('tk.document_id', 's.name as status', 'u.username as assignee', 'g.name as group_name')) as Array<{
    document_id: string;
    status: string | null;
    assignee: string | null;
    group_name: string | null;
  }>;
  const currentStatus = new Map(now.map((r) => [r.document_id, r.status]));
  const currentAssignment = new Map(now.map((r) => [r.document_id, r.assignee ?? (r.group_name ? `group ${r.group_name}` : null)]));

  const history = (actions: string[]) =>
    db(t.audits)
      .where('outcome', 'allowed')
      .whereIn('action', actions)
      .whereNotNull('ticket_id')
      .orderBy([{ column: 'ticket_id' }, { column: 'id' }])
      .select('id', 'ticket_id', 'action', 'details') as Promise<HistoryRow[]>;
  const statusRows = await history(['ticket.create', 'ticket.status', 'ticket.reopen']);
  const assignRows = await history(['ticket.assign']);
  const statusChains = checkChains(statusRows, currentStatus, (action) => action === 'ticket.create');
  const assignmentChains = checkChains(assignRows, currentAssignment, () => false);

  // A status change that found the ticket already there records nothing, so an acknowledged one is found when the
  // ticket's history reached that status at some point.
  const reached = new Set(statusRows.map((r) => `${r.ticket_id}\n${detailsOf(r.details).to ?? ''}`));
  const missingStatuses = statuses.filter((s) => !reached.has(`${s.ticketId}\n${s.status}`)).map((s) => `${s.ticketId} → ${s.status}`);
  // Every assignment is recorded, even to the same assignee: as many rows as acknowledgements, at least.
  const assignCounts = new Map<string, number>();
  for (const row of assignRows) {
    const key = `${row.ticket_id}\n${detailsOf(row.details).to ?? ''}`;
    assignCounts.set(key, (assignCounts.get(key) ?? 0) + 1);
  }
  const missingAssigns: string[] = [];
  for (const a of assigns) {
    const key = `${a.ticketId}\n${a.to ?? ''}`;
    const left = assignCounts.get(key) ?? 0;
    if (left <= 0) missingAssigns.push(`${a.ticketId} → ${a.to}`);
    else assignCounts.set(key, left - 1);
  }

  let stored = 0;
  for (const unknown of recorder.unknownWrites) {
    const table = unknown.kind === 'create' ? t.tickets : t.replies;
    const column = unknown.kind === 'create' ? 'subject' : 'body';
    const row = (await db(table).where(column, unknown.marker).count({ n: '*' }).first()) as { n: number | string } | undefined;
    if (Number(row?.n ?? 0) > 0) stored += 1;
  }

  const check = (acknowledged: number, missing: string[]): WriteCheck => ({ acknowledged, found: acknowledged - missing.length, missing: missing.slice(0, 20) });
  const report: VerifyReport = {
    creates: check(creates.length, missingCreates),
    replies: check(replies.length, missingReplies),
    statuses: check(statuses.length, missingStatuses),
    assigns: check(assigns.length, missingAssigns),
    duplicates: { tickets: duplicateTickets.map((d) => d.subject), replies: duplicateReplies.map((d) => d.body) },
    statusChains: { ...statusChains, broken: statusChains.broken.slice(0, 20), notCurrent: statusChains.notCurrent.slice(0, 20) },
    assignmentChains: { ...assignmentChains, broken: assignmentChains.broken.slice(0, 20), notCurrent: assignmentChains.notCurrent.slice(0, 20) },
    unknownWrites: { total: recorder.unknownWrites.length, stored },
    failures: 0,
  };
  report.failures =
    missingCreates.length +
    missingReplies.length +
    missingStatuses.length +
    missingAssigns.length +
    duplicateTickets.length +
    duplicateReplies.length +
    statusChains.broken.length +
    statusChains.notCurrent.length +
    assignmentChains.broken.length +
    assignmentChains.notCurrent.length;
  return report;
};
