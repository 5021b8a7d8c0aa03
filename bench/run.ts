import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { APP_DIR, benchDatabase } from './database';
import { pageQueryFloor } from './floor';
import { measureHttp, measureInProcess, type HttpTarget, type Measurement } from './load';
import { cleanupRun, ensureDataset, loadApp, prepareFixture, type Fixture } from './prepare';
import { computeRatios, formatTable, renderSvg, type BenchReport, type RowGroup, type RowResult } from './report';
import { startServer, type RunningServer } from './servers';
import { STOCK_PREFIX } from './stock-api';

/**
 * `npm run bench -- [--tickets 100000] [--duration 10] [--warmup 3] [--connections 1,10] [--reseed] [--only text]
 * [--profile]`: seeds (or reuses) a dataset, measures the help desk beside Strapi's own paths and the floors, and
 * writes bench/results/latest.{json,svg}. DATABASE_CLIENT=postgres benches PostgreSQL.
 */

interface Options {
  tickets: number;
  duration: number;
  warmup: number;
  connections: number[];
  reseed: boolean;
  only: string | null;
  profile: boolean;
}

const USAGE = 'usage: npm run bench -- [--tickets N] [--duration S] [--warmup S] [--connections 1,10] [--reseed] [--only TEXT] [--profile]';

const parseOptions = (argv: string[]): Options => {
  const options: Options = { tickets: 100_000, duration: 10, warmup: -1, connections: [1, 10], reseed: false, only: null, profile: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number\n${USAGE}`);
      return n;
    };
    if (flag === '--tickets') options.tickets = Math.round(positive(value()));
    else if (flag === '--duration') options.duration = positive(value());
    else if (flag === '--warmup') options.warmup = Number(value());
    else if (flag === '--connections') options.connections = value().split(',').map((c) => Math.round(positive(c)));
    else if (flag === '--reseed') options.reseed = true;
    else if (flag === '--only') options.only = value().toLowerCase();
    else if (flag === '--profile') options.profile = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (options.warmup < 0) options.warmup = Math.round(Math.min(3, Math.max(1, options.duration / 3)));
  return options;
};

const log = (message: string) => process.stdout.write(`${message}\n`);

// ---- what each row sends, and how its probe response is checked ----

interface Scenario {
  id: string;
  group: RowGroup;
  label: string;
  server: 'helpdesk' | 'peers';
  target(baseUrl: string): HttpTarget;
  /** Throws unless the response is the real thing; returns what it held. */
  check(status: number, body: string): string;
  /** Writes run last (they add rows that later rows would see). */
  writes?: boolean;
  /** Seconds at least: a row whose requests take seconds needs a longer window to complete any at concurrency 10. */
  minDuration?: number;
}

const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

const jsonOf = (body: string): any => {
  // Strapi's MCP server answers as an event stream even for one message.
  const data = body.startsWith('event:') ? body.split('\n').find((l) => l.startsWith('data: '))?.slice(6) ?? '' : body;
  return JSON.parse(data);
};

const toolContent = (status: number, body: string): any => {
  if (status !== 200) throw new Error(`HTTP ${status}: ${body.slice(0, 300)}`);
  const message = jsonOf(body);
  if (message.error) throw new Error(`JSON-RPC error: ${JSON.stringify(message.error)}`);
  const result = message.result;
  if (result?.isError) throw new Error(`tool error: ${JSON.stringify(result.structuredContent ?? result.content).slice(0, 300)}`);
  return result.structuredContent ?? JSON.parse(result.content?.[0]?.text ?? 'null');
};

const restData = (status: number, body: string): any => {
  if (status < 200 || status > 299) throw new Error(`HTTP ${status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
};

const mcpCall = (path: string, credential: string, tool: string, args: Record<string, unknown>) => (baseUrl: string): HttpTarget => ({
  method: 'POST',
  url: baseUrl + path,
  headers: { ...MCP_HEADERS, Authorization: `Bearer ${credential}` },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } }),
});

const get = (path: string, credential: string) => (baseUrl: string): HttpTarget => ({
  method: 'GET',
  url: baseUrl + path,
  headers: { Authorization: `Bearer ${credential}` },
});

const listCheck = (min = 1) => (status: number, body: string) => {
  const page = toolContent(status, body) as { tickets: unknown[] };
  if (page.tickets.length < min) throw new Error(`expected at least ${min} tickets, got ${page.tickets.length}`);
  return `${page.tickets.length} tickets`;
};

const searchCheck = (min = 1) => (status: number, body: string) => {
  const page = toolContent(status, body) as { hits: Array<{ matched: string }> };
  if (page.hits.length < min) throw new Error(`expected at least ${min} hits, got ${page.hits.length}`);
  return `${page.hits.length} hits (${[...new Set(page.hits.map((h) => h.matched))].join(', ') || 'none'})`;
};

/** The relations the help desk's ticket summary shows, populated the stock way. */
const SUMMARY_RELATIONS = ['ticket_status', 'category', 'type', 'item', 'submitter', 'assignee', 'group'];

/** One of the seed's subject nouns (bench/seed.ts). */
const COMMON_WORD = 'printer';
/** Two words of the seed's sentence vocabulary (bench/seed.ts WORDS): in about one description and reply in ten. */
const THREAD_WORDS = 'blank screen';

const scenarios = (fx: Fixture): Scenario[] => {
  const d = fx.dataset;
  const mcp = '/mcp/';
  const stockList = new URLSearchParams();
  stockList.set('pagination[pageSize]', '20');
  stockList.set('sort[0]', 'last_activity_at:desc');
  stockList.set('sort[1]', 'id:desc');
  for (const relation of SUMMARY_RELATIONS) stockList.set(`populate[${relation}]`, 'true');
  // The same rows as the staff member's list_tickets: open work, in their scope (submitted, assigned or group).
  fx.openStatusDocumentIds.forEach((id, i) => stockList.set(`filters[ticket_status][documentId][$in][${i}]`, id));
  stockList.set('filters[$or][0][submitter][documentId][$eq]', fx.staffScope.userDocumentId);
  stockList.set('filters[$or][1][assignee][documentId][$eq]', fx.staffScope.userDocumentId);
  fx.staffScope.groupDocumentIds.forEach((id, i) => stockList.set(`filters[$or][2][group][documentId][$in][${i}]`, id));
  const stockOne = new URLSearchParams();
  for (const relation of SUMMARY_RELATIONS) stockOne.set(`populate[${relation}]`, 'true');
  stockOne.set('populate[replies][populate][author]', 'true');

  return [
    {
      id: 'mcp-list-user',
      group: 'help desk MCP',
      label: 'MCP list_tickets, user',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.user, 'list_tickets', {}),
      check: listCheck(),
    },
    {
      id: 'mcp-list-staff',
      group: 'help desk MCP',
      label: 'MCP list_tickets, staff (group scope)',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', {}),
      check: listCheck(20),
    },
    {
      id: 'mcp-list-admin',
      group: 'help desk MCP',
      label: 'MCP list_tickets, admin',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.admin, 'list_tickets', {}),
      check: listCheck(20),
    },
    {
      id: 'mcp-list-q',
      group: 'help desk MCP',
      label: `MCP list_tickets, staff, q="${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', { q: d.searchWord }),
      check: listCheck(),
    },
    {
      // The other end of `q`: a word in about one subject in seven (the seed picks one of seven nouns), so the text
      // index yields many candidates where the rare word yields few.
      id: 'mcp-list-q-common',
      group: 'help desk MCP',
      label: `MCP list_tickets, staff, q="${COMMON_WORD}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', { q: COMMON_WORD }),
      check: listCheck(20),
    },
    // The two ends of the tag filter: a tag on a fifth of the tickets (the walk probes each), as a staff member, and
    // one on very few (on SQLite the page is taken from its tickets), as an admin, so that some are in scope at 10k.
    ...[
      { tag: d.tags[0], role: 'staff' as const, id: 'mcp-list-tag-common' },
      { tag: d.tags[d.tags.length - 1], role: 'admin' as const, id: 'mcp-list-tag-rare' },
    ].map(({ tag, role, id }): Scenario => ({
      id,
      group: 'help desk MCP',
      label: `MCP list_tickets, ${role}, tag="${tag?.name}" (${(tag?.share ?? 0) * 100}% of tickets)`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys[role], 'list_tickets', { tag: tag?.name }),
      check: listCheck(),
    })),
    {
      id: 'mcp-list-q-user',
      group: 'help desk MCP',
      label: `MCP list_tickets, user, q="${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.user, 'list_tickets', { q: d.searchWord }),
      check: listCheck(0),
    },
    {
      id: 'mcp-list-q-admin',
      group: 'help desk MCP',
      label: `MCP list_tickets, admin, q="${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.admin, 'list_tickets', { q: d.searchWord }),
      check: listCheck(20),
    },
    // search_tickets ranks every match in scope (subject, description, thread) before it pages: the rare word, then
    // a word of one subject in seven, then two words common in descriptions and replies alike.
    {
      id: 'mcp-search-staff',
      group: 'help desk MCP',
      label: `MCP search_tickets, staff, "${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'search_tickets', { query: d.searchWord }),
      check: searchCheck(),
    },
    {
      id: 'mcp-search-user',
      group: 'help desk MCP',
      label: `MCP search_tickets, user, "${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.user, 'search_tickets', { query: d.searchWord }),
      check: searchCheck(0),
    },
    {
      id: 'mcp-search-admin',
      group: 'help desk MCP',
      label: `MCP search_tickets, admin, "${d.searchWord}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.admin, 'search_tickets', { query: d.searchWord }),
      check: searchCheck(20),
    },
    {
      id: 'mcp-search-staff-common',
      group: 'help desk MCP',
      label: `MCP search_tickets, staff, "${COMMON_WORD}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'search_tickets', { query: COMMON_WORD }),
      check: searchCheck(20),
    },
    {
      id: 'mcp-search-staff-thread',
      group: 'help desk MCP',
      label: `MCP search_tickets, staff, "${THREAD_WORDS}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'search_tickets', { query: THREAD_WORDS }),
      check: searchCheck(20),
    },
    {
      id: 'mcp-list-status',
      group: 'help desk MCP',
      label: `MCP list_tickets, staff, status="${fx.statusFilter.name}"`,
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', { status: fx.statusFilter.name }),
      check: listCheck(),
    },
    {
      // Service levels: the state filter and the due order, both on the (sla_due_at, id) index.
      id: 'mcp-list-sla',
      group: 'help desk MCP',
      label: 'MCP list_tickets, staff, sla="breached"',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', { sla: 'breached' }),
      check: listCheck(20),
    },
    {
      id: 'mcp-list-due',
      group: 'help desk MCP',
      label: 'MCP list_tickets, staff, sort="due"',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'list_tickets', { sort: 'due' }),
      check: listCheck(20),
    },
    {
      id: 'mcp-next',
      group: 'help desk MCP',
      label: 'MCP next_ticket, staff',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'next_ticket', {}),
      check: (status, body) => {
        const next = toolContent(status, body) as { ticket: { id: string } | null; reason: string };
        if (!next.ticket) throw new Error(`no ticket: ${next.reason}`);
        return next.reason;
      },
    },
    {
      id: 'mcp-get',
      group: 'help desk MCP',
      label: 'MCP get_ticket, 20 replies, staff',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'get_ticket', { ticket_id: d.threadTicket.documentId }),
      check: (status, body) => {
        const ticket = toolContent(status, body) as { replies: unknown[] };
        if (ticket.replies.length !== 20) throw new Error(`expected 20 replies, got ${ticket.replies.length}`);
        return '20 replies';
      },
    },
    {
      id: 'rest-list-staff',
      group: 'help desk REST',
      label: 'REST GET /api/helpdesk/tickets, staff',
      server: 'helpdesk',
      target: get('/api/helpdesk/tickets', fx.keys.staff),
      check: (status, body) => {
        const page = restData(status, body) as { data: unknown[] };
        if (page.data.length !== 20) throw new Error(`expected 20 tickets, got ${page.data.length}`);
        return '20 tickets';
      },
    },
    {
      id: 'rest-get',
      group: 'help desk REST',
      label: 'REST GET /api/helpdesk/tickets/:id, 20 replies',
      server: 'helpdesk',
      target: get(`/api/helpdesk/tickets/${d.threadTicket.documentId}`, fx.keys.staff),
      check: (status, body) => {
        const ticket = restData(status, body) as { data: { replies: unknown[] } };
        if (ticket.data.replies.length !== 20) throw new Error(`expected 20 replies, got ${ticket.data.replies.length}`);
        return '20 replies';
      },
    },
    {
      id: 'mcp-create',
      group: 'help desk MCP',
      label: 'MCP create_ticket, user',
      server: 'helpdesk',
      writes: true,
      target: mcpCall(mcp, fx.keys.user, 'create_ticket', {
        subject: 'Benchmark: laptop will not start',
        description: 'Created by the benchmark; removed when the run ends.',
        category_id: d.category.documentId,
        priority: 'Low',
      }),
      check: (status, body) => `created ${(toolContent(status, body) as { id: string }).id}`,
    },
    {
      id: 'mcp-reply',
      group: 'help desk MCP',
      label: 'MCP reply_to_ticket, staff',
      server: 'helpdesk',
      writes: true,
      target: mcpCall(mcp, fx.keys.staff, 'reply_to_ticket', {
        ticket_id: d.replyTicket.documentId,
        body: 'Benchmark reply; removed when the run ends.',
        is_internal: false,
      }),
      check: (status, body) => `reply ${(toolContent(status, body) as { reply: { id: string } }).reply.id}`,
    },
    {
      id: 'floor-health',
      group: 'floor',
      // Not /_health: it now reads the database (it reports it), and the floor is the framework with nothing to do.
      label: 'GET protected-resource metadata (framework floor)',
      server: 'helpdesk',
      target: (baseUrl) => ({ method: 'GET', url: `${baseUrl}/.well-known/oauth-protected-resource/mcp`, headers: {} }),
      check: (status) => {
        if (status !== 204 && status !== 200) throw new Error(`HTTP ${status}`);
        return `HTTP ${status}`;
      },
    },
    {
      id: 'floor-mcp-whoami',
      group: 'floor',
      label: 'MCP whoami (auth + protocol, no ticket query)',
      server: 'helpdesk',
      target: mcpCall(mcp, fx.keys.staff, 'whoami', {}),
      check: (status, body) => `role ${(toolContent(status, body) as { role: string }).role}`,
    },
    {
      id: 'floor-rest-me',
      group: 'floor',
      label: 'REST GET /api/helpdesk/me (auth, no ticket query)',
      server: 'helpdesk',
      target: get('/api/helpdesk/me', fx.keys.staff),
      check: (status, body) => `role ${(restData(status, body) as { data: { role: string } }).data.role}`,
    },
    {
      id: 'stock-list',
      group: 'peer',
      label: 'stock content API list, staff filter, 7 relations',
      server: 'peers',
      // Its requests take seconds at 1M tickets: a longer window lets some complete at concurrency 10.
      minDuration: 20,
      target: get(`/api${STOCK_PREFIX}/tickets?${stockList}`, fx.strapiTokens.contentApi),
      check: (status, body) => {
        const page = restData(status, body) as { data: Array<Record<string, unknown>>; meta: { pagination: { total: number } } };
        if (page.data.length !== 20) throw new Error(`expected 20 tickets, got ${page.data.length}`);
        const missing = SUMMARY_RELATIONS.filter((r) => !(r in (page.data[0] as object)));
        if (missing.length > 0) throw new Error(`relations not populated: ${missing.join(', ')}`);
        return `20 of ${page.meta.pagination.total}`;
      },
    },
    {
      id: 'stock-get',
      group: 'peer',
      label: 'stock content API findOne, 20 replies + relations',
      server: 'peers',
      target: get(`/api${STOCK_PREFIX}/tickets/${d.threadTicket.documentId}?${stockOne}`, fx.strapiTokens.contentApi),
      check: (status, body) => {
        const ticket = restData(status, body) as { data: { replies: unknown[] } };
        if (ticket.data.replies.length !== 20) throw new Error(`expected 20 replies, got ${ticket.data.replies.length}`);
        return '20 replies';
      },
    },
    {
      id: 'strapi-mcp-list',
      group: 'peer',
      label: "Strapi's MCP list_plugin-helpdesk_ticket, 20",
      server: 'peers',
      minDuration: 20,
      target: mcpCall('/mcp', fx.strapiTokens.admin, 'list_plugin-helpdesk_ticket', { pageSize: 20, sort: 'last_activity_at:desc' }),
      check: (status, body) => {
        const content = toolContent(status, body) as { results: unknown[] };
        if (content.results.length !== 20) throw new Error(`expected 20 tickets, got ${content.results.length}`);
        return '20 tickets';
      },
    },
  ];
};

const probe = async (target: HttpTarget): Promise<{ status: number; body: string }> => {
  const res = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
  return { status: res.status, body: await res.text() };
};

const runScenario = async (scenario: Scenario, server: RunningServer, options: Options): Promise<RowResult> => {
  const target = scenario.target(server.baseUrl);
  const first = await probe(target);
  const check = scenario.check(first.status, first.body);
  const results: Measurement[] = [];
  for (const connections of options.connections) {
    const m = await measureHttp(target, connections, Math.max(options.duration, scenario.minDuration ?? 0), options.warmup);
    log(`  ${scenario.label.padEnd(52)} c${String(connections).padEnd(3)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}  non2xx ${m.non2xx}`);
    results.push(m);
  }
  return { id: scenario.id, group: scenario.group, label: scenario.label, check, results };
};

const main = async () => {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const resultsDir = path.join(APP_DIR, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const loadAverageAtStart = os.loadavg();
  if (loadAverageAtStart[0]! > 1) log(`note: load average ${loadAverageAtStart[0]!.toFixed(1)} on ${os.cpus().length} cores; figures will be noisy`);

  const database = benchDatabase(options.tickets);
  if (options.reseed) await database.drop();
  await database.ensure();
  log(`bench database: ${database.label}`);
  const strapi: Core.Strapi = await loadApp(database.env);
  const rows: RowResult[] = [];
  let rss = { helpdesk: null as number | null, peers: null as number | null };
  let fixture: Fixture | null = null;
  let seeded = false;
  try {
    const ensured = await ensureDataset(strapi, options.tickets, log);
    seeded = ensured.seeded;
    log(seeded ? `seeded in ${ensured.dataset.seconds.toFixed(1)} s` : `reusing the dataset seeded ${ensured.dataset.seededAt}`);
    fixture = await prepareFixture(strapi, ensured.dataset);
    const all = scenarios(fixture);
    const wanted = (id: string, label: string) => !options.only || id.includes(options.only) || label.toLowerCase().includes(options.only);

    // Floor: the page query on the database, in this process, before any server competes for the cores.
    if (wanted('floor-query', 'page query')) {
      const actor = await strapi
        .plugin('helpdesk')
        .service('actors')
        .actorFor({ id: fixture.dataset.actors.staff }, { credential: { kind: 'cli', id: null, name: 'bench' }, channel: 'cli', readOnly: false });
      const statuses = (await strapi.db.query('plugin::helpdesk.status').findMany({ select: ['id', 'kind'] })) as Array<{ id: number; kind: string }>;
      const open = statuses.filter((s) => ['new', 'open', 'pending'].includes(s.kind)).map((s) => s.id);
      const work = pageQueryFloor(strapi, actor, open);
      const results: Measurement[] = [];
      for (const c of options.connections) {
        const m = await measureInProcess(work, c, options.duration, options.warmup);
        log(`  ${'page query on the database (staff, 20 rows)'.padEnd(52)} c${String(c).padEnd(3)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms`);
        results.push(m);
      }
      rows.push({ id: 'floor-query', group: 'floor', label: 'page query on the database (staff, 20 rows)', check: 'buildTicketListQuery', results });
    }

    for (const kind of ['helpdesk', 'peers'] as const) {
      const chosen = all.filter((s) => s.server === kind && wanted(s.id, s.label));
      if (chosen.length === 0) continue;
      log(`starting the ${kind === 'helpdesk' ? 'help desk' : 'peer'} server (production mode)…`);
      const server = await startServer({
        kind,
        env: database.env,
        logDir: resultsDir,
        ...(options.profile && kind === 'helpdesk' ? { cpuProfDir: path.join(resultsDir, 'profiles') } : {}),
      });
      try {
        for (const scenario of [...chosen.filter((s) => !s.writes), ...chosen.filter((s) => s.writes)]) {
          rows.push(await runScenario(scenario, server, options));
        }
        rss = { ...rss, [kind]: server.rssMb() };
      } finally {
        await server.stop();
      }
    }
  } finally {
    if (fixture) log(`cleanup: removed ${await cleanupRun(strapi, fixture)} rows written by the run`);
    await strapi.destroy();
  }

  const order = ['mcp-list-user', 'mcp-list-staff', 'mcp-list-admin', 'mcp-list-q', 'mcp-list-status', 'mcp-get', 'mcp-create', 'mcp-reply', 'rest-list-staff', 'rest-get', 'stock-list', 'stock-get', 'strapi-mcp-list', 'floor-health', 'floor-mcp-whoami', 'floor-rest-me', 'floor-query'];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, loadAverageAtStart, loadAverageAtEnd: os.loadavg() },
    database: {
      client: database.client,
      label: database.label,
      tickets: options.tickets,
      replies: fixture?.dataset.replies ?? 0,
      seeded,
      seedSeconds: fixture?.dataset.seconds ?? null,
    },
    duration: options.duration,
    warmup: options.warmup,
    connections: options.connections,
    rows,
    ratios: computeRatios(rows, options.connections),
    rssMb: rss,
  };
  const stamp = `${database.client}-${options.tickets}-${report.finishedAt.replace(/[:.]/g, '-')}`;
  const json = JSON.stringify(report, null, 2);
  fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.json`), json);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), json);
  const svg = renderSvg(report);
  fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.svg`), svg);
  fs.writeFileSync(path.join(resultsDir, 'latest.svg'), svg);
  log(`\n${formatTable(report)}\n\nwritten: bench/results/bench-${stamp}.json and .svg (also latest.json, latest.svg)`);
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
