import { escapeMarkdown, fillPlaceholders, unknownPlaceholders, type PlaceholderValues } from '../../src/plugins/helpdesk/server/src/services/canned-placeholders';

const VALUES: PlaceholderValues = {
  'ticket.id': '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  'ticket.subject': 'Printer jams',
  'ticket.status': 'New',
  'ticket.priority': 'High',
  'ticket.category': 'Printers',
  'submitter.name': 'uma',
  'agent.name': 'sam',
};

describe('canned response placeholders', () => {
  it('fills each known placeholder, spaces inside the braces allowed', () => {
    expect(fillPlaceholders('{{ticket.subject}}/{{ ticket.id }}/{{submitter.name}}/{{agent.name}}', VALUES)).toBe('Printer jams/01ARZ3NDEKTSV4RRFFQ69G5FAV/uma/sam');
  });

  it('leaves a placeholder it does not know visible (a response saved before the set changed)', () => {
    expect(fillPlaceholders('Hi {{customer.name}}', VALUES)).toBe('Hi {{customer.name}}');
  });

  it('never fills a placeholder that a value spells out', () => {
    expect(fillPlaceholders('{{ticket.subject}}', { ...VALUES, 'ticket.subject': '{{agent.name}}' })).toBe('\\{\\{agent.name\\}\\}');
  });

  it.each([
    ['**bold** _it_ `code` ~s~', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~s\\~'],
    ['[x](http://e.example) ![i](http://t.example)', '\\[x\\](http://e.example) !\\[i\\](http://t.example)'],
    ['<script>alert(1)</script> &amp;', '\\<script\\>alert(1)\\</script\\> \\&amp;'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['line one\nline two\r\n\r\nthree', 'line one line two three'],
    ['a | b \\ c', 'a \\| b \\\\ c'],
    ['zero\u200Bwidth \u202Ebidi', 'zerowidth bidi'],
    ['Wi-Fi down at 9.30!', 'Wi-Fi down at 9.30!'],
  ])('escapes %j as literal Markdown', (value, expected) => {
    expect(escapeMarkdown(value)).toBe(expected);
  });

  it('names every unknown placeholder once, for a validation error at save time', () => {
    expect(unknownPlaceholders('body', '{{ticket.subjet}} {{ticket.subjet}} {{}} {{ticket.subject}}').map((i) => [i.field, i.rule, i.message.split(' ')[0]])).toEqual([
      ['body', 'placeholder', '{{ticket.subjet}}'],
      ['body', 'placeholder', '{{}}'],
    ]);
  });
});
