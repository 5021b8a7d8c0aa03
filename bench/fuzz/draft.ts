import type { WireRequest } from './http';
import { ObjectNode, render, type JsonNode } from './json-tree';
import type { Channel } from './oracle';

/**
 * A request while the mutations edit it: still structured (path parameters, query pairs, a JSON tree), so that a
 * mutation can aim at one part. `finalize` writes it out as bytes.
 */
export interface Draft {
  /** The seed it started from, e.g. `REST POST /tickets` or `MCP tools/call create_ticket`. */
  seed: string;
  channel: Channel;
  method: string;
  /** The path with `:0`, `:1`, … where `params` go (already URL-encoded, possibly wrongly on purpose). */
  pathTemplate: string;
  params: string[];
  query: Array<[string, string]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: JsonNode | undefined;
  /** How the body is written: JSON text, or form-urlencoded from a flat object. */
  encoding: 'json' | 'form';
  /** Bytes that replace the written body (invalid JSON, invalid UTF-8, …). */
  rawBody?: Buffer;
  chunked: boolean;
  /** What was done to it, for the report and for replaying by hand. */
  mutations: string[];
}

const formOf = (body: JsonNode | undefined): string => {
  if (body === undefined) return '';
  const params = new URLSearchParams();
  const entries = body instanceof ObjectNode ? body.entries : [];
  for (const [key, value] of entries) params.append(key, typeof value === 'string' ? value : render(value));
  return params.toString();
};

const queryOf = (query: Array<[string, string]>): string => (query.length === 0 ? '' : `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`);

export const bodyOf = (draft: Draft): Buffer | null => {
  if (draft.rawBody) return draft.rawBody;
  if (draft.body === undefined) return null;
  return Buffer.from(draft.encoding === 'form' ? formOf(draft.body) : render(draft.body), 'utf8');
};

export const finalize = (draft: Draft): WireRequest => ({
  method: draft.method,
  path: draft.pathTemplate.replace(/:(\d+)/g, (_, i: string) => draft.params[Number(i)] ?? '') + queryOf(draft.query),
  headers: draft.headers,
  body: bodyOf(draft),
  chunked: draft.chunked,
});

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is written as the three UTF-8-style bytes of
 * its code unit, %ED%A0%80 for U+D800: what a sloppy client sends, and what the server must survive decoding.
 */
export const encodeLoosely = (text: string): string =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[^\ud800-\udfff]+|[\ud800-\udbff][\udc00-\udfff]/g, (part) => {
    if (part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff) {
      const unit = part.charCodeAt(0);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(part);
  });

/** Query values as the seeds write them: encoded here once, so mutations can put raw bytes in on purpose. */
export const encodeQuery = (pairs: Array<[string, string | number | boolean | undefined]>): Array<[string, string]> =>
  pairs.flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[encodeLoosely(k), encodeLoosely(String(v))]]));
