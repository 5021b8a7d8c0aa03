import { HelpdeskError, invalid } from '../../src/plugins/helpdesk/server/src/errors';
import { sanitizeOutput, stripInvisible } from '../../src/plugins/helpdesk/server/src/mcp/sanitize';
import { toolResult, toToolResult } from '../../src/plugins/helpdesk/server/src/mcp/tool-result';

describe('MCP output: invisible characters', () => {
  it.each([
    ['zero-width space, joiners, word joiner, BOM', 'a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf', 'abcdef'],
    ['bidi embeddings and overrides', 'x\u202Ay\u202Bz\u202C\u202D\u202Eend', 'xyzend'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['bidi marks and the Arabic letter mark', 'l\u200Er\u200Fa\u061C', 'lra'],
    ['Unicode tags (hidden ASCII)', `ok${String.fromCodePoint(0xe0001, 0xe0049, 0xe0067, 0xe006e, 0xe007f)}`, 'ok'],
    ['soft hyphen and supplementary variation selectors', `in\u00ADvisible${String.fromCodePoint(0xe0100)}`, 'invisible'],
  ])('strips %s', (_name, input, expected) => {
    expect(stripInvisible(input)).toBe(expected);
  });

  it('keeps ordinary text, accents, other scripts and emoji as they are', () => {
    const text = 'Crème brûlée, Ελληνικά, 日本語, עברית, مرحبا ❤️ 👍🏽';
    expect(stripInvisible(text)).toBe(text);
  });

  it('cleans every string of a nested value, keys included, and keeps the rest', () => {
    const value = {
      subject: 'Pay\u200Broll',
      count: 3,
      flag: true,
      none: null,
      skipped: undefined,
      when: new Date('2026-01-02T03:04:05Z'),
      replies: [{ body: '\u202Eevil', tags: ['a\u2066b'] }],
      ['ke\u200By']: 'v',
    };
    expect(sanitizeOutput(value)).toEqual({
      subject: 'Payroll',
      count: 3,
      flag: true,
      none: null,
      when: '2026-01-02T03:04:05.000Z',
      replies: [{ body: 'evil', tags: ['ab'] }],
      key: 'v',
    });
  });
});

describe('MCP tool results', () => {
  it('carries the same cleaned JSON as structured content and as text', () => {
    const result = toolResult({ tickets: [{ subject: 'Hi\u200B' }], next_cursor: null });
    expect(result.structuredContent).toEqual({ tickets: [{ subject: 'Hi' }], next_cursor: null });
    expect(result.content).toEqual([{ type: 'text', text: '{"tickets":[{"subject":"Hi"}],"next_cursor":null}' }]);
    expect(result.isError).toBeUndefined();
  });

  it('turns a help-desk error into isError, its message as text and the error object as structured content', () => {
    const result = toToolResult(invalid([{ field: 'subject', rule: 'max', message: 'must be at most 255 characters' }]));
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'subject: must be at most 255 characters' }],
      structuredContent: {
        code: 'validation_error',
        message: 'subject: must be at most 255 characters',
        details: { fields: [{ field: 'subject', rule: 'max', message: 'must be at most 255 characters' }] },
      },
    });
    expect(toToolResult(new HelpdeskError('not_found', 'No ticket')).structuredContent).toEqual({ code: 'not_found', message: 'No ticket' });
  });

  it('never passes on the message of an unexpected error', () => {
    const result = toToolResult(new Error('SQLITE_ERROR: no such column: secret_sauce at /srv/app.js:12'));
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toEqual({ code: 'internal', message: expect.not.stringContaining('SQLITE') });
    expect(JSON.stringify(result)).not.toMatch(/SQLITE|secret_sauce|app\.js/);
  });
});
