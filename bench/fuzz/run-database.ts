import fs from 'fs';
import path from 'path';
import { isShuttingDown } from '../exit-cleanup';
import { startFreshApp, type FreshApp } from '../fresh-help-desk';
import { finalize, type Draft } from './draft';
import { differences, openFingerprintReader, type Fingerprint, type FingerprintReader } from './fingerprint';
import { prepareFuzzFixture, type FuzzFixture } from './fixture';
import { send, type SendResult, type WireRequest } from './http';
import { mutate } from './mutations';
import { judge, type Verdict } from './oracle';
import { Random } from './random';
import { MCP_PATH, MCP_PROTOCOL_VERSION, seeds as allSeeds, uncovered, type Role, type Seed, type SeedContext } from './seeds';
import { checkSentinels } from './sentinels';

/**
 * One database's share of the run: a fresh app, `count` mutated requests one after the other, each judged by the
 * oracle and, when refused, checked against the data fingerprint taken just before it; sentinels every few
 * hundred requests, and the server's health and log at the end.
 */

export interface RunOptions {
  client: 'sqlite' | 'postgres';
  count: number;
  seed: number;
  only: 'rest' | 'mcp' | null;
  /** Stop sending after this long (the run still finishes its checks and reports). */
  maxSeconds: number;
  resultsDir: string;
  log: (message: string) => void;
}

export interface FailureRecord {
  index: number;
  seed: string;
  mutations: string[];
  reason: string;
  status: number | null;
  request: { method: string; path: string; headers: Record<string, string>; bodyBytes: number; bodyStart: string };
  responseStart: string;
}

export interface Tally {
  sent: number;
  accepted: number;
  rejected: number;
  failures: number;
}

export interface DatabaseResult {
  client: 'sqlite' | 'postgres';
  database: string;
  requests: number;
  /** Starting the app (fresh database, seed, keys, server) and the checks before the first request. */
  startupSeconds: number;
  /** Sending and judging the requests. */
  seconds: number;
  accepted: number;
  /** Accepted requests whose data fingerprint moved (creates, replies, status changes, …). */
  acceptedThatChangedData: number;
  rejected: number;
  failures: FailureRecord[];
  failureCount: number;
  /** Failures by kind (the reason with its numbers and quoted text blanked), all of them, not only those kept. */
  byFailure: Record<string, number>;
  byStatus: Record<string, number>;
  byRejection: Record<string, number>;
  bySeed: Record<string, Tally>;
  byMutation: Record<string, number>;
  sentinelChecks: number;
  serverAliveAtEnd: boolean;
  /** Error-level lines of the server's log, by message. */
  serverLogErrors: Record<string, number>;
  stoppedEarly: string | null;
}

const KEPT_FAILURES = 50;
const REQUEST_TIMEOUT_MS = 30_000;
const SENTINEL_EVERY = 250;
/** Strapi's body parser (koa-body/co-body): JSON up to 1 MB, forms and text up to 56 kB. */
const REST_JSON_LIMIT = 1024 * 1024;
const REST_OTHER_LIMIT = 56 * 1024;
const MCP_BODY_LIMIT = Number(process.env.HELPDESK_MCP_BODY_LIMIT ?? 1_000_000);

const bodyLimitOf = (draft: Draft): number => {
  if (draft.channel === 'mcp') return MCP_BODY_LIMIT;
  return /json/i.test(draft.headers['content-type'] ?? '') ? REST_JSON_LIMIT : REST_OTHER_LIMIT;
};

/** A failure's reason without what varies between two of the same kind: numbers, ids, quoted text, details. */
const kindOf = (reason: string): string =>
  reason
    .split('\n')[0]!
    .replace(/"[^"]{30,}"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 90);

const bump = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

/** Credentials in the report are named, never written out (the database is thrown away, but the habit stays). */
const redactor = (fixture: FuzzFixture, tokens: Record<Role, string>) => {
  const secrets: Array<[string, string]> = [
    ...(Object.entries(fixture.keys) as Array<[string, string]>).map(([role, key]): [string, string] => [key, `<${role} key>`]),
    ...(Object.entries(tokens) as Array<[string, string]>).map(([role, token]): [string, string] => [token, `<${role} token>`]),
  ];
  return (text: string): string => secrets.reduce((t, [secret, name]) => t.split(secret).join(name), text);
};

const acquireTokens = async (app: FreshApp<FuzzFixture>): Promise<Record<Role, string>> => {
  const tokens = {} as Record<Role, string>;
  for (const role of ['user', 'staff', 'admin'] as const) {
    const res = await fetch(`${app.server.baseUrl}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_secret: app.keys[role] }),
    });
    if (res.status !== 200) throw new Error(`token for ${role}: HTTP ${res.status} ${await res.text()}`);
    tokens[role] = ((await res.json()) as { access_token: string }).access_token;
  }
  return tokens;
};

const acquireCursors = async (app: FreshApp<FuzzFixture>): Promise<Partial<Record<Role, string>>> => {
  const cursors: Partial<Record<Role, string>> = {};
  for (const role of ['user', 'staff', 'admin'] as const) {
    const res = await fetch(`${app.server.baseUrl}/api/helpdesk/tickets?limit=1`, { headers: { Authorization: `Bearer ${app.keys[role]}` } });
    const cursor = ((await res.json()) as { meta?: { next_cursor?: string | null } }).meta?.next_cursor;
    if (cursor) cursors[role] = cursor;
  }
  return cursors;
};

const toolNames = async (app: FreshApp<FuzzFixture>): Promise<string[]> => {
  const res = await fetch(`${app.server.baseUrl}${MCP_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${app.keys.admin}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': MCP_PROTOCOL_VERSION,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  const message = (await res.json()) as { result?: { tools?: Array<{ name: string }> } };
  return (message.result?.tools ?? []).map((t) => t.name);
};

/**
 * What the server logged at error level, by message: each is a lead even when its answer looked fine (an error
 * Strapi logs on the way to a 4xx, a tool failure). Colours are stripped; numbers blanked so alike lines group.
 */
const logErrors = (logDir: string): Record<string, number> => {
  const file = path.join(logDir, 'helpdesk-server.log');
  const counts: Record<string, number> = {};
  if (!fs.existsSync(file)) return counts;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
    const match = /^\[[^\]]+\]\s+(error|fatal):\s*(.*)$/.exec(plain);
    if (match) bump(counts, (match[2] as string).replace(/\d+/g, 'N').slice(0, 100));
    else if (/Unhandled|uncaught/i.test(plain)) bump(counts, plain.slice(0, 100));
  }
  return counts;
};

export const runDatabase = async (options: RunOptions): Promise<DatabaseResult> => {
  const { log } = options;
  const logDir = path.join(options.resultsDir, 'fuzz-logs', options.client);
  const started = Date.now();
  log(`[${options.client}] starting a fresh help desk…`);
  const app = await startFreshApp({ client: options.client, purpose: 'fuzz', logDir, prepare: prepareFuzzFixture });
  let reader: FingerprintReader | null = null;
  try {
    const fixture = app.prepared;
    const tokens = await acquireTokens(app);
    const cursors = await acquireCursors(app);
    const seedList = allSeeds(options.only);
    const tools = await toolNames(app);
    if (tools.length === 0) throw new Error('tools/list as admin returned no tools');
    const missing = options.only ? [] : uncovered(seedList, fixture.restRoutes, tools);
    if (missing.length > 0) throw new Error(`no fuzz seed for: ${missing.join(', ')} (add one to bench/fuzz/seeds.ts)`);
    log(`[${options.client}] ${app.database.label}: ${seedList.length} seeds over ${fixture.restRoutes.length} REST routes and ${tools.length} MCP tools; seed ${options.seed}`);

    reader = await openFingerprintReader(fixture.fingerprint, app.database.env);
    const random = new Random(options.seed);
    let serial = 0;
    const context: SeedContext = { fixture, tokens, cursors, serial: () => (serial += 1) };
    const canary = { key: `fuzzcanary${options.seed}`, value: `fuzz-polluted-${options.seed}` };
    const redact = redactor(fixture, tokens);

    const result: DatabaseResult = {
      client: options.client,
      database: app.database.label,
      requests: 0,
      startupSeconds: (Date.now() - started) / 1000,
      seconds: 0,
      accepted: 0,
      acceptedThatChangedData: 0,
      rejected: 0,
      failures: [],
      failureCount: 0,
      byFailure: {},
      byStatus: {},
      byRejection: {},
      bySeed: {},
      byMutation: {},
      sentinelChecks: 0,
      serverAliveAtEnd: false,
      serverLogErrors: {},
      stoppedEarly: null,
    };
    const fail = (index: number, draft: Draft | null, request: WireRequest | null, reason: string, status: number | null, response: SendResult | null) => {
      result.failureCount += 1;
      bump(result.byFailure, kindOf(reason));
      if (draft) {
        const tally = (result.bySeed[draft.seed] ??= { sent: 0, accepted: 0, rejected: 0, failures: 0 });
        tally.failures += 1;
      }
      if (result.failures.length >= KEPT_FAILURES) return;
      const body = request?.body ?? null;
      result.failures.push({
        index,
        seed: draft?.seed ?? '(sentinel)',
        mutations: draft?.mutations ?? [],
        reason: redact(reason),
        status,
        request: {
          method: request?.method ?? '',
          path: redact((request?.path ?? '').slice(0, 300)),
          headers: Object.fromEntries(Object.entries(request?.headers ?? {}).map(([k, v]) => [k, redact(v).slice(0, 200)])),
          bodyBytes: body?.length ?? 0,
          bodyStart: redact(body ? body.subarray(0, 600).toString('utf8') : ''),
        },
        responseStart: response?.kind === 'response' ? redact(response.response.body.subarray(0, 600).toString('utf8')) : '',
      });
      log(`  FAILURE #${index} ${draft?.seed ?? 'sentinel'} [${draft?.mutations.join('; ') ?? ''}]: ${redact(reason).slice(0, 300)}`);
    };

    let before: Fingerprint = await reader.read();
    const loopStarted = Date.now();
    const deadline = loopStarted + options.maxSeconds * 1000;
    for (let index = 0; index < options.count; index += 1) {
      if (isShuttingDown()) break;
      if (Date.now() > deadline) {
        result.stoppedEarly = `time limit of ${options.maxSeconds} s reached after ${index} requests`;
        break;
      }
      const seed: Seed = random.pick(seedList);
      const draft = seed.build(context, random);
      const mutationCount = random.weighted<number>([[0, 5], [1, 55], [2, 28], [3, 12]]);
      const cursor = random.pick([cursors.user, cursors.staff, cursors.admin]);
      for (let m = 0; m < mutationCount; m += 1) {
        mutate(draft, { random, fixture, canary, bodyLimit: bodyLimitOf(draft), cursor, baseUrl: app.server.baseUrl });
      }
      for (const mutation of draft.mutations) bump(result.byMutation, mutation.split(':')[0] as string);
      const request = finalize(draft);
      const sent = await send(app.server.baseUrl, request, REQUEST_TIMEOUT_MS);
      // Ctrl-C stops the server under the request in flight: that answer is no finding.
      if (isShuttingDown()) break;
      result.requests += 1;
      const tally = (result.bySeed[draft.seed] ??= { sent: 0, accepted: 0, rejected: 0, failures: 0 });
      tally.sent += 1;
      if (sent.kind === 'unsendable') {
        // The HTTP client's refusal, not the server's answer: nothing to judge.
        bump(result.byStatus, `not sent (${kindOf(sent.reason).slice(0, 50)})`);
        continue;
      }
      const requestText = request.body ? request.body.toString('latin1') + request.path : request.path;
      let verdict: Verdict = judge(sent, {
        channel: draft.channel,
        bodyBytes: request.body?.length ?? 0,
        bodyLimit: bodyLimitOf(draft),
        canaries: [canary.key, canary.value],
        requestText,
      });
      // A HEAD answer has no body to judge, nor has an OPTIONS answer (the allowed methods are its Allow header):
      // only their status counts.
      if ((request.method === 'HEAD' || request.method === 'OPTIONS') && sent.kind === 'response' && verdict.outcome === 'failure' && sent.response.status < 500) {
        verdict = sent.response.status < 400 ? { outcome: 'accepted', status: sent.response.status } : { outcome: 'rejected', status: sent.response.status, code: request.method };
      }
      bump(result.byStatus, sent.kind === 'response' ? String(sent.response.status) : sent.code);
      const after = await reader.read();
      const changed = differences(fixture.fingerprint, before, after);
      before = after;
      if (verdict.outcome === 'failure') {
        fail(index, draft, request, verdict.reason, verdict.status, sent);
      } else if (verdict.outcome === 'rejected') {
        result.rejected += 1;
        tally.rejected += 1;
        bump(result.byRejection, verdict.code);
        if (changed.length > 0) fail(index, draft, request, `refused (${verdict.status} ${verdict.code}) but data changed: ${changed.join('; ')}`, verdict.status, sent);
      } else {
        result.accepted += 1;
        tally.accepted += 1;
        if (changed.length > 0) result.acceptedThatChangedData += 1;
      }
      if ((index + 1) % SENTINEL_EVERY === 0) {
        result.sentinelChecks += 1;
        for (const problem of await checkSentinels(app.server.baseUrl, { staff: fixture.keys.staff, user: fixture.keys.user })) {
          fail(index, null, null, `sentinel: ${problem}`, null, null);
        }
        // Sentinels may write (a key's last-used time); start the next comparison after them.
        before = await reader.read();
        if ((index + 1) % 1000 === 0) log(`[${options.client}] ${index + 1} requests, ${result.failureCount} failures (${((Date.now() - loopStarted) / 1000).toFixed(0)} s)`);
      }
    }

    result.seconds = (Date.now() - loopStarted) / 1000;
    if (isShuttingDown()) {
      result.stoppedEarly = `interrupted after ${result.requests} requests`;
      return result;
    }
    result.sentinelChecks += 1;
    for (const problem of await checkSentinels(app.server.baseUrl, { staff: fixture.keys.staff, user: fixture.keys.user })) {
      fail(result.requests, null, null, `sentinel at the end: ${problem}`, null, null);
    }
    result.serverAliveAtEnd = app.server.isRunning();
    if (!result.serverAliveAtEnd) fail(result.requests, null, null, 'the server process is not running at the end', null, null);
    result.serverLogErrors = Object.fromEntries(Object.entries(logErrors(logDir)).map(([line, n]) => [redact(line), n]));
    return result;
  } finally {
    await reader?.close();
    await app.stop();
  }
};
