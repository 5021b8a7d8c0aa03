import type { FieldIssue } from '../errors';
import { stripInvisible } from '../mcp/sanitize';

/**
 * The placeholders a canned response may use, and where each value comes from. The set is fixed and small, so an
 * unknown one is refused when the response is saved (see `unknownPlaceholders`) rather than left visible: a typo
 * such as `{{ticket.subjet}}` would otherwise reach a customer as literal braces, and it is the author, at save
 * time, who can fix it.
 */
export const PLACEHOLDERS = {
  'ticket.id': 'The ticket id.',
  'ticket.subject': "The ticket's subject.",
  'ticket.status': "The ticket's status, by name.",
  'ticket.priority': "The ticket's priority.",
  'ticket.category': "The ticket's category, by name.",
  'submitter.name': 'The name of the person who submitted the ticket.',
  'agent.name': 'Your own name: the staff member inserting the response.',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<PlaceholderName, string>;

/** `{{ name }}`, spaces inside the braces allowed. Anything between double braces is taken as a placeholder. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isKnown = (name: string): name is PlaceholderName => Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);

/** The field issue for each placeholder in `text` that is not one of PLACEHOLDERS. */
export const unknownPlaceholders = (field: string, text: string): FieldIssue[] => {
  const unknown = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !isKnown(name)))];
  return unknown.map((name) => ({
    field,
    rule: 'placeholder',
    message: `{{${name}}} is not a placeholder; use one of ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ')}`,
  }));
};

/** Markdown and HTML punctuation that changes meaning wherever it stands, braces included (a value is never a placeholder). */
const ALWAYS = /[\\`*_{}[\]<>|~&]/g;
/** What changes meaning only at the start of a line: headings, bullets and setext underlines; then ordered lists. */
const LINE_START = /^[#+\-=]/;
const ORDERED_LIST = /^(\d+)([.)])/;

/**
 * A value as literal Markdown text: every character that could make it a link, an image, HTML, emphasis, code, a
 * table or another placeholder is backslash-escaped (CommonMark shows `\*` as `*`), line breaks become spaces (a
 * subject cannot start a new block) and invisible characters are dropped.
 */
export const escapeMarkdown = (value: string): string => {
  const flat = stripInvisible(value).replace(/[\r\n\u2028\u2029]+/g, ' ').replace(ALWAYS, '\\$&');
  return flat.replace(LINE_START, '\\$&').replace(ORDERED_LIST, '$1\\$2');
};

/**
 * Fills every placeholder in one pass over the body: a value is inserted once and never read again, so a subject
 * that spells `{{agent.name}}` stays those characters (escaped besides). A placeholder the body should not have
 * (saved before the set changed) is left as it is, visible to the person who reviews the text.
 */
export const fillPlaceholders = (body: string, values: PlaceholderValues): string =>
  body.replace(PLACEHOLDER, (whole, name: string) => (isKnown(name) ? escapeMarkdown(values[name]) : whole));
