import type { Draft } from './draft';
import { bodyOf, encodeLoosely } from './draft';
import type { FuzzFixture } from './fixture';
import {
  deepValue,
  forgedCursor,
  longText,
  oddId,
  oddNumber,
  oddText,
  prototypeKeys,
  wideValue,
  wrongType,
  type Canary,
  type Hostile,
} from './hostile-values';
import { allNodes, cloneNode, deepNesting, ObjectNode, RawJson, render, toNode, type JsonNode, type Located } from './json-tree';
import type { Random } from './random';

/**
 * Mutations: each bends one part of a draft (a body value, an object's keys, the query, a path id, a header, the
 * bytes, the JSON-RPC envelope, the credential) and says what it did. `mutate` picks one that fits the draft.
 */

export interface MutationContext {
  random: Random;
  fixture: FuzzFixture;
  canary: Canary;
  /** The largest body the endpoint accepts, in bytes; oversized bodies go just past it. */
  bodyLimit: number;
  /** A valid cursor, to forge from. */
  cursor: string | undefined;
  /** The server's own origin (allowed) for the Origin header. */
  baseUrl: string;
}

interface Mutation {
  name: string;
  weight(draft: Draft): number;
  apply(draft: Draft, context: MutationContext): string;
}

const knownIds = (fixture: FuzzFixture): string[] => [
  ...fixture.tickets.own,
  ...fixture.tickets.elsewhere,
  ...fixture.statuses.map((s) => s.id),
  ...fixture.categories.map((c) => c.id),
  ...fixture.types,
  ...fixture.groups,
  ...fixture.staffUsers,
  ...fixture.users.slice(0, 5),
];

/** The part of the body a mutation should usually aim at: a tool's arguments, else the whole body. */
const targetNodes = (draft: Draft, random: Random): Located[] => {
  if (draft.body === undefined) return [];
  const nodes = allNodes(draft.body);
  if (draft.channel === 'mcp' && random.chance(0.75)) {
    const inArguments = nodes.filter((n) => n.path[0] === 'params' && n.path[1] === 'arguments' && n.path.length > 2);
    if (inArguments.length > 0) return inArguments;
  }
  // The root itself is replaced by a body-level mutation, never here.
  return nodes.filter((n) => n.path.length > 0);
};

const fieldName = (located: Located): string => located.path.join('.') || '(body)';

/** A replacement fitting what the node is: odd ids for ids, forged cursors for cursors, odd text for text. */
const hostileFor = (located: Located, context: MutationContext): Hostile => {
  const { random } = context;
  const key = String(located.path[located.path.length - 1] ?? '');
  const node = located.node;
  if (key === 'cursor' && random.chance(0.7)) return forgedCursor(random, context.cursor);
  if (typeof node === 'string' && /(^|_)id$/.test(key) && random.chance(0.6)) return oddId(random, node, knownIds(context.fixture));
  if (typeof node === 'number' && random.chance(0.6)) return oddNumber(random);
  if (typeof node === 'string' && random.chance(0.5)) return oddText(random, node);
  return random.weighted<() => Hostile>([
    [() => wrongType(random), 5],
    [() => oddNumber(random), 2],
    [() => oddText(random, typeof node === 'string' ? node : 'fuzz'), 3],
    [() => longText(random), 1],
  ])();
};

const replaceValue: Mutation = {
  name: 'value',
  weight: (d) => (d.body === undefined ? 0 : 40),
  apply(draft, context) {
    const nodes = targetNodes(draft, context.random);
    if (nodes.length === 0) return 'value: nothing to replace';
    const target = context.random.pick(nodes);
    const hostile = hostileFor(target, context);
    target.replace(hostile.value);
    return `${fieldName(target)} = ${hostile.name}`;
  },
};

const objectsIn = (draft: Draft, random: Random): Array<{ node: ObjectNode; where: string }> => {
  if (draft.body === undefined) return [];
  const all = allNodes(draft.body).filter((n): n is Located & { node: ObjectNode } => n.node instanceof ObjectNode);
  const preferred = draft.channel === 'mcp' && random.chance(0.7) ? all.filter((n) => n.path[0] === 'params') : all;
  return (preferred.length > 0 ? preferred : all).map((n) => ({ node: n.node, where: fieldName(n) }));
};

const editKeys: Mutation = {
  name: 'keys',
  weight: (d) => (d.body instanceof ObjectNode || Array.isArray(d.body) ? 18 : 0),
  apply(draft, context) {
    const { random } = context;
    const objects = objectsIn(draft, random);
    if (objects.length === 0) return 'keys: no object';
    const { node, where } = random.pick(objects);
    const op = random.weighted<string>([['drop', 4], ['duplicate', 3], ['unknown', 2], ['prototype', 4], ['clear', 1]]);
    if (op === 'drop' && node.entries.length > 0) {
      const at = random.int(0, node.entries.length - 1);
      const [key] = node.entries.splice(at, 1)[0] as [string, JsonNode];
      return `${where}: dropped ${key}`;
    }
    if (op === 'duplicate' && node.entries.length > 0) {
      const [key, value] = random.pick(node.entries);
      const twin = random.chance(0.5) ? wrongType(random).value : cloneNode(value);
      // Which of the two wins is the parser's choice; both must be judged the same way as one value.
      node.entries.splice(random.int(0, node.entries.length), 0, [key, twin]);
      return `${where}: ${key} twice`;
    }
    if (op === 'prototype') {
      const hostile = prototypeKeys(random, context.canary);
      node.entries.splice(random.int(0, node.entries.length), 0, [hostile.key, hostile.value]);
      return `${where}: ${hostile.name}`;
    }
    if (op === 'clear') {
      node.entries.length = 0;
      return `${where}: emptied`;
    }
    const name = random.pick(['extra', 'id', 'documentId', 'submitter', 'role', 'is_admin', '$where', 'filters', '']);
    node.entries.push([name, wrongType(random).value]);
    return `${where}: unknown key "${name}"`;
  },
};

const bigValue: Mutation = {
  name: 'big',
  weight: (d) => (d.body === undefined ? 0 : 6),
  apply(draft, context) {
    const { random } = context;
    const nodes = targetNodes(draft, random);
    if (nodes.length === 0) return 'big: nothing to replace';
    const target = random.pick(nodes);
    const kind = random.weighted<string>([['deep', 4], ['wide', 2], ['over limit', 3]]);
    if (kind === 'over limit') {
      const size = context.bodyLimit + random.pick([1, 10_000, 1_500_000]);
      target.replace('x'.repeat(size));
      if (random.chance(0.3)) draft.chunked = true;
      return `${fieldName(target)} = string of ${size} bytes (over the body limit${draft.chunked ? ', chunked' : ''})`;
    }
    const hostile = kind === 'deep' ? deepValue(random) : wideValue(random);
    target.replace(hostile.value);
    return `${fieldName(target)} = ${hostile.name}`;
  },
};

const rawBody: Mutation = {
  name: 'bytes',
  weight: (d) => (d.body === undefined ? 2 : 10),
  apply(draft, context) {
    const { random } = context;
    const text = (bodyOf(draft) ?? Buffer.from('{}')).toString('utf8');
    const firstString = text.indexOf('"');
    const op = random.weighted<string>([
      ['truncate', 3],
      ['append', 2],
      ['replace', 4],
      ['BOM', 1],
      ['invalid UTF-8', 3],
      ['raw control character', 2],
      ['whole body deep', 1],
      ['comments', 1],
    ]);
    const setText = (value: string) => (draft.rawBody = Buffer.from(value, 'utf8'));
    switch (op) {
      case 'truncate': {
        const at = random.int(0, Math.max(0, text.length - 1));
        setText(text.slice(0, at));
        return `body cut at ${at} of ${text.length}`;
      }
      case 'append': {
        const tail = random.pick(['}', ',', ']', ' garbage', '\u0000', '{"jsonrpc":"2.0"}', '\n\n']);
        setText(text + tail);
        return `body + ${JSON.stringify(tail)}`;
      }
      case 'BOM':
        draft.rawBody = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
        return 'body starts with a BOM';
      case 'invalid UTF-8': {
        const bytes = random.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
        const raw = Buffer.from(text, 'utf8');
        const at = firstString >= 0 ? Buffer.byteLength(text.slice(0, firstString + 1)) : 0;
        draft.rawBody = Buffer.concat([raw.subarray(0, at), Buffer.from(bytes), raw.subarray(at)]);
        return `invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(' ')}`;
      }
      case 'raw control character': {
        const at = firstString >= 0 ? firstString + 1 : 0;
        const control = random.pick(['\n', '\t', '\u0001', '\u0000', '\u007f']);
        setText(text.slice(0, at) + control + text.slice(at));
        return `unescaped ${JSON.stringify(control)} in a string`;
      }
      case 'whole body deep': {
        const depth = random.pick([10_000, 100_000]);
        setText(render(deepNesting(depth, random.chance(0.5) ? 'array' : 'object')));
        return `body nested ${depth} deep`;
      }
      case 'comments':
        setText(`/* fuzz */ ${text} // end`);
        return 'body with comments';
      default: {
        const value = random.pick(['', 'null', 'true', '0', '-0', '1e309', '"text"', '[]', '{}', 'NaN', "{'a':1}", '{"a":1,}', '{"a":', '[1,2', '\u0000', 'x'.repeat(100), '{"__proto__":{"x":1}}']);
        setText(value);
        return `body = ${JSON.stringify(value.slice(0, 30))}`;
      }
    }
  },
};

const CONTENT_TYPES = [
  null,
  '',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=fuzzboundary',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=bogus-8',
  'application/vnd.api+json',
  'application/csp-report',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/jsonx',
  'text/xml',
  'application/octet-stream',
];

const contentType: Mutation = {
  name: 'content-type',
  weight: (d) => (d.body === undefined && !d.rawBody ? 1 : 7),
  apply(draft, context) {
    const { random } = context;
    const op = random.weighted<string>([['type', 6], ['encoding', 2], ['form', 1]]);
    if (op === 'encoding') {
      const encoding = random.pick(['gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip']);
      draft.headers['content-encoding'] = encoding;
      return `Content-Encoding: ${encoding} (body not encoded)`;
    }
    if (op === 'form' && draft.body !== undefined) {
      draft.encoding = 'form';
      draft.headers['content-type'] = 'application/x-www-form-urlencoded';
      return 'body sent as a form';
    }
    const type = random.pick(CONTENT_TYPES);
    if (type === null) delete draft.headers['content-type'];
    else draft.headers['content-type'] = type;
    return `Content-Type: ${type === null ? '(none)' : JSON.stringify(type)}`;
  },
};

const ACCEPTS = [null, '', 'application/json', 'text/event-stream', '*/*', 'text/html', 'application/xml', 'application/json, text/event-stream;q=0', 'text/event-stream, application/json'];

const headers: Mutation = {
  name: 'headers',
  weight: () => 5,
  apply(draft, context) {
    const { random } = context;
    const op = random.weighted<string>([['accept', 3], ['protocol version', draft.channel === 'mcp' ? 3 : 0], ['origin', 2], ['session', draft.channel === 'mcp' ? 1 : 0], ['idempotency', draft.method === 'POST' ? 2 : 0], ['forwarded', 1], ['body on GET', draft.method === 'GET' ? 2 : 0]]);
    switch (op) {
      case 'protocol version': {
        const version = random.pick([null, '1999-01-01', 'x', '2025-06-18', '2025-03-26', '2024-11-05', '2025-11-25, 2025-06-18', '']);
        if (version === null) delete draft.headers['mcp-protocol-version'];
        else draft.headers['mcp-protocol-version'] = version;
        return `MCP-Protocol-Version: ${version === null ? '(none)' : JSON.stringify(version)}`;
      }
      case 'origin': {
        const origin = random.pick(['http://evil.example', 'null', context.baseUrl, `${context.baseUrl}/`, 'file://']);
        draft.headers.origin = origin;
        return `Origin: ${origin}`;
      }
      case 'session':
        draft.headers['mcp-session-id'] = random.pick(['fuzz-session', '', '0'.repeat(200)]);
        return 'Mcp-Session-Id sent';
      case 'idempotency': {
        const key = random.pick(['', ' ', 'k'.repeat(201), 'fuzz-fixed-key', '\u00ff\u00fe', `fuzz-${random.int(1, 5)}`]);
        draft.headers['idempotency-key'] = key;
        return `Idempotency-Key: ${JSON.stringify(key.slice(0, 20))}`;
      }
      case 'forwarded':
        draft.headers['x-forwarded-for'] = random.pick(['1.2.3.4', 'garbage', '127.0.0.1, 10.0.0.1']);
        draft.headers['x-forwarded-host'] = 'evil.example';
        return 'X-Forwarded-For/Host sent';
      case 'body on GET':
        draft.body = toNode({ q: 'body on a GET', limit: 'x' });
        draft.headers['content-type'] = 'application/json';
        return 'JSON body on a GET';
      default: {
        const accept = random.pick(ACCEPTS);
        if (accept === null) delete draft.headers.accept;
        else draft.headers.accept = accept;
        return `Accept: ${accept === null ? '(none)' : JSON.stringify(accept)}`;
      }
    }
  },
};

const credential: Mutation = {
  name: 'credential',
  weight: () => 4,
  apply(draft, context) {
    const { random, fixture } = context;
    const current = (draft.headers.authorization ?? '').replace(/^Bearer /, '');
    const forgedJwt = (header: object, payload: object) =>
      `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    const value = random.pick<string | null>([
      null,
      'Bearer',
      'Bearer ',
      `bearer ${current}`,
      `Bearer  ${current}  `,
      `Bearer ${current} ${current}`,
      `Basic ${Buffer.from(`x:${current}`).toString('base64')}`,
      `Token ${current}`,
      `Bearer ${current}x`,
      `Bearer ${current.slice(0, -1)}`,
      `Bearer ohd_sk_${random.alphanumeric(32)}`,
      `Bearer ohd_sk_${random.alphanumeric(5)}`,
      `Bearer ${fixture.keys.revoked}`,
      `Bearer ${forgedJwt({ alg: 'none', typ: 'JWT' }, { sub: fixture.staffUsers[0], role: 'admin', exp: 9_999_999_999 })}`,
      `Bearer ${forgedJwt({ alg: 'HS256', typ: 'JWT' }, { sub: fixture.staffUsers[0], role: 'admin', exp: 9_999_999_999 })}signature`,
      'Bearer a.b.c',
      'Bearer ....',
      `Bearer ${'A'.repeat(6000)}`,
      'Bearer \u00ff\u00fe\u00fd',
    ]);
    if (value === null) {
      delete draft.headers.authorization;
      if (random.chance(0.3)) draft.headers.cookie = 'koa.sess=forged; strapi_admin_refresh=forged';
      return `no Authorization${draft.headers.cookie ? ', a session cookie' : ''}`;
    }
    draft.headers.authorization = value;
    return `Authorization: ${value.slice(0, 24)}…`;
  },
};

const method: Mutation = {
  name: 'method',
  weight: () => 2,
  apply(draft, context) {
    const verb = context.random.pick(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'POST', 'TRACE']);
    draft.method = verb;
    return `method ${verb}`;
  },
};

const pathParam: Mutation = {
  name: 'path',
  weight: (d) => (d.params.length > 0 ? 8 : d.channel === 'rest' ? 1 : 0),
  apply(draft, context) {
    const { random } = context;
    if (draft.params.length === 0) {
      draft.pathTemplate = `${draft.pathTemplate}/${random.pick(['x', '%00', '..', '%2e%2e', 'extra/segments'])}`;
      return 'extra path segment';
    }
    const at = random.int(0, draft.params.length - 1);
    const raw = draft.params[at] as string;
    let current = raw;
    try {
      current = decodeURIComponent(raw);
    } catch {
      /* an earlier mutation left it undecodable on purpose */
    }
    const hostile = random.chance(0.5) ? oddId(random, current, knownIds(context.fixture)) : null;
    const value = hostile
      ? encodeLoosely(typeof hostile.value === 'string' ? hostile.value : render(hostile.value))
      : random.pick(['%00', '%ED%A0%80', '%FF', '%', '%zz', '..%2F..%2Fadmin', 'x'.repeat(5000), '%20', '', encodeLoosely('\u202e'), `${raw}%00`, `${raw}.json`]);
    draft.params[at] = value;
    return `path id = ${hostile ? hostile.name : JSON.stringify(value.slice(0, 20))}`;
  },
};

const query: Mutation = {
  name: 'query',
  weight: (d) => (d.method === 'GET' ? 12 : 1),
  apply(draft, context) {
    const { random, canary } = context;
    const fields = ['status', 'priority', 'assignee_id', 'category', 'q', 'limit', 'cursor', 'all'];
    const op = random.weighted<string>([['value', 5], ['array', 2], ['nested', 2], ['prototype', 2], ['repeat', 1], ['long', 1], ['raw', 1]]);
    const field = random.pick(fields);
    const set = (key: string, value: string) => {
      draft.query = draft.query.filter(([k]) => k !== key);
      draft.query.push([key, value]);
    };
    switch (op) {
      case 'array':
        draft.query.push([`${field}[]`, 'a'], [`${field}[]`, 'b']);
        return `query ${field}[] twice`;
      case 'nested':
        draft.query.push([`${field}${'[a]'.repeat(random.pick([2, 30]))}`, '1']);
        return `query ${field} nested`;
      case 'prototype': {
        const key = random.pick([`__proto__[${canary.key}]`, `constructor[prototype][${canary.key}]`, `${field}[__proto__][${canary.key}]`, '__proto__']);
        draft.query.push([key, canary.value]);
        return `query ${key.split('[')[0]} key`;
      }
      case 'repeat':
        draft.query.push([field, '1'], [field, '2']);
        return `query ${field} repeated`;
      case 'long':
        set(field, 'q'.repeat(random.pick([201, 7000])));
        return `query ${field} long`;
      case 'raw':
        set(field, random.pick(['%00', '%ED%A0%80', '%', '%FF%FE', '%E2%80%AE']));
        return `query ${field} raw bytes`;
      default: {
        if (field === 'cursor') {
          const hostile = forgedCursor(random, context.cursor);
          set('cursor', encodeLoosely(String(hostile.value)));
          return `query ${hostile.name}`;
        }
        const hostile = random.weighted<() => Hostile>([
          [() => oddNumber(random), 2],
          [() => oddText(random, 'x'), 3],
          [() => oddId(random, context.fixture.staffUsers[0] ?? '', knownIds(context.fixture)), 1],
        ])();
        set(field, encodeLoosely(typeof hostile.value === 'string' ? hostile.value : render(hostile.value)));
        return `query ${field} = ${hostile.name}`;
      }
    }
  },
};

const envelope: Mutation = {
  name: 'json-rpc',
  weight: (d) => (d.channel === 'mcp' && d.body instanceof ObjectNode ? 16 : 0),
  apply(draft, context) {
    const { random } = context;
    const message = draft.body as ObjectNode;
    const params = message.get('params');
    const op = random.weighted<string>([
      ['jsonrpc', 2],
      ['id', 3],
      ['method', 3],
      ['params', 2],
      ['tool name', params instanceof ObjectNode && params.get('name') !== undefined ? 3 : 0],
      ['arguments', params instanceof ObjectNode && params.get('arguments') !== undefined ? 2 : 0],
      ['_meta', 1],
      ['batch', 3],
      ['response', 1],
    ]);
    const setOrDrop = (node: ObjectNode, key: string, value: JsonNode | undefined) => {
      if (value === undefined) {
        const at = node.entries.findIndex(([k]) => k === key);
        if (at >= 0) node.entries.splice(at, 1);
      } else node.set(key, value);
    };
    switch (op) {
      case 'jsonrpc': {
        const value = random.pick<JsonNode | undefined>([undefined, '1.0', 2, null, '2.0 ', '3.0']);
        setOrDrop(message, 'jsonrpc', value);
        return `jsonrpc = ${value === undefined ? '(none)' : render(value)}`;
      }
      case 'id': {
        const value = random.pick<JsonNode | undefined>([undefined, null, new ObjectNode(), [], 1.5, -1, 'x'.repeat(10_000), true, new RawJson('1e309'), '', 0]);
        setOrDrop(message, 'id', value);
        return `id = ${value === undefined ? '(none)' : render(value).slice(0, 20)}`;
      }
      case 'method': {
        const value = random.pick([
          'tools/call', 'tools/list', 'initialize', 'ping', 'resources/list', 'resources/read', 'resources/templates/list', 'prompts/list', 'prompts/get',
          'logging/setLevel', 'completion/complete', 'sampling/createMessage', 'elicitation/create', 'roots/list', 'tasks/list', 'tasks/get',
          'notifications/cancelled', 'notifications/progress', 'notifications/roots/list_changed', 'nonexistent', '', 'TOOLS/LIST', 'tools/call\u0000',
          'rpc.discover', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
        ]);
        message.set('method', random.chance(0.1) ? wrongType(random).value : value);
        return `method = ${JSON.stringify(value)}`;
      }
      case 'params': {
        const value = random.pick<JsonNode | undefined>([undefined, [], 'x', 1, null, deepNesting(10_000, 'object'), new ObjectNode()]);
        setOrDrop(message, 'params', value);
        return `params = ${value === undefined ? '(none)' : render(value).slice(0, 20)}`;
      }
      case 'tool name': {
        const names = ['whoami', 'list_tickets', 'create_ticket', 'assign_ticket', 'delete_everything', '', 'WHOAMI', 'whoami\u0000', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'list_plugin-helpdesk_ticket'];
        const value = random.chance(0.15) ? wrongType(random).value : random.pick(names);
        (params as ObjectNode).set('name', value);
        return `tool name = ${render(value).slice(0, 24)}`;
      }
      case 'arguments': {
        const value = random.pick<JsonNode | undefined>([undefined, null, [], 'x', 1, new RawJson('1e309'), deepNesting(10_000, 'array')]);
        setOrDrop(params as ObjectNode, 'arguments', value);
        return `arguments = ${value === undefined ? '(none)' : render(value).slice(0, 20)}`;
      }
      case '_meta': {
        const target = params instanceof ObjectNode ? params : message;
        const value = random.pick<JsonNode>([new ObjectNode([['progressToken', new ObjectNode()]]), 'x', new ObjectNode([['progressToken', 1]]), new ObjectNode([['__proto__', new ObjectNode([[context.canary.key, context.canary.value]])]])]);
        target.set('_meta', value);
        return '_meta added';
      }
      case 'response': {
        const reply = random.chance(0.5)
          ? new ObjectNode([['jsonrpc', '2.0'], ['id', 1], ['result', new ObjectNode()]])
          : new ObjectNode([['jsonrpc', '2.0'], ['id', 1], ['error', new ObjectNode([['code', -1], ['message', 'x']])]]);
        draft.body = reply;
        return 'a JSON-RPC response instead of a request';
      }
      default: {
        const shape = random.pick(['one', 'two', 'empty', 'numbers', 'mixed', 'nested', 'many']);
        const copy = () => cloneNode(message);
        const batches: Record<string, JsonNode> = {
          one: [copy()],
          two: [copy(), copy()],
          empty: [],
          numbers: [1, 2, 3],
          mixed: [copy(), 'garbage', null],
          nested: [[copy()]],
          many: Array.from({ length: 200 }, copy),
        };
        draft.body = batches[shape] as JsonNode;
        return `batch: ${shape}`;
      }
    }
  },
};

/** Ticket lists take a cursor: forged ones are aimed at them often, since a cursor reaches the SQL. */
const LISTS = new Set(['REST GET /tickets', 'MCP tools/call list_tickets']);

const cursor: Mutation = {
  name: 'cursor',
  weight: (d) => (LISTS.has(d.seed) ? 10 : 0),
  apply(draft, context) {
    const hostile = forgedCursor(context.random, context.cursor);
    const text = typeof hostile.value === 'string' ? hostile.value : render(hostile.value);
    if (draft.channel === 'mcp') {
      const params = draft.body instanceof ObjectNode ? draft.body.get('params') : undefined;
      const args = params instanceof ObjectNode ? params.get('arguments') : undefined;
      if (!(args instanceof ObjectNode)) return 'no arguments to put a cursor in';
      args.set('cursor', text);
    } else {
      draft.query = [...draft.query.filter(([k]) => k !== 'cursor'), ['cursor', encodeLoosely(text)]];
    }
    return hostile.name;
  },
};

const MUTATIONS: Mutation[] = [cursor, replaceValue, editKeys, bigValue, rawBody, contentType, headers, credential, method, pathParam, query, envelope];

/** Applies one mutation fitting the draft and records what it did. */
export const mutate = (draft: Draft, context: MutationContext): void => {
  const choices = MUTATIONS.map((m) => [m, m.weight(draft)] as const).filter(([, w]) => w > 0);
  const mutation = context.random.weighted(choices);
  draft.mutations.push(`${mutation.name}: ${mutation.apply(draft, context)}`);
};

/** The mutation kinds, for the summary's per-kind counts. */
export const mutationKinds = (): string[] => MUTATIONS.map((m) => m.name);

