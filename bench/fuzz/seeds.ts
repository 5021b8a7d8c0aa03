import type { RoleKeys } from '../fresh-help-desk';
import { encodeLoosely, encodeQuery, type Draft } from './draft';
import type { FuzzFixture } from './fixture';
import { toNode } from './json-tree';
import type { Random } from './random';

/**
 * Valid requests, one kind per REST route, per MCP tool and method, and per token grant: the starting points the
 * mutations bend. Each builds a fresh request from the seeded help desk's ids, as the caller it picks.
 */

export const MCP_PATH = '/mcp/';
export const MCP_PROTOCOL_VERSION = '2025-11-25';
const REST = '/api/helpdesk';

export type Role = keyof RoleKeys;

export interface SeedContext {
  fixture: FuzzFixture;
  /** An access token per role, from the token endpoint. */
  tokens: Record<Role, string>;
  /** A valid `next_cursor` per role, from a first page of tickets. */
  cursors: Partial<Record<Role, string>>;
  /** Makes every subject, key name and idempotency key unique. */
  serial(): number;
}

export interface Seed {
  name: string;
  /** The REST route (`GET /tickets/:id`) or MCP tool it exercises, for the coverage check. */
  covers: string;
  build(context: SeedContext, random: Random): Draft;
}

const pickRole = (random: Random): Role => random.weighted<Role>([['user', 3], ['staff', 4], ['admin', 3]]);

/** The caller's credential: mostly its API key, sometimes an access token or the read-only key. */
const bearer = (context: SeedContext, random: Random, role: Role): string => {
  if (role === 'staff' && random.chance(0.08)) return context.fixture.keys.readOnly;
  return random.chance(0.2) ? context.tokens[role] : context.fixture.keys[role];
};

const ticketFor = (context: SeedContext, random: Random, role: Role): string => {
  const { own, staffScope, elsewhere } = context.fixture.tickets;
  const pools = role === 'user' ? [own, own, own, staffScope] : role === 'staff' ? [staffScope, staffScope, own, elsewhere] : [own, staffScope, elsewhere];
  const pool = random.pick(pools.filter((p) => p.length > 0));
  return random.pick(pool);
};

const baseDraft = (seed: string, channel: Draft['channel'], method: string, pathTemplate: string, params: string[], headers: Record<string, string>): Draft => ({
  seed,
  channel,
  method,
  pathTemplate,
  params,
  query: [],
  headers,
  body: undefined,
  encoding: 'json',
  chunked: false,
  mutations: [],
});

const rest = (
  name: string,
  method: string,
  route: string,
  build: (context: SeedContext, random: Random, role: Role) => { params?: string[]; query?: Array<[string, string | number | boolean | undefined]>; body?: unknown; headers?: Record<string, string> },
): Seed => ({
  name: `REST ${name}`,
  covers: `${method} ${route}`,
  build(context, random) {
    const role = pickRole(random);
    const parts = build(context, random, role);
    let n = 0;
    const template = REST + route.replace(/:[a-z_]+/g, () => `:${n++}`);
    const draft = baseDraft(this.name, 'rest', method, template, (parts.params ?? []).map(encodeLoosely), {
      authorization: `Bearer ${bearer(context, random, role)}`,
      accept: 'application/json',
      ...(parts.headers ?? {}),
    });
    draft.query = encodeQuery(parts.query ?? []);
    if (parts.body !== undefined) {
      draft.body = toNode(parts.body);
      draft.headers['content-type'] = 'application/json';
    }
    return draft;
  },
});

const maybe = <T>(random: Random, value: T, probability = 0.5): T | undefined => (random.chance(probability) ? value : undefined);

const randomCase = (random: Random, text: string): string => (random.chance(0.3) ? text.toUpperCase() : random.chance(0.3) ? text.toLowerCase() : text);

const listFilters = (context: SeedContext, random: Random, role: Role): Record<string, string | number | undefined> => {
  const { fixture } = context;
  return {
    status: maybe(random, randomCase(random, random.pick(fixture.statuses).name), 0.3),
    priority: maybe(random, random.pick(['Critical', 'High', 'Medium', 'Low']), 0.2),
    assignee_id: maybe(random, random.pick(['me', 'none', ...fixture.staffUsers]), 0.2),
    category: maybe(random, randomCase(random, random.pick(fixture.categories).name), 0.2),
    tag: maybe(random, randomCase(random, random.pick(fixture.tags)), 0.15),
    q: maybe(random, random.pick(['printer', 'laptop', '%', '_', 'kerberos', 'login fails']), 0.2),
    sla: maybe(random, random.pick(['ok', 'due_soon', 'breached']), 0.2),
    sort: maybe(random, random.pick(['activity', 'due']), 0.2),
    limit: maybe(random, random.int(1, 100), 0.4),
    cursor: maybe(random, context.cursors[role], 0.2),
  };
};

/** search_tickets: the list's filters (any status by default) and words or a phrase; a list cursor is refused there. */
const searchFilters = (context: SeedContext, random: Random, role: Role): Record<string, string | number | undefined> => {
  const { q: _q, ...filters } = listFilters(context, random, role);
  return { ...filters, query: random.pick(['printer', 'laptop jams', '"printer jams"', 'kerberos login', 'Fuzz', 'tried it again', 'café']) };
};

const newTicket = (context: SeedContext, random: Random) => {
  const category = random.pick(context.fixture.categories);
  const n = context.serial();
  return {
    subject: `Fuzz ticket ${n}: printer jams`,
    description: `Created by the fuzz run (${n}).\n\nIt **jams** on page two.`,
    category_id: category.id,
    type_id: maybe(random, random.pick(context.fixture.types), 0.4),
    item_id: category.items.length > 0 ? maybe(random, random.pick(category.items), 0.4) : undefined,
    priority: maybe(random, random.pick(['Critical', 'High', 'Medium', 'Low']), 0.5),
  };
};

const newReply = (context: SeedContext, random: Random, role: Role) => ({
  body: `Fuzz reply ${context.serial()}: tried it again.`,
  is_internal: role === 'user' ? maybe(random, false, 0.2) : maybe(random, random.chance(0.5), 0.6),
});

const assignment = (context: SeedContext, random: Random) =>
  random.weighted<Record<string, string | null>>([
    [{ assignee_id: random.pick(context.fixture.staffUsers), group_id: null }, 4],
    [{ assignee_id: null, group_id: random.pick(context.fixture.groups) }, 4],
    [{ assignee_id: null, group_id: null }, 1],
  ]);

/** Some tags by name (in any case), a few of them unknown: tag_ticket must refuse those and change nothing. */
const tagChange = (context: SeedContext, random: Random) => {
  const names = () => Array.from({ length: random.int(1, 3) }, () => (random.chance(0.1) ? `No such tag ${context.serial()}` : randomCase(random, random.pick(context.fixture.tags))));
  return random.weighted<Record<string, string[]>>([
    [{ add: names() }, 4],
    [{ remove: names() }, 2],
    [{ add: names(), remove: names() }, 1],
  ]);
};

const otherTicket = (context: SeedContext, random: Random, role: Role, first: string): string => {
  let other = ticketFor(context, random, role);
  for (let i = 0; i < 3 && other === first; i += 1) other = ticketFor(context, random, role);
  return other;
};

const idempotencyHeader = (context: SeedContext, random: Random): Record<string, string> =>
  random.chance(0.2) ? { 'idempotency-key': `fuzz-${context.serial()}` } : {};

const newCanned = (context: SeedContext, random: Random) => {
  const visibility = random.pick(['everyone', 'group', 'private', undefined]);
  return {
    title: `Fuzz canned ${context.serial()}`,
    body: random.pick(['Hello {{submitter.name}}, about {{ticket.subject}}.', 'Thanks, {{agent.name}}', 'No placeholders at all.']),
    visibility,
    group_id: visibility === 'group' ? random.pick(context.fixture.groups) : maybe(random, null, 0.2),
  };
};

const cannedEdit = (context: SeedContext, random: Random) => ({
  title: maybe(random, `Fuzz canned edit ${context.serial()}`),
  body: maybe(random, 'Edited for {{ticket.subject}}', 0.4),
  visibility: maybe(random, 'everyone', 0.3),
});

const restSeeds: Seed[] = [
  rest('GET /tickets', 'GET', '/tickets', (c, r, role) => ({ query: Object.entries(listFilters(c, r, role)) })),
  rest('GET /search', 'GET', '/search', (c, r, role) => ({ query: Object.entries(searchFilters(c, r, role)) })),
  rest('GET /tickets/next', 'GET', '/tickets/next', () => ({})),
  rest('GET /tickets/:id', 'GET', '/tickets/:id', (c, r, role) => ({ params: [ticketFor(c, r, role)] })),
  rest('POST /tickets', 'POST', '/tickets', (c, r) => ({ body: newTicket(c, r), headers: idempotencyHeader(c, r) })),
  rest('POST /tickets/:id/replies', 'POST', '/tickets/:id/replies', (c, r, role) => ({
    params: [ticketFor(c, r, role)],
    body: newReply(c, r, role),
    headers: idempotencyHeader(c, r),
  })),
  rest('PUT /tickets/:id/status', 'PUT', '/tickets/:id/status', (c, r, role) => ({ params: [ticketFor(c, r, role)], body: { status_id: r.pick(c.fixture.statuses).id } })),
  rest('PUT /tickets/:id/assignment', 'PUT', '/tickets/:id/assignment', (c, r, role) => ({ params: [ticketFor(c, r, role)], body: assignment(c, r) })),
  rest('POST /tickets/:id/links', 'POST', '/tickets/:id/links', (c, r, role) => {
    const first = ticketFor(c, r, role);
    return { params: [first], body: { ticket_id: otherTicket(c, r, role, first) } };
  }),
  rest('DELETE /tickets/:id/links/:other_id', 'DELETE', '/tickets/:id/links/:other_id', (c, r, role) => {
    const first = ticketFor(c, r, role);
    return { params: [first, otherTicket(c, r, role, first)] };
  }),
  // The fuzz sends JSON and form bodies only: the upload route's multipart parsing is covered by
  // tests/api/attachments.test.ts; here its refusals of everything else (and of bad params) are bent.
  rest('POST /tickets/:id/attachments', 'POST', '/tickets/:id/attachments', (c, r, role) => ({
    params: [ticketFor(c, r, role)],
    body: { reply_id: maybe(r, ticketFor(c, r, role)) },
  })),
  // The fixture holds no attachments: a ticket's id stands in, a real ULID that names no attachment (404).
  rest('GET /attachments/:id', 'GET', '/attachments/:id', (c, r, role) => ({
    params: [ticketFor(c, r, role)],
    query: [['variant', maybe(r, r.pick(['original', 'thumbnail']), 0.3)]],
  })),
  rest('DELETE /attachments/:id', 'DELETE', '/attachments/:id', (c, r, role) => ({ params: [ticketFor(c, r, role)] })),
  rest('PUT /tickets/:id/tags', 'PUT', '/tickets/:id/tags', (c, r, role) => ({ params: [ticketFor(c, r, role)], body: tagChange(c, r) })),
  rest('GET /categories', 'GET', '/categories', () => ({})),
  rest('GET /types', 'GET', '/types', () => ({})),
  rest('GET /statuses', 'GET', '/statuses', () => ({})),
  rest('GET /tags', 'GET', '/tags', () => ({})),
  rest('GET /me', 'GET', '/me', () => ({})),
  rest('GET /assignees', 'GET', '/assignees', (_c, r) => ({ query: [['q', maybe(r, r.pick(['bench', 'staff', 'Team', 'a']))]] })),
  rest('POST /api-keys', 'POST', '/api-keys', (c, r) => ({
    body: {
      name: `fuzz key ${c.serial()}`,
      read_only: maybe(r, r.chance(0.5)),
      expires_at: maybe(r, new Date(Date.now() + 86_400_000 * r.int(1, 400)).toISOString(), 0.3),
    },
  })),
  rest('GET /api-keys', 'GET', '/api-keys', (_c, r) => ({ query: [['all', maybe(r, r.pick(['true', 'false']), 0.4)]] })),
  rest('DELETE /api-keys/:id', 'DELETE', '/api-keys/:id', (c, r, role) => ({ params: [r.pick(c.fixture.victimKeyIds[role])] })),
  rest('GET /connections', 'GET', '/connections', (_c, r) => ({ query: [['all', maybe(r, r.pick(['true', 'false']), 0.4)]] })),
  // The fixture approves no app, so a key's id stands in: a real ULID that names no connection (404, changes nothing).
  rest('DELETE /connections/:id', 'DELETE', '/connections/:id', (c, r, role) => ({ params: [r.pick(c.fixture.victimKeyIds[role])] })),
  rest('GET /canned-responses', 'GET', '/canned-responses', (_c, r) => ({
    query: [
      ['q', maybe(r, r.pick(['fuzz', 'Hello', '%', 'subject']), 0.4)],
      ['limit', maybe(r, r.int(1, 100), 0.4)],
    ],
  })),
  rest('POST /canned-responses', 'POST', '/canned-responses', (c, r) => ({ body: newCanned(c, r) })),
  rest('GET /canned-responses/:id', 'GET', '/canned-responses/:id', (c, r) => ({ params: [r.pick(c.fixture.cannedResponses)] })),
  rest('PUT /canned-responses/:id', 'PUT', '/canned-responses/:id', (c, r) => ({ params: [r.pick(c.fixture.cannedResponses)], body: cannedEdit(c, r) })),
  rest('DELETE /canned-responses/:id', 'DELETE', '/canned-responses/:id', (c, r) => ({ params: [r.pick(c.fixture.cannedVictims)] })),
  rest('GET /canned-responses/:id/render', 'GET', '/canned-responses/:id/render', (c, r, role) => ({
    params: [r.pick(c.fixture.cannedResponses)],
    query: [['ticket_id', ticketFor(c, r, role)]],
  })),
];

// ---- token endpoint ------------------------------------------------------------------------------------------

const tokenSeed: Seed = {
  name: 'TOKEN POST /api/auth/token',
  covers: 'POST /auth/token',
  build(context, random) {
    const { fixture } = context;
    const grant = random.weighted<Record<string, string>>([
      [{ grant_type: 'client_credentials', client_secret: fixture.keys[pickRole(random)] }, 6],
      [{ grant_type: 'password', username: fixture.login.username, password: fixture.login.password }, 1],
    ]);
    const draft = baseDraft(this.name, 'token', 'POST', '/api/auth/token', [], { accept: 'application/json' });
    draft.body = toNode(grant);
    if (random.chance(0.5)) {
      draft.encoding = 'form';
      draft.headers['content-type'] = 'application/x-www-form-urlencoded';
    } else {
      draft.headers['content-type'] = 'application/json';
    }
    return draft;
  },
};

// ---- MCP ---------------------------------------------------------------------------------------------------

const mcpDraft = (seed: string, context: SeedContext, random: Random, role: Role, message: Record<string, unknown>): Draft => {
  const draft = baseDraft(seed, 'mcp', 'POST', MCP_PATH, [], {
    authorization: `Bearer ${bearer(context, random, role)}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MCP_PROTOCOL_VERSION,
  });
  draft.body = toNode({ jsonrpc: '2.0', ...message });
  return draft;
};

const mcpMethod = (method: string, params: (context: SeedContext, random: Random) => unknown, options: { notification?: boolean } = {}): Seed => ({
  name: `MCP ${method}`,
  covers: `mcp ${method}`,
  build(context, random) {
    const value = params(context, random);
    return mcpDraft(this.name, context, random, pickRole(random), {
      ...(options.notification ? {} : { id: context.serial() }),
      method,
      ...(value === undefined ? {} : { params: value }),
    });
  },
});

const tool = (name: string, args: (context: SeedContext, random: Random, role: Role) => Record<string, unknown>): Seed => ({
  name: `MCP tools/call ${name}`,
  covers: `tool ${name}`,
  build(context, random) {
    const role = pickRole(random);
    return mcpDraft(this.name, context, random, role, { id: context.serial(), method: 'tools/call', params: { name, arguments: args(context, random, role) } });
  },
});

const mcpSeeds: Seed[] = [
  mcpMethod('initialize', () => ({ protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'fuzz', version: '1.0.0' } })),
  mcpMethod('tools/list', (_c, r) => (r.chance(0.3) ? {} : undefined)),
  mcpMethod('ping', () => undefined),
  mcpMethod('notifications/initialized', () => undefined, { notification: true }),
  tool('whoami', () => ({})),
  tool('list_tickets', (c, r, role) => listFilters(c, r, role)),
  tool('search_tickets', (c, r, role) => searchFilters(c, r, role)),
  tool('get_ticket', (c, r, role) => ({ ticket_id: ticketFor(c, r, role) })),
  tool('create_ticket', (c, r) => ({ ...newTicket(c, r), idempotency_key: maybe(r, `fuzz-${c.serial()}`, 0.2) })),
  tool('reply_to_ticket', (c, r, role) => ({ ticket_id: ticketFor(c, r, role), ...newReply(c, r, role), idempotency_key: maybe(r, `fuzz-${c.serial()}`, 0.2) })),
  tool('update_ticket_status', (c, r, role) => ({ ticket_id: ticketFor(c, r, role), status_id: r.pick(c.fixture.statuses).id })),
  tool('assign_ticket', (c, r, role) => ({ ticket_id: ticketFor(c, r, role), ...assignment(c, r) })),
  tool('link_tickets', (c, r, role) => {
    const first = ticketFor(c, r, role);
    return { ticket_id: first, other_ticket_id: otherTicket(c, r, role, first), unlink: maybe(r, r.chance(0.4)) };
  }),
  // The fixture holds no attachments: a ticket's id stands in (not_found); add_attachment stores a small log.
  tool('get_attachment', (c, r, role) => ({ attachment_id: ticketFor(c, r, role) })),
  tool('add_attachment', (c, r, role) => ({
    ticket_id: ticketFor(c, r, role),
    name: `fuzz-${c.serial()}.log`,
    content_base64: Buffer.from('2026-12-01 fuzz: printer jammed again\n').toString('base64'),
  })),
  tool('tag_ticket', (c, r, role) => ({ ticket_id: ticketFor(c, r, role), ...tagChange(c, r) })),
  tool('next_ticket', () => ({})),
  tool('list_categories', () => ({})),
  tool('list_statuses', () => ({})),
  tool('list_types', () => ({})),
  tool('list_assignees', (_c, r) => ({ q: maybe(r, r.pick(['bench', 'staff', 'Team'])) })),
  tool('list_canned_responses', (_c, r) => ({ q: maybe(r, r.pick(['fuzz', 'Hello', '_'])), limit: maybe(r, r.int(1, 100), 0.3) })),
  tool('render_canned_response', (c, r, role) => ({ ticket_id: ticketFor(c, r, role), response_id: r.pick(c.fixture.cannedResponses) })),
  mcpMethod('prompts/list', (_c, r) => (r.chance(0.3) ? {} : undefined)),
  mcpMethod('prompts/get', (c, r) => {
    const role = r.pick<Role>(['staff', 'admin', 'user']);
    const ticket = ticketFor(c, r, role);
    return r.weighted<Record<string, unknown>>([
      [{ name: 'triage_queue', arguments: r.chance(0.5) ? { limit: String(r.int(1, 50)) } : {} }, 2],
      [{ name: 'draft_reply', arguments: { ticket_id: ticket, ...(r.chance(0.5) ? { canned_response_id: r.pick(c.fixture.cannedResponses) } : {}) } }, 3],
      [{ name: 'summarize_ticket', arguments: { ticket_id: ticket } }, 3],
    ]);
  }),
  tool('list_tags', () => ({})),
];

export const seeds = (only: 'rest' | 'mcp' | null): Seed[] => {
  if (only === 'rest') return [...restSeeds, tokenSeed];
  if (only === 'mcp') return mcpSeeds;
  return [...restSeeds, tokenSeed, ...mcpSeeds];
};

/** Routes and tools without a seed: a new one must get a seed, or the fuzz would silently skip it. */
export const uncovered = (all: Seed[], restRoutes: string[], toolNames: string[]): string[] => {
  const covered = new Set(all.map((s) => s.covers));
  return [...restRoutes.filter((r) => !covered.has(r)), ...toolNames.map((t) => `tool ${t}`).filter((t) => !covered.has(t))];
};
