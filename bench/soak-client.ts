import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * How the soak talks to the help desk, as a client behind a load balancer would: REST with fetch, MCP with the
 * official SDK client, spread round-robin over the instances. Every exchange is reduced to one `Answer`, which
 * names what came back (a status and error code, an MCP tool error code, or a connection failure) and says
 * whether it is worth retrying.
 */

export type Channel = 'rest' | 'mcp';

export interface Answer {
  /** How the tallies name it: "REST 201", "REST 503 unavailable", "MCP ok", "MCP error not_found", "MCP HTTP 503 unavailable", "connection refused". */
  label: string;
  ok: boolean;
  /** No HTTP answer: refused, reset, timed out. The request may or may not have been carried out. */
  transport: boolean;
  /** The server said the database (or another dependency) is away: REST 503 / MCP code `unavailable`. */
  unavailable: boolean;
  /** A server error: HTTP 5xx on either channel, or an MCP tool result with code `internal` or `unavailable`. */
  serverError: boolean;
  /** A REST or MCP-HTTP 503/429 without a usable Retry-After header. */
  missingRetryAfter: boolean;
  retryAfterSeconds: number | null;
  /** The parsed JSON body (REST `data`, or the tool's structured content) when `ok`. */
  value: unknown;
}

export interface Instance {
  name: string;
  baseUrl: string;
}

/**
 * Round-robin over the instances, skipping for a moment one that just failed to answer at all (a load balancer's
 * passive health check): a killed instance costs a refused connection now and then, not every other request.
 */
export class InstancePool {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(private readonly instances: Instance[]) {}

  pick(avoid?: Instance): Instance {
    const now = Date.now();
    const healthy = this.instances.filter((i) => (this.downUntil.get(i.name) ?? 0) <= now && i !== avoid);
    const choices = healthy.length > 0 ? healthy : this.instances.filter((i) => i !== avoid);
    const list = choices.length > 0 ? choices : this.instances;
    this.next = (this.next + 1) % 1_000_000;
    return list[this.next % list.length] as Instance;
  }

  markDown(instance: Instance, forMs: number): void {
    this.downUntil.set(instance.name, Date.now() + forMs);
  }
}

const ATTEMPT_TIMEOUT_MS = 15_000;

/** A fetch failure's cause, in words: the few that a dead or restarting server gives. */
const transportLabel = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code ?? (error as Error)?.name;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection reset';
  if (code === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'AbortError') return 'timeout';
  return `connection error ${code ?? 'unknown'}`;
};

const failedConnection = (label: string): Answer => ({
  label,
  ok: false,
  transport: true,
  unavailable: false,
  serverError: false,
  missingRetryAfter: false,
  retryAfterSeconds: null,
  value: null,
});

const retryAfterOf = (header: string | null): number | null => (header && /^\d+$/.test(header) ? Number(header) : null);

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  apiKey: string;
  body?: unknown;
  idempotencyKey?: string;
}

interface RestBody {
  data?: unknown;
  error?: { code?: string };
}

const parseRestBody = (text: string): RestBody | null => {
  try {
    return JSON.parse(text) as RestBody;
  } catch {
    return null;
  }
};

export const restCall = async (instance: Instance, request: RestRequest): Promise<Answer> => {
  const headers: Record<string, string> = { Authorization: `Bearer ${request.apiKey}` };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
  let response: Response;
  let text: string;
  try {
    response = await fetch(instance.baseUrl + request.path, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    return failedConnection(transportLabel(error));
  }
  const body = parseRestBody(text);
  const code = body?.error?.code;
  const retryAfterSeconds = retryAfterOf(response.headers.get('retry-after'));
  const ok = response.status >= 200 && response.status < 300;
  return {
    label: `REST ${response.status}${code ? ` ${code}` : ''}`,
    ok,
    transport: false,
    unavailable: response.status === 503 && code === 'unavailable',
    serverError: response.status >= 500,
    missingRetryAfter: (response.status === 503 || response.status === 429) && retryAfterSeconds === null,
    retryAfterSeconds,
    value: ok ? body?.data : null,
  };
};

/**
 * One SDK client per (credential, instance), connected on first use and kept: the server is stateless, so a client
 * connected to an instance that was killed and started again on the same address simply carries on.
 */
export class McpClients {
  private readonly clients = new Map<string, Promise<Client>>();

  /**
   * `onInitialize` records a successful initialize exchange, an HTTP request like any other; `onMissingRetryAfter`
   * counts a 503 or 429 without Retry-After, which the SDK's errors do not show (it sees every response here).
   */
  constructor(
    private readonly onInitialize: (instance: Instance, answer: Answer, ms: number) => void,
    private readonly onMissingRetryAfter: () => void,
  ) {}

  private readonly fetchWatchingRetryAfter = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(url, init);
    if ((response.status === 503 || response.status === 429) && retryAfterOf(response.headers.get('retry-after')) === null) this.onMissingRetryAfter();
    return response;
  };

  private connect(instance: Instance, apiKey: string): Promise<Client> {
    const id = `${instance.name}\n${apiKey}`;
    let pending = this.clients.get(id);
    if (!pending) {
      pending = (async () => {
        const client = new Client({ name: 'helpdesk-soak', version: '1.0.0' });
        const transport = new StreamableHTTPClientTransport(new URL(`${instance.baseUrl}/mcp/`), {
          requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
          fetch: this.fetchWatchingRetryAfter,
        });
        const started = performance.now();
        try {
          await client.connect(transport, { timeout: ATTEMPT_TIMEOUT_MS });
        } catch (error) {
          // The failure is the answer of the call that needed the client, and is counted there.
          this.clients.delete(id);
          void client.close().catch(() => undefined);
          throw error;
        }
        this.onInitialize(instance, okAnswer('MCP initialize ok', null), performance.now() - started);
        return client;
      })();
      this.clients.set(id, pending);
    }
    return pending;
  }

  async call(instance: Instance, apiKey: string, tool: string, args: Record<string, unknown>): Promise<Answer> {
    let client: Client;
    try {
      client = await this.connect(instance, apiKey);
    } catch (error) {
      return mcpFailure(error);
    }
    try {
      const result = (await client.callTool({ name: tool, arguments: args }, undefined, { timeout: ATTEMPT_TIMEOUT_MS })) as CallToolResult;
      if (result.isError) {
        const code = String((result.structuredContent as { code?: unknown } | undefined)?.code ?? 'unknown');
        return {
          label: `MCP error ${code}`,
          ok: false,
          transport: false,
          unavailable: code === 'unavailable',
          serverError: code === 'internal' || code === 'unavailable',
          missingRetryAfter: false,
          retryAfterSeconds: code === 'unavailable' ? 2 : null,
          value: null,
        };
      }
      return okAnswer('MCP ok', result.structuredContent ?? null);
    } catch (error) {
      return mcpFailure(error);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close()).catch(() => undefined)));
  }
}

const okAnswer = (label: string, value: unknown): Answer => ({
  label,
  ok: true,
  transport: false,
  unavailable: false,
  serverError: false,
  missingRetryAfter: false,
  retryAfterSeconds: null,
  value,
});

/**
 * What the SDK threw: an HTTP answer that was not a JSON-RPC result (StreamableHTTPError, its code the HTTP status
 * and its message the body), a JSON-RPC error (McpError), or fetch's own failure to connect.
 */
const mcpFailure = (error: unknown): Answer => {
  if (error instanceof StreamableHTTPError && typeof error.code === 'number' && error.code > 0) {
    const status = error.code;
    // "Streamable HTTP error: Error POSTing to endpoint: {json}": the help desk's JSON-RPC error body.
    const json = /\{.*\}$/s.exec(error.message)?.[0];
    let code: string | undefined;
    try {
      code = json ? ((JSON.parse(json) as { error?: { data?: { code?: string } } }).error?.data?.code ?? undefined) : undefined;
    } catch {
      code = undefined;
    }
    return {
      label: `MCP HTTP ${status}${code ? ` ${code}` : ''}`,
      ok: false,
      transport: false,
      unavailable: status === 503 && code === 'unavailable',
      serverError: status >= 500,
      // Counted where the response is seen (fetchWatchingRetryAfter): the SDK's error carries no headers.
      missingRetryAfter: false,
      retryAfterSeconds: status === 503 || status === 429 ? 2 : null,
      value: null,
    };
  }
  if (error instanceof McpError) {
    // -32001 is the SDK's own request timeout: no answer in time, like a fetch timeout.
    if (error.code === -32001) return failedConnection('timeout');
    return { ...failedConnection(`MCP JSON-RPC ${error.code}`), transport: false };
  }
  return failedConnection(transportLabel(error));
};
