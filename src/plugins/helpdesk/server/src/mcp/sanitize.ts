/**
 * Characters a person cannot see but a model reads: zero-width and word-joiner characters, soft hyphen, bidi
 * embedding/override/isolate controls and marks, Unicode tags (U+E0000–U+E007F) and the supplementary variation
 * selectors (U+E0100–U+E01EF). They hide instructions inside ticket text ("ASCII smuggling") or reorder what a
 * reviewer sees, so MCP output never carries them. The emoji variation selectors U+FE00–U+FE0F stay: they are
 * visible in practice and common in ordinary text.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

export const stripInvisible = (text: string): string => (HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text);

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A deep copy of a JSON-like value with every string (keys included) stripped of invisible characters. */
export const sanitizeOutput = (value: unknown): Json => {
  if (typeof value === 'string') return stripInvisible(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  if (Array.isArray(value)) return value.map(sanitizeOutput);
  if (value instanceof Date) return value.toISOString();
  const out: { [key: string]: Json } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== undefined) out[stripInvisible(key)] = sanitizeOutput(inner);
  }
  return out;
};
