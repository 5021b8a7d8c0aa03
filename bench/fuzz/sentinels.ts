import { send, type WireRequest } from './http';
import { MCP_PATH, MCP_PROTOCOL_VERSION } from './seeds';

/**
 * Requests that must keep working all through the run, sent every few hundred mutated ones: `/_health`, MCP
 * `whoami` as the staff member and REST `/me` as the user. A polluted prototype, a wedged pool or a server that
 * quietly stopped answering shows here even when no single answer looked wrong.
 */

export interface SentinelKeys {
  staff: string;
  user: string;
}

const whoami = (key: string): WireRequest => ({
  method: 'POST',
  path: MCP_PATH,
  headers: {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MCP_PROTOCOL_VERSION,
  },
  body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } })),
  chunked: false,
});

const me = (key: string): WireRequest => ({ method: 'GET', path: '/api/helpdesk/me', headers: { authorization: `Bearer ${key}` }, body: null, chunked: false });

const health: WireRequest = { method: 'GET', path: '/_health', headers: {}, body: null, chunked: false };

/** Problems found, none if all is well. */
export const checkSentinels = async (baseUrl: string, keys: SentinelKeys): Promise<string[]> => {
  const problems: string[] = [];
  const probe = async (label: string, request: WireRequest, check: (status: number, text: string) => boolean) => {
    const result = await send(baseUrl, request, 15_000);
    if (result.kind !== 'response') {
      problems.push(`${label}: ${result.kind === 'network' ? result.code : result.reason}`);
      return;
    }
    const text = result.response.body.toString('utf8');
    if (!check(result.response.status, text)) problems.push(`${label}: HTTP ${result.response.status} ${text.slice(0, 200)}`);
  };
  await probe('GET /_health', health, (status) => status === 204 || status === 200);
  await probe('MCP whoami (staff)', whoami(keys.staff), (status, text) => {
    if (status !== 200) return false;
    const message = JSON.parse(text) as { result?: { isError?: boolean; structuredContent?: { role?: string } } };
    return message.result?.isError !== true && message.result?.structuredContent?.role === 'staff';
  });
  await probe('REST GET /me (user)', me(keys.user), (status, text) => status === 200 && (JSON.parse(text) as { data?: { role?: string } }).data?.role === 'user');
  return problems;
};
