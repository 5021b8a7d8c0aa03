import { z } from 'zod';
import { NO_NUL, noNul } from './common';
import { fields, listTicketsSchema } from './tickets';

/** Longer queries are not searches but pasted documents; the bound also keeps the index's query parser cheap. */
export const MAX_QUERY_LENGTH = 200;
/** Words beyond this are refused rather than silently dropped: every word must be found. */
export const MAX_QUERY_WORDS = 16;

/** A word as both indexes see one: a letter or digit, then letters, digits and combining marks; the rest separates. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * What a query asks for: each term is a phrase (its words next to each other, in order); a bare word is a phrase of
 * one. Text between double quotes is one phrase, an unclosed quote runs to the end. Every term must be found.
 */
export const searchTerms = (query: string): string[][] =>
  query
    .normalize('NFC')
    .split('"')
    .flatMap((part, i) => {
      const words = (part.match(WORD) ?? []).map((w) => w.toLowerCase());
      if (i % 2 === 1) return words.length > 0 ? [words] : [];
      return words.map((w) => [w]);
    });

const wordCount = (query: string): number => searchTerms(query).reduce((n, term) => n + term.length, 0);

const query = z
  .string()
  .refine(noNul, NO_NUL)
  .trim()
  .min(1, 'is required: the words to find')
  .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
  .refine((q) => wordCount(q) > 0, { message: 'must hold at least one word (letters or digits)', params: { rule: 'words' } })
  .refine((q) => wordCount(q) <= MAX_QUERY_WORDS, { message: `must hold at most ${MAX_QUERY_WORDS} words`, params: { rule: 'max_words' } })
  .describe(
    'The words to find, e.g. `vpn kerberos` (tickets holding every word, in any order) or a "quoted phrase" (those ' +
      'words next to each other, in that order); both can be mixed. Whole words, ignoring case and accents, in the ' +
      'subject and description, or in one reply (or, for staff and admins, one internal note). Punctuation ' +
      `separates words. At most ${MAX_QUERY_LENGTH} characters and ${MAX_QUERY_WORDS} words.`,
  );

/**
 * search_tickets takes list_tickets' filters as they are (a filter added there is a filter here), but not its `q`,
 * and any status by default.
 */
export const searchTicketsSchema = listTicketsSchema.omit({ q: true, cursor: true, limit: true, sort: true }).extend({
  query,
  status: fields.status
    .describe('Only tickets in this status, by name, case-insensitive (e.g. "Resolved"); see list_statuses. Without it, tickets in every status are searched.')
    .optional(),
  limit: fields.limit.describe('How many hits to return, 1 to 100 (default 20).').optional().default(20),
  cursor: fields.cursor.describe('The next_cursor of the previous page of this same search (same query and filters); omit it for the first page.').optional(),
});
export type SearchTicketsInput = z.output<typeof searchTicketsSchema>;
