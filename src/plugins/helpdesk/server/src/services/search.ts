import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import type { PluginConfig } from '../config';
import { can, refusalReason, roleAllows } from '../authz/rules';
import { forbidden, invalid } from '../errors';
import { runSql } from '../database/run-sql';
import { selectTicketRows, type TicketSummaryRow } from '../database/ticket-list-query';
import {
  readReplyMatches,
  buildSnippetQuery,
  readTicketMatches,
  type SearchFilters,
  type SnippetRow,
} from '../database/ticket-search-query';
import { ticketTables } from '../database/ticket-tables';
import { pgWordsConfig } from '../database/ticket-word-index';
import { stripInvisible } from '../mcp/sanitize';
import { searchTerms, type SearchTicketsInput } from '../validation/search';
import { service } from './registry';
import { hitsAfter, rankMatches, type SearchPosition } from './search-ranking';
import { decodeCursor, encodeCursor } from './tickets';
import { summaryFromJoinedRow } from './ticket-rows';
import type { SearchHit, SearchPage } from './views';

/** At most this many characters of snippet, whatever the index hands back. */
const SNIPPET_MAX = 240;

/** A cursor is the list's own (activity, row id) with the score in front: `[score, list cursor]`. */
const encodeSearchCursor = (score: number, activity: unknown, id: number): string =>
  Buffer.from(JSON.stringify([score, encodeCursor(activity, id)])).toString('base64url');

const decodeSearchCursor = (cursor: string): SearchPosition => {
  const refused = () => invalid([{ field: 'cursor', rule: 'format', message: 'is not a cursor this server issued; start again without it' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw refused();
  const [score, inner] = decoded as [unknown, unknown];
  // Scores are a tier (1 to 3) plus a fraction below one.
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 4 || typeof inner !== 'string') throw refused();
  return { score, ...decodeCursor(inner) };
};

/**
 * Text people wrote, cut to a line a person or an assistant can read at a glance: no invisible or direction-changing
 * characters, no control characters, whitespace (line breaks too) folded to single spaces. It is plain text: nothing
 * is marked up, so nothing in it can become markup.
 */
export const cleanSnippet = (text: string): string => {
  // eslint-disable-next-line no-control-regex
  const flat = stripInvisible(text).replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  return Array.from(flat).length > SNIPPET_MAX ? `${Array.from(flat).slice(0, SNIPPET_MAX - 1).join('').trimEnd()}…` : flat;
};

/**
 * search_tickets: ranked words and phrases over subjects, descriptions and threads (database/ticket-search-query.ts),
 * in the caller's scope and list filters, with the snippet of the part that matched. Internal notes are searched
 * only for those who may read them; a user's query never reaches a note, so no note can lead a user to a ticket.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async search(actor: Actor, input: SearchTicketsInput): Promise<SearchPage> {
    if (!can(actor, 'ticket.search')) throw forbidden(refusalReason(actor, 'ticket.search'));
    const { query, limit, cursor, ...filterInput } = input;
    const now = service(strapi, 'clock').now();
    const filters: SearchFilters = {
      ...(await service(strapi, 'tickets').filtersFor(actor, filterInput, { anyStatus: true, now })),
      terms: searchTerms(query),
      notes: roleAllows(actor, 'ticket.read_internal'),
      pgConfig: pgWordsConfig(strapi),
      ranked: strapi.plugin('helpdesk').config('searchRankedMatches') as PluginConfig['searchRankedMatches'],
    };
    const after = cursor ? decodeSearchCursor(cursor) : undefined;
    const tables = ticketTables(strapi);

    // One after the other: on PostgreSQL a search holds one pooled connection at a time, like every other read.
    const ticketMatches = await readTicketMatches(strapi, tables, actor, filters);
    const replyMatches = await readReplyMatches(strapi, tables, actor, filters);
    const { hits: ranked, truncated } = rankMatches(ticketMatches, replyMatches, filters.ranked);
    const remaining = hitsAfter(ranked, after);
    const page = remaining.slice(0, limit);
    if (page.length === 0) return { hits: [], next_cursor: null, truncated };
    const last = page[page.length - 1] as (typeof page)[number];
    const next_cursor = remaining.length > limit ? encodeSearchCursor(last.score, last.activity, last.ticketId) : null;

    const ticketIds = page.map((h) => h.ticketId);
    const replyIds = page.flatMap((h) => (h.replyId === null ? [] : [h.replyId]));
    const textIds = page.flatMap((h) => (h.replyId === null ? [h.ticketId] : []));
    const summaries = await runSql<TicketSummaryRow>(strapi, (knex) =>
      selectTicketRows(knex, tables, knex(tables.tickets).select('id', 'last_activity_at').whereIn('id', ticketIds)),
    );
    const ticketSnippets = textIds.length > 0 ? await runSql<SnippetRow>(strapi, (knex) => buildSnippetQuery(knex, tables, filters, 'ticket', textIds)) : [];
    const replySnippets = replyIds.length > 0 ? await runSql<SnippetRow>(strapi, (knex) => buildSnippetQuery(knex, tables, filters, 'reply', replyIds)) : [];
    const replyPublicIds =
      replyIds.length > 0
        ? await runSql<{ id: number; document_id: string }>(strapi, (knex) => knex(tables.replies).select('id', 'document_id').whereIn('id', replyIds))
        : [];
    const byId = <R extends { id: number }>(list: R[]) => new Map(list.map((r) => [Number(r.id), r]));
    const tickets = byId(summaries);
    const ticketText = byId(ticketSnippets);
    const replyText = byId(replySnippets);
    const replyIdsPublic = byId(replyPublicIds);

    const hits: SearchHit[] = [];
    for (const hit of page) {
      const ticket = tickets.get(hit.ticketId);
      // Deleted between the two reads: left out, as a list would no longer show it.
      if (!ticket) continue;
      const { replyId } = hit;
      const text =
        replyId !== null ? replyText.get(replyId)?.body : hit.part === 'subject' ? ticketText.get(hit.ticketId)?.subject : ticketText.get(hit.ticketId)?.description;
      hits.push({
        ticket: summaryFromJoinedRow(ticket, now),
        matched: hit.part,
        snippet: cleanSnippet(text ?? ''),
        reply_id: replyId !== null ? (replyIdsPublic.get(replyId)?.document_id ?? null) : null,
      });
    }
    return { hits, next_cursor, truncated };
  },
});
