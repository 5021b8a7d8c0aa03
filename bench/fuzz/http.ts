import http from 'http';

/** A request exactly as it goes on the wire: any method, any header the HTTP client allows, any bytes. */
export interface WireRequest {
  method: string;
  /** Path and query, already encoded (a mutation may have encoded it wrongly on purpose). */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length), as a streaming client would. */
  chunked: boolean;
}

export interface WireResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export type SendResult =
  | { kind: 'response'; response: WireResponse }
  /** The connection failed or timed out: `code` is Node's error code (ECONNRESET, EPIPE, TIMEOUT, …). */
  | { kind: 'network'; code: string; ms: number }
  /** Node's HTTP client would not send it (a header it considers invalid): says nothing about the server. */
  | { kind: 'unsendable'; reason: string };

/** Responses are read up to this size: enough to judge any answer, bounded if a server ever streamed forever. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

// One connection, reused: the fuzzer sends one request at a time, and a fresh socket per request would cost more
// than most of the answers.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Sends one request. A reset on a kept-alive connection that the server had just closed (after refusing an
 * oversized body it would not read) is the client's race, not an answer: Node's documentation says to retry such a
 * request, and it is retried once, on a new connection.
 */
export const send = async (baseUrl: string, request: WireRequest, timeoutMs: number): Promise<SendResult> => {
  const first = await sendOnce(baseUrl, request, timeoutMs, agent);
  if (first.kind === 'network' && 'reusedSocket' in first && first.reusedSocket && first.code === 'ECONNRESET') {
    return sendOnce(baseUrl, request, timeoutMs, false);
  }
  return first;
};

type Outcome = SendResult | { kind: 'network'; code: string; ms: number; reusedSocket: boolean };

const sendOnce = (baseUrl: string, request: WireRequest, timeoutMs: number, via: http.Agent | false): Promise<Outcome> =>
  new Promise((resolve) => {
    const started = performance.now();
    const url = new URL(baseUrl);
    const headers: Record<string, string> = { ...request.headers };
    if (request.body && !request.chunked) headers['Content-Length'] = String(request.body.length);
    // Node frames a body as chunked by itself only for POST, PUT and PATCH: for GET or TRACE it would write the bytes
    // unframed, and the server would read them as a second, garbage request.
    if (request.body && request.chunked) headers['Transfer-Encoding'] = 'chunked';
    let settled = false;
    const finish = (result: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: via });
    } catch (error) {
      finish({ kind: 'unsendable', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    req.setTimeout(timeoutMs, () => {
      req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      const done = () =>
        finish({
          kind: 'response',
          response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started },
        });
      res.on('end', done);
      // A server that answers and then closes (413 with Connection: close) may cut the body's tail: judge what came.
      res.on('aborted', done);
      res.on('error', done);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({ kind: 'network', code: error.code ?? error.message, ms: performance.now() - started, reusedSocket: req.reusedSocket });
    });
    try {
      if (request.body) {
        if (request.chunked) {
          // Several chunks, as a streaming client sends them.
          const step = 64 * 1024;
          for (let at = 0; at < request.body.length; at += step) req.write(request.body.subarray(at, at + step));
        } else {
          req.write(request.body);
        }
      }
      req.end();
    } catch (error) {
      req.destroy();
      finish({ kind: 'unsendable', reason: error instanceof Error ? error.message : String(error) });
    }
  });

/** Closes the kept-alive connection, so the process can exit. */
export const closeConnections = (): void => agent.destroy();
