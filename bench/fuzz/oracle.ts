import type { SendResult, WireResponse } from './http';

/**
 * Judges one answer, without knowing what the request should have done: an answer is a failure if it is a 5xx,
 * a broken connection, an error without the help desk's structure, a tool error coded `internal`, or it leaks a
 * stack trace, SQL or the prototype-pollution canary. Anything else is `accepted` (it may have changed data) or
 * `rejected` (it must not have: the runner checks the fingerprint).
 */

export type Channel = 'rest' | 'mcp' | 'token';

export type Verdict =
  | { outcome: 'accepted'; status: number }
  | { outcome: 'rejected'; status: number; code: string }
  | { outcome: 'failure'; status: number | null; reason: string };

export interface JudgeContext {
  channel: Channel;
  /** Bytes sent: a body over the limit may be refused by closing the connection. */
  bodyBytes: number;
  bodyLimit: number;
  /** Text that only a polluted Object.prototype could make the server say (unless the request said it). */
  canaries: string[];
  requestText: string;
}

const HELPDESK_CODES = new Set(['unauthenticated', 'forbidden', 'not_found', 'validation_error', 'conflict', 'rate_limited', 'unavailable', 'internal']);
const OAUTH_CODES = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'slow_down', 'temporarily_unavailable']);

const LEAKS: Array<[RegExp, string]> = [
  [/\n\s+at [^\n]+\.[cm]?js:\d+/, 'a stack trace'],
  [/SQLITE_[A-Z]+|syntax error at or near|violates (?:unique|foreign key|not-null) constraint|relation "[^"]+" does not exist|invalid input syntax for/i, 'SQL or a database error'],
];

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The one JSON-RPC message of an MCP answer: plain JSON, or the `data:` line of an event stream. */
const mcpMessage = (response: WireResponse): unknown => {
  const text = response.body.toString('utf8');
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .filter((line) => line !== '');
    return data.length === 1 ? parseJson(data[0] as string) : undefined;
  }
  return parseJson(text);
};

const failure = (status: number | null, reason: string): Verdict => ({ outcome: 'failure', status, reason });

const judgeMcp = (response: WireResponse): Verdict => {
  const { status } = response;
  if (status === 202 && response.body.length === 0) return { outcome: 'accepted', status };
  const message = mcpMessage(response);
  if (!isObject(message) || message.jsonrpc !== '2.0') return failure(status, `MCP ${status} answer is not a JSON-RPC message`);
  if (isObject(message.error)) {
    const { code, message: text } = message.error;
    if (typeof code !== 'number' || typeof text !== 'string') return failure(status, 'JSON-RPC error without a numeric code and a message');
    if (code === -32603) return failure(status, `JSON-RPC internal error: ${text}`);
    const data = message.error.data;
    const helpdeskCode = isObject(data) && typeof data.code === 'string' ? data.code : null;
    if (helpdeskCode && !HELPDESK_CODES.has(helpdeskCode)) return failure(status, `unknown error code ${helpdeskCode}`);
    if (helpdeskCode === 'internal' || helpdeskCode === 'unavailable') return failure(status, `refused as ${helpdeskCode}`);
    return { outcome: 'rejected', status, code: helpdeskCode ?? `rpc ${code}` };
  }
  if (status >= 400) return failure(status, `MCP ${status} without a JSON-RPC error`);
  if (!isObject(message.result)) return failure(status, 'JSON-RPC answer with neither result nor error');
  const result = message.result;
  if (result.isError === true) {
    const structured = result.structuredContent;
    const code = isObject(structured) && typeof structured.code === 'string' ? structured.code : null;
    if (!code || !HELPDESK_CODES.has(code)) return failure(status, 'tool error without a known code in structuredContent');
    if (code === 'internal' || code === 'unavailable') return failure(status, `tool error ${code}: ${String(isObject(structured) ? structured.message : '')}`);
    if (!Array.isArray(result.content) || result.content.length === 0) return failure(status, 'tool error without text content');
    return { outcome: 'rejected', status, code: `tool ${code}` };
  }
  return { outcome: 'accepted', status };
};

const judgeRest = (response: WireResponse, channel: Channel): Verdict => {
  const { status } = response;
  const body = parseJson(response.body.toString('utf8'));
  if (status < 400) {
    if (status === 204) return { outcome: 'accepted', status };
    if (!isObject(body)) return failure(status, `${status} answer is not a JSON object`);
    return { outcome: 'accepted', status };
  }
  if (!isObject(body)) return failure(status, `${status} error body is not JSON`);
  // The token endpoint answers RFC 6749 (`error` is a code); everything else the help desk's shape.
  if (channel === 'token' && typeof body.error === 'string') {
    return OAUTH_CODES.has(body.error) ? { outcome: 'rejected', status, code: `oauth ${body.error}` } : failure(status, `unknown OAuth error ${body.error}`);
  }
  const error = body.error;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return failure(status, `${status} error without {code, message}: ${response.body.toString('utf8').slice(0, 160)}`);
  }
  if (!HELPDESK_CODES.has(error.code)) return failure(status, `unknown error code ${error.code}`);
  if (channel === 'token') return failure(status, `token endpoint answered the help desk's error shape (${error.code}), not RFC 6749's`);
  if (status === 401 && !response.headers['www-authenticate']) return failure(status, '401 without WWW-Authenticate');
  return { outcome: 'rejected', status, code: error.code };
};

export const judge = (result: SendResult, context: JudgeContext): Verdict => {
  if (result.kind === 'unsendable') return failure(null, `not sent: ${result.reason}`);
  if (result.kind === 'network') {
    // Refusing an oversized body by answering 413 and closing may reach the client as a reset while it still writes.
    const oversized = context.bodyBytes > context.bodyLimit;
    if (oversized && (result.code === 'ECONNRESET' || result.code === 'EPIPE')) return { outcome: 'rejected', status: 0, code: 'closed (oversized body)' };
    return failure(null, `network error ${result.code}`);
  }
  const { response } = result;
  if (response.status >= 500) return failure(response.status, `HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`);
  const text = response.body.toString('utf8');
  for (const [pattern, what] of LEAKS) if (pattern.test(text)) return failure(response.status, `the answer contains ${what}`);
  for (const canary of context.canaries) {
    if (text.includes(canary) && !context.requestText.includes(canary)) return failure(response.status, `prototype pollution: the answer says ${canary}`);
  }
  return context.channel === 'mcp' ? judgeMcp(response) : judgeRest(response, context.channel);
};
