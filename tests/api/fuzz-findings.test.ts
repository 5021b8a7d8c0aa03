import http from 'http';
import { Writable } from 'stream';
import winston from 'winston';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup } from '../helpers/accounts';
import { createKey, initializeMessage, MCP_ACCEPT } from './mcp-support';

/**
 * What `npm run fuzz` found (bench/fuzz.ts): answers that were a 5xx, or an error without the help desk's
 * structure, to requests a client gets wrong. Each describe failed on the code before its fix.
 */

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** fetch() refuses some methods (TRACE) and recomputes headers; node's http client sends what it is given. */
const raw = (baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer) =>
  new Promise<RawAnswer>((resolve, reject) => {
    const req = http.request(new URL(path, baseUrl), { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* judged by the test */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });

const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: MCP_ACCEPT, 'MCP-Protocol-Version': '2025-11-25' };

/** The help desk's REST error shape: Strapi's body with a `code`, and the status it was answered with. */
const expectRestError = (answer: RawAnswer, status: number, code: string) => {
  expect([answer.status, answer.json?.error?.code, typeof answer.json?.error?.message]).toEqual([status, code, 'string']);
  expect(answer.json.error.status).toBe(status);
};

describe('fuzz findings', () => {
  let app: TestApp;
  let key: string;
  let categoryId: string;
  let ticketId: string;
  const tickets = () => app.strapi.db.query('plugin::helpdesk.ticket').count({});

  beforeAll(async () => {
    app = await startHelpdesk();
    const staff = await createAccount(app.strapi, { email: 'fay.fuzz@example.com', role: 'staff' });
    const team = await createGroup(app.strapi, 'Fuzz team', [staff]);
    categoryId = (
      await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Fuzzing', default_group: { documentId: team.documentId } } as never })
    ).documentId;
    key = await createKey(app, staff, { name: 'fuzz findings' });
    const created = await raw(app.baseUrl, 'POST', '/api/helpdesk/tickets', { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      JSON.stringify({ subject: 'Scanner', description: 'It scans blank pages.', category_id: categoryId }));
    expect(created.status).toBe(201);
    ticketId = created.json.data.id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe('a REST route asked with a method it does not take answers 405 in the one error shape', () => {
    it.each(['PATCH', 'PUT', 'DELETE'])('%s /api/helpdesk/tickets', async (method) => {
      const answer = await raw(app.baseUrl, method, '/api/helpdesk/tickets', { Authorization: `Bearer ${key}` });
      expectRestError(answer, 405, 'validation_error');
      expect(String(answer.headers.allow).split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST']);
    });

    it('TRACE, a method the router does not know at all, is 405 too, not 501', async () => {
      const answer = await raw(app.baseUrl, 'TRACE', `/api/helpdesk/tickets/${ticketId}`, { Authorization: `Bearer ${key}` });
      expectRestError(answer, 405, 'validation_error');
      expect(answer.headers.allow).toContain('GET');
    });
  });

  describe('a body the parser cannot read is a 400, never a 500, and nothing is written', () => {
    const unreadable: Array<[string, Record<string, string>, string | Buffer]> = [
      ['multipart without a boundary', { 'Content-Type': 'multipart/form-data' }, '{"subject":"x"}'],
      ['multipart that ends too soon', { 'Content-Type': 'multipart/form-data; boundary=fuzz' }, '{"subject":"x"}'],
      ['gzip that is not gzip', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, '{"subject":"x"}'],
      ['deflate that is not deflate', { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' }, '{"subject":"x"}'],
      ['brotli that is not brotli', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, '{"subject":"x"}'],
    ];

    it.each(unreadable)('REST: %s', async (_, headers, body) => {
      const before = await tickets();
      const answer = await raw(app.baseUrl, 'POST', '/api/helpdesk/tickets', { ...headers, Authorization: `Bearer ${key}` }, body);
      expectRestError(answer, 400, 'validation_error');
      expect(answer.text).not.toMatch(/MultipartParser|incorrect header check|Decompression/);
      expect(await tickets()).toBe(before);
    });

    it.each(unreadable)('MCP: %s is a JSON-RPC parse error', async (_, headers, body) => {
      const answer = await raw(app.baseUrl, 'POST', '/mcp/', { ...MCP_HEADERS, ...headers, Authorization: `Bearer ${key}` }, body);
      expect([answer.status, answer.json?.jsonrpc, answer.json?.error?.code, answer.json?.error?.data?.code]).toEqual([400, '2.0', -32700, 'validation_error']);
    });

    it.each(unreadable)('token endpoint: %s is RFC 6749 invalid_request', async (_, headers, body) => {
      const answer = await raw(app.baseUrl, 'POST', '/api/auth/token', headers, body);
      expect([answer.status, answer.json?.error]).toEqual([400, 'invalid_request']);
    });
  });

  describe("a body the parser refuses is the client's error: the server does not log it as its own", () => {
    const errorLines: string[] = [];
    beforeAll(() => {
      app.strapi.log.add(
        new winston.transports.Stream({
          level: 'error',
          stream: new Writable({
            write(chunk: Buffer, _enc, done) {
              errorLines.push(chunk.toString());
              done();
            },
          }),
        }),
      );
    });

    it.each<[string, Record<string, string>, string, number]>([
      ['JSON that does not parse', { 'Content-Type': 'application/json' }, '{"subject":', 400],
      ['a __proto__ key', { 'Content-Type': 'application/json' }, '{"__proto__":{"x":1}}', 400],
      ['multipart without a boundary', { 'Content-Type': 'multipart/form-data' }, '{"subject":"x"}', 400],
      ['a form over the form limit', { 'Content-Type': 'application/x-www-form-urlencoded' }, `subject=${'x'.repeat(60_000)}`, 413],
    ])('%s', async (_, headers, body, status) => {
      errorLines.length = 0;
      const answer = await raw(app.baseUrl, 'POST', '/api/helpdesk/tickets', { ...headers, Authorization: `Bearer ${key}` }, body);
      expectRestError(answer, status, 'validation_error');
      expect(errorLines).toEqual([]);
    });
  });

  describe('MCP: what the body parser refuses is answered in JSON-RPC, whatever the status', () => {
    it('an unsupported Content-Encoding is 415 with a JSON-RPC error', async () => {
      const answer = await raw(app.baseUrl, 'POST', '/mcp/', { ...MCP_HEADERS, 'Content-Encoding': 'gzip, gzip', Authorization: `Bearer ${key}` }, JSON.stringify(initializeMessage()));
      expect([answer.status, answer.json?.jsonrpc, typeof answer.json?.error?.code, answer.json?.error?.data?.code]).toEqual([415, '2.0', 'number', 'validation_error']);
    });
  });

  describe('MCP: a request with malformed params is -32602 Invalid params, not -32603 Internal error', () => {
    const call = (message: object) =>
      raw(app.baseUrl, 'POST', '/mcp/', { ...MCP_HEADERS, Authorization: `Bearer ${key}` }, JSON.stringify({ jsonrpc: '2.0', id: 7, ...message }));

    it.each<[string, object, string]>([
      ['tools/call with arguments that are a number', { method: 'tools/call', params: { name: 'whoami', arguments: 5 } }, 'params.arguments'],
      ['tools/call without a tool name', { method: 'tools/call', params: { arguments: {} } }, 'params.name'],
      ['tools/call with a tool name that is not text', { method: 'tools/call', params: { name: false, arguments: {} } }, 'params.name'],
      ['initialize with capabilities that are a list', { method: 'initialize', params: { ...initializeMessage().params, capabilities: [] } }, 'params.capabilities'],
      ['initialize without clientInfo.name', { method: 'initialize', params: { ...initializeMessage().params, clientInfo: {} } }, 'params.clientInfo.name'],
    ])('%s', async (_, message, field) => {
      const before = await tickets();
      const answer = await call(message);
      expect([answer.status, answer.json?.id, answer.json?.error?.code]).toEqual([200, 7, -32602]);
      expect(answer.json.error.data).toMatchObject({ code: 'validation_error', details: { fields: expect.arrayContaining([expect.objectContaining({ field })]) } });
      expect(answer.json.error.message).not.toContain('"expected"');
      expect(await tickets()).toBe(before);
    });

    it('a create_ticket call with a malformed _meta is refused by the transport as not JSON-RPC, and creates nothing', async () => {
      const before = await tickets();
      const answer = await call({
        method: 'tools/call',
        params: { name: 'create_ticket', arguments: { subject: 'Meta', description: 'Meta.', category_id: categoryId }, _meta: { progressToken: {} } },
      });
      expect([answer.status, answer.json?.error?.code]).toEqual([400, -32700]);
      expect(await tickets()).toBe(before);
    });

    it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('a method named like an Object member (%s) is -32601 Method not found', async (method) => {
      const answer = await call({ method, params: { name: 'whoami', arguments: {} } });
      expect([answer.status, answer.json?.id, answer.json?.error?.code]).toEqual([200, 7, -32601]);
    });

    it('a well-formed call still runs', async () => {
      const answer = await call({ method: 'tools/call', params: { name: 'whoami', arguments: {} } });
      expect([answer.status, answer.json?.id, answer.json?.result?.structuredContent?.role]).toEqual([200, 7, 'staff']);
    });
  });

  describe('MCP: a method other than POST is 405, whatever its body', () => {
    it.each<[string, string | undefined]>([
      ['PUT', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name"'],
      ['PATCH', '{"jsonrpc":"2.0"}'],
      ['DELETE', undefined],
      ['TRACE', undefined],
    ])('%s', async (method, body) => {
      const headers: Record<string, string> = { ...MCP_HEADERS, Authorization: `Bearer ${key}` };
      const answer = await raw(app.baseUrl, method, '/mcp/', headers, body);
      expect([answer.status, answer.headers.allow, answer.json?.jsonrpc, typeof answer.json?.error?.code]).toEqual([405, 'POST', '2.0', 'number']);
    });
  });

  describe('a forged list cursor the server never issues is a validation error on both databases, never a 500', () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const at = { d: '2026-01-01T00:00:00.000Z' };
    const forged: Array<[string, unknown]> = [
      ['text instead of a time', ['hello', 1]],
      ['an ISO text instead of a time', ['2026-01-01T00:00:00.000Z', 1]],
      ['a time before year 1', [{ d: '-271821-04-20T00:00:00.000Z' }, 1]],
      ['a time after year 9999', [{ d: '+275760-09-13T00:00:00.000Z' }, 1]],
      ['milliseconds far out of range', [-8.64e15, 1]],
      ['milliseconds that are not whole', [1764000000000.5, 1]],
      ['an id beyond 2^31 - 1', [at, 2147483648]],
      ['an id of 1e300', [at, 1e300]],
      ['an id of 0', [at, 0]],
      ['an id that is negative', [at, -5]],
      ['three elements', [at, 1, 2]],
      ['a boolean instead of a time', [true, 1]],
    ];

    it.each(forged)('REST: %s', async (_, value) => {
      const answer = await raw(app.baseUrl, 'GET', `/api/helpdesk/tickets?cursor=${cursor(value)}`, { Authorization: `Bearer ${key}` });
      expectRestError(answer, 400, 'validation_error');
      expect(answer.json.error.details.fields).toEqual([expect.objectContaining({ field: 'cursor', rule: 'format' })]);
    });

    it.each(forged)('MCP: %s', async (_, value) => {
      const answer = await raw(app.baseUrl, 'POST', '/mcp/', { ...MCP_HEADERS, Authorization: `Bearer ${key}` },
        JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_tickets', arguments: { cursor: cursor(value) } } }));
      expect([answer.json?.result?.isError, answer.json?.result?.structuredContent?.code]).toEqual([true, 'validation_error']);
    });

    it.each<[string, unknown]>([
      ['a time', [at, 5]],
      ['milliseconds (as SQLite cursors carry them)', [Date.parse(at.d), 5]],
    ])('a well-formed cursor of the other database is still read: %s', async (_, value) => {
      const answer = await raw(app.baseUrl, 'GET', `/api/helpdesk/tickets?cursor=${cursor(value)}`, { Authorization: `Bearer ${key}` });
      expect(answer.status).toBe(200);
    });

    it('the cursors the server issues still page through every ticket', async () => {
      for (let i = 0; i < 3; i += 1) {
        await raw(app.baseUrl, 'POST', '/api/helpdesk/tickets', { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
          JSON.stringify({ subject: `Page ${i}`, description: 'For paging.', category_id: categoryId }));
      }
      const seen: string[] = [];
      let next: string | null = '';
      while (next !== null) {
        const answer = await raw(app.baseUrl, 'GET', `/api/helpdesk/tickets?limit=1${next ? `&cursor=${next}` : ''}`, { Authorization: `Bearer ${key}` });
        expect(answer.status).toBe(200);
        seen.push(...answer.json.data.map((t: { id: string }) => t.id));
        next = answer.json.meta.next_cursor;
      }
      expect(seen.length).toBe(await tickets());
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  describe('the token endpoint answers RFC 6749 for what is refused before it runs', () => {
    it('a body that is not JSON is invalid_request', async () => {
      const answer = await raw(app.baseUrl, 'POST', '/api/auth/token', { 'Content-Type': 'application/json' }, '{"grant_type":');
      expect([answer.status, answer.json?.error, typeof answer.json?.error_description]).toEqual([400, 'invalid_request', 'string']);
    });

    it('an unsupported Content-Encoding is 415 invalid_request', async () => {
      const answer = await raw(app.baseUrl, 'POST', '/api/auth/token', { 'Content-Type': 'application/json', 'Content-Encoding': 'bogus' }, '{}');
      expect([answer.status, answer.json?.error]).toEqual([415, 'invalid_request']);
    });

    it.each(['GET', 'PUT', 'DELETE', 'TRACE'])('%s is 405 with Allow: POST', async (method) => {
      const answer = await raw(app.baseUrl, method, '/api/auth/token', {});
      expect([answer.status, answer.headers.allow, answer.json?.error]).toEqual([405, 'POST', 'invalid_request']);
    });
  });
});
