import { deepNesting, ObjectNode, RawJson, type JsonNode } from './json-tree';
import type { Random } from './random';

/**
 * The values a hostile or broken client puts where a field's value goes, each with a short name for the report.
 * Values are built fresh on every call: mutations edit trees in place.
 */

export interface Hostile {
  name: string;
  value: JsonNode;
}

export interface Canary {
  /** A key no code would ever read, planted on Object.prototype if pollution worked. */
  key: string;
  value: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidLike = (random: Random, length = 26, alphabet = CROCKFORD): string => {
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
};

export const wrongType = (random: Random): Hostile =>
  random.pick<() => Hostile>([
    () => ({ name: 'null', value: null }),
    () => ({ name: 'true', value: true }),
    () => ({ name: 'false', value: false }),
    () => ({ name: 'number 0', value: 0 }),
    () => ({ name: 'number -1', value: -1 }),
    () => ({ name: 'number 1.5', value: 1.5 }),
    () => ({ name: 'empty string', value: '' }),
    () => ({ name: 'string', value: 'fuzz' }),
    () => ({ name: 'empty array', value: [] }),
    () => ({ name: 'array', value: [1, 'a', null] }),
    () => ({ name: 'empty object', value: new ObjectNode() }),
    () => ({ name: 'object', value: new ObjectNode([['a', 1]]) }),
  ])();

export const oddNumber = (random: Random): Hostile =>
  random.pick<Hostile>([
    { name: '1e309 (Infinity)', value: new RawJson('1e309') },
    { name: '-1e309', value: new RawJson('-1e309') },
    { name: '-0', value: new RawJson('-0') },
    { name: '1e-400', value: new RawJson('1e-400') },
    { name: '2^53+1', value: new RawJson('9007199254740993') },
    { name: '2^31', value: 2147483648 },
    { name: '-2^31-1', value: -2147483649 },
    { name: '1e21', value: new RawJson('1e21') },
    { name: '1E2', value: new RawJson('1E2') },
    { name: '101', value: 101 },
    { name: '0', value: 0 },
    { name: '1.0000001', value: 1.0000001 },
    { name: '"NaN"', value: 'NaN' },
    { name: '"Infinity"', value: 'Infinity' },
    { name: '"-Infinity"', value: '-Infinity' },
    { name: '"1e309"', value: '1e309' },
    { name: '"0x10"', value: '0x10' },
    { name: '" 5 "', value: ' 5 ' },
    { name: '"5abc"', value: '5abc' },
    { name: '"-0"', value: '-0' },
    { name: '"1_000"', value: '1_000' },
  ]);

/** Text with the characters that break naive code: NUL, unpaired surrogates, invisible and direction marks. */
export const oddText = (random: Random, base: string): Hostile => {
  const at = random.int(0, base.length);
  const insert = (name: string, text: string): Hostile => ({ name, value: base.slice(0, at) + text + base.slice(at) });
  return random.pick<() => Hostile>([
    () => insert('NUL', '\u0000'),
    () => ({ name: 'only NUL', value: '\u0000' }),
    () => insert('lone high surrogate', '\ud800'),
    () => insert('lone low surrogate', '\udc00'),
    () => insert('reversed surrogate pair', '\udc00\ud800'),
    () => ({ name: 'ends in a high surrogate', value: `${base}\udbff` }),
    () => insert('BOM', '\ufeff'),
    () => insert('zero-width space', '\u200b'),
    () => insert('bidi override', '\u202e'),
    () => insert('Unicode tags', '\u{E0041}\u{E0042}'),
    () => insert('emoji', '\u{1F525}\u{1F469}\u200d\u{1F4BB}'),
    () => insert('combining marks', 'e\u0301\u0301\u0301'),
    () => insert('C0 controls', '\u0001\u0007\u001b[31m'),
    () => insert('CRLF', '\r\nX-Injected: 1\r\n'),
    () => insert('U+FFFF', '\uffff'),
    () => ({ name: 'whitespace only', value: ' \t\n ' }),
    () => ({ name: 'SQL', value: `${base}' OR '1'='1'; --` }),
    () => ({ name: 'LIKE wildcards', value: '%_%\\' }),
    () => ({ name: 'path traversal', value: '../../../etc/passwd' }),
    () => ({ name: 'HTML', value: '<script>alert(1)</script>' }),
    () => ({ name: 'template', value: '${7*7}{{7*7}}#{7*7}' }),
  ])();
};

export const longText = (random: Random): Hostile => {
  const length = random.pick([256, 257, 50_001, 200_000]);
  return { name: `${length} characters`, value: random.pick(['x', 'é', '\u{1F525}']).repeat(length) };
};

export const deepValue = (random: Random): Hostile => {
  const depth = random.pick([10_000, 10_000, 100_000]);
  const kind = random.chance(0.5) ? 'array' : 'object';
  return { name: `${kind} nested ${depth} deep`, value: deepNesting(depth, kind) };
};

export const wideValue = (random: Random): Hostile =>
  random.chance(0.5)
    ? { name: 'array of 100000 items', value: new RawJson(`[${'0,'.repeat(99_999)}0]`) }
    : { name: 'object of 20000 keys', value: new RawJson(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`) };

/** Ids that are almost right, of the wrong kind, or not ids at all. */
export const oddId = (random: Random, current: string, knownIds: string[]): Hostile =>
  random.pick<() => Hostile>([
    () => ({ name: 'lower-case id', value: current.toLowerCase() }),
    () => ({ name: '25-character id', value: current.slice(0, 25) }),
    () => ({ name: '27-character id', value: `${current}0` }),
    () => ({ name: 'id with U', value: `${current.slice(0, 25)}U` }),
    () => ({ name: 'id with I/L/O', value: ulidLike(random, 26, 'ILO') }),
    () => ({ name: 'unknown ULID', value: ulidLike(random) }),
    () => ({ name: 'ULID beyond the time range', value: `8${ulidLike(random, 25)}` }),
    () => ({ name: 'id of another kind', value: random.pick(knownIds) }),
    () => ({ name: 'numeric id', value: random.pick([1, 0, -1]) }),
    () => ({ name: 'numeric string id', value: '1' }),
    () => ({ name: 'uuid', value: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' }),
    () => ({ name: 'id with spaces', value: ` ${current} ` }),
    () => ({ name: 'me', value: 'me' }),
    () => ({ name: 'id array', value: [current, current] }),
    () => ({ name: 'id object', value: new ObjectNode([['$ne', null]]) }),
  ])();

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors this server never issued: forged JSON inside, broken base64, odd sizes. */
export const forgedCursor = (random: Random, valid: string | undefined): Hostile =>
  random.pick<() => Hostile>([
    () => ({ name: 'cursor: random base64', value: Buffer.from(ulidLike(random, 30)).toString('base64url') }),
    () => ({ name: 'cursor: not base64', value: '!!!not-a-cursor***' }),
    () => ({ name: 'cursor: empty', value: '' }),
    () => ({ name: 'cursor: 201 characters', value: 'A'.repeat(201) }),
    () => ({ name: 'cursor: JSON object', value: base64url('{"a":1}') }),
    () => ({ name: 'cursor: empty array', value: base64url('[]') }),
    () => ({ name: 'cursor: [null, 1]', value: base64url('[null,1]') }),
    () => ({ name: 'cursor: [text, 1]', value: base64url('["hello",1]') }),
    () => ({ name: 'cursor: [number, 1]', value: base64url('[123456789,1]') }),
    () => ({ name: 'cursor: [1e308, 1]', value: base64url('[1e308,1]') }),
    () => ({ name: 'cursor: [date, 2^31]', value: base64url('[{"d":"2026-01-01T00:00:00.000Z"},2147483648]') }),
    () => ({ name: 'cursor: [date, 1e300]', value: base64url('[{"d":"2026-01-01T00:00:00.000Z"},1e300]') }),
    () => ({ name: 'cursor: [date, -5]', value: base64url('[{"d":"2026-01-01T00:00:00.000Z"},-5]') }),
    () => ({ name: 'cursor: [date, 1.5]', value: base64url('[{"d":"2026-01-01T00:00:00.000Z"},1.5]') }),
    () => ({ name: 'cursor: [date, "1"]', value: base64url('[{"d":"2026-01-01T00:00:00.000Z"},"1"]') }),
    () => ({ name: 'cursor: year -271821', value: base64url('[{"d":"-271821-04-20T00:00:00.000Z"},1]') }),
    () => ({ name: 'cursor: year +275760', value: base64url('[{"d":"+275760-09-13T00:00:00.000Z"},1]') }),
    () => ({ name: 'cursor: year 0', value: base64url('[{"d":"0000-01-01T00:00:00.000Z"},1]') }),
    () => ({ name: 'cursor: date as ms', value: base64url('[{"d":1764000000000},1]') }),
    () => ({ name: 'cursor: bad date', value: base64url('[{"d":"yesterday"},1]') }),
    () => ({ name: 'cursor: ISO text', value: base64url('["2026-01-01T00:00:00.000Z",1]') }),
    () => ({ name: 'cursor: number as ms', value: base64url('[1764000000000,1]') }),
    () => ({ name: 'cursor: negative ms', value: base64url('[-8640000000000000,1]') }),
    () => ({ name: 'cursor: text with quote', value: base64url(`["2026' OR 1=1 --",1]`) }),
    () => ({ name: 'cursor: lone surrogate', value: base64url('["\\ud800",1]') }),
    () => ({ name: 'cursor: __proto__', value: base64url('{"__proto__":{"d":"2026-01-01"},"0":1}') }),
    () => ({ name: 'cursor: deep', value: base64url(`${'['.repeat(60)}${']'.repeat(60)}`) }),
    () => ({ name: 'cursor: valid with junk', value: `${valid ?? 'WzEsMV0'}AAAA` }),
    () => ({ name: 'cursor: truncated', value: (valid ?? 'WzEsMV0').slice(0, -3) }),
  ])();

/** The keys that reach Object.prototype in naive merges, carrying the canary. */
export const prototypeKeys = (random: Random, canary: Canary): Hostile & { key: string } => {
  const payload = () =>
    new ObjectNode([
      [canary.key, canary.value],
      ['role', 'admin'],
      ['isAdmin', true],
      ['is_internal', true],
      ['read_only', false],
    ]);
  return random.pick<() => Hostile & { key: string }>([
    () => ({ name: '__proto__ key', key: '__proto__', value: payload() }),
    () => ({ name: 'constructor.prototype key', key: 'constructor', value: new ObjectNode([['prototype', payload()]]) }),
    () => ({ name: 'prototype key', key: 'prototype', value: payload() }),
    () => ({ name: '__proto__ null', key: '__proto__', value: null }),
    () => ({ name: 'toString key', key: 'toString', value: canary.value }),
    () => ({ name: 'hasOwnProperty key', key: 'hasOwnProperty', value: canary.value }),
    () => ({ name: 'valueOf key', key: 'valueOf', value: new ObjectNode([[canary.key, canary.value]]) }),
  ])();
};
