import type { MatchedPart, ReplyMatchRow, TicketMatchRow } from '../database/ticket-search-query';

/**
 * How search_tickets orders what the index found (database/ticket-search-query.ts). A ticket's score is its best
 * part's: the part's tier (subject 3, the subject and description together 2, a reply or a note 1) plus its relevance
 * folded into [0, 1), so a subject match always ranks above a match in the description, which ranks above one in the
 * thread, and relevance orders each tier. Newer activity, then the newer ticket, breaks ties.
 */

export interface RankedHit {
  ticketId: number;
  replyId: number | null;
  part: MatchedPart;
  score: number;
  /** As the database returned it, for the cursor. */
  activity: unknown;
  activityMs: number;
}

/** Where the previous page ended. */
export interface SearchPosition {
  score: number;
  activity: Date;
  id: number;
}

const TIER: Record<MatchedPart, number> = { subject: 3, description: 2, reply: 1, note: 1 };

const scoreOf = (part: MatchedPart, relevance: number): number => {
  const r = Math.max(Number(relevance) || 0, 0);
  return TIER[part] + r / (1 + r);
};

const msOf = (value: unknown): number => (value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value)));

/** SQLite answers flags as 0 / 1, PostgreSQL as booleans. */
const isSet = (flag: number | boolean): boolean => flag === true || Number(flag) === 1;

/** Of two parts of one ticket, the one that speaks for it: the higher score, then its own text, then the first reply. */
const better = (a: RankedHit, b: RankedHit): boolean => {
  if (a.score !== b.score) return a.score > b.score;
  if (a.replyId === null || b.replyId === null) return a.replyId === null && b.replyId !== null;
  return a.replyId < b.replyId;
};

const byRank = (a: RankedHit, b: RankedHit): number => b.score - a.score || b.activityMs - a.activityMs || b.ticketId - a.ticketId;

/**
 * Every ticket the matches name, once, best first. `truncated` when either kind had more than `ranked` matches (the
 * queries read one more than that to tell).
 */
export const rankMatches = (tickets: TicketMatchRow[], replies: ReplyMatchRow[], ranked: number): { hits: RankedHit[]; truncated: boolean } => {
  const best = new Map<number, RankedHit>();
  const offer = (hit: RankedHit) => {
    const current = best.get(hit.ticketId);
    if (!current || better(hit, current)) best.set(hit.ticketId, hit);
  };
  for (const row of tickets.slice(0, ranked)) {
    const part: MatchedPart = isSet(row.in_subject) ? 'subject' : 'description';
    offer({ ticketId: Number(row.ticket_id), replyId: null, part, score: scoreOf(part, row.r), activity: row.last_activity_at, activityMs: msOf(row.last_activity_at) });
  }
  for (const row of replies.slice(0, ranked)) {
    const part: MatchedPart = isSet(row.internal) ? 'note' : 'reply';
    offer({
      ticketId: Number(row.ticket_id),
      replyId: Number(row.reply_id),
      part,
      score: scoreOf(part, row.r),
      activity: row.last_activity_at,
      activityMs: msOf(row.last_activity_at),
    });
  }
  return { hits: [...best.values()].sort(byRank), truncated: tickets.length > ranked || replies.length > ranked };
};

/** The hits after `position` in rank order. */
export const hitsAfter = (hits: RankedHit[], position: SearchPosition | undefined): RankedHit[] => {
  if (!position) return hits;
  const activity = position.activity.getTime();
  return hits.filter(
    (h) =>
      h.score < position.score ||
      (h.score === position.score && (h.activityMs < activity || (h.activityMs === activity && h.ticketId < position.id))),
  );
};
