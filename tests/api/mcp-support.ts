import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { TestApp } from '../helpers/strapi';
import type { TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { tools } from '../../src/plugins/helpdesk/server/src/mcp/tools';
import { toolErrorSchema } from '../../src/plugins/helpdesk/server/src/mcp/output-schemas';

/** Shared by the MCP API tests: credentials for an account, and an official SDK client speaking to /mcp/. */

export const MCP_ACCEPT = 'application/json, text/event-stream';

/** An API key for the account, made through the credentials service as the account itself. */
export const createKey = async (
  app: TestApp,
  account: TestAccount,
  options: { name?: string; readOnly?: boolean } = {},
): Promise<string> => {
  const helpdesk = app.strapi.plugin('helpdesk');
  const actor = await helpdesk
    .service('actors')
    .actorFor({ id: account.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
  const created = await helpdesk
    .service('credentials')
    .createKey(actor, { name: options.name ?? 'mcp test key', read_only: options.readOnly ?? false, expires_at: null });
  return created.key as string;
};

/** An access token from the password grant of POST /api/auth/token. */
export const passwordToken = async (app: TestApp, account: TestAccount): Promise<string> => {
  const res = await request(app.baseUrl, 'POST', '/api/auth/token', {
    form: { grant_type: 'password', username: account.email, password: account.password },
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.text}`);
  return res.body.access_token as string;
};

export const connectClient = async (app: TestApp, credential: string, path = '/mcp/'): Promise<Client> => {
  const client = new Client({ name: 'helpdesk-tests', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(app.baseUrl + path), {
    requestInit: { headers: { Authorization: `Bearer ${credential}` } },
  });
  await client.connect(transport);
  return client;
};

/** A raw JSON-RPC POST to the MCP endpoint, for what the SDK client will not send. */
export const rawMcp = (
  app: TestApp,
  body: unknown,
  options: { credential?: string; headers?: Record<string, string>; path?: string } = {},
) =>
  request(app.baseUrl, 'POST', options.path ?? '/mcp/', {
    body,
    headers: {
      Accept: MCP_ACCEPT,
      ...(options.credential ? { Authorization: `Bearer ${options.credential}` } : {}),
      ...(options.headers ?? {}),
    },
  });

export const initializeMessage = (protocolVersion = '2025-11-25', id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
});

export interface ToolError {
  code: string;
  message: string;
  details?: { fields?: Array<{ field: string; rule: string; message: string }> };
}

/** The structured content of a call expected to succeed; fails the test with the error text otherwise. */
export const structured = <T = Record<string, any>>(result: CallToolResult): T => {
  if (result.isError) throw new Error(`tool call failed: ${JSON.stringify(result.structuredContent ?? result.content)}`);
  return result.structuredContent as T;
};

/** The structured error of a call expected to fail. */
export const toolError = (result: CallToolResult): ToolError => {
  if (!result.isError) throw new Error(`tool call unexpectedly succeeded: ${JSON.stringify(result.structuredContent)}`);
  return result.structuredContent as unknown as ToolError;
};

/**
 * Calls a tool and checks the result the way a careful client would: the SDK client has already validated
 * structuredContent against the tool's JSON output schema (it does after listTools); here it is also parsed with
 * the zod schema it came from (strict: no field the schema does not name), and the text must be the same JSON.
 */
export const callTool = async (client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name} in the registry`);
  const schema = result.isError ? toolErrorSchema : tool.outputSchema;
  const parsed = schema.safeParse(result.structuredContent);
  if (!parsed.success) throw new Error(`${name} structuredContent does not match its schema: ${parsed.error.message}`);
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error(`${name} returned no text content`);
  if (result.isError) expect(first.text).toBe((result.structuredContent as { message: string }).message);
  else expect(JSON.parse(first.text)).toEqual(result.structuredContent);
  return result;
};

/** A client that has listed its tools, so the SDK validates every structured result against its output schema. */
export const readyClient = async (app: TestApp, credential: string): Promise<Client> => {
  const client = await connectClient(app, credential);
  await client.listTools();
  return client;
};
