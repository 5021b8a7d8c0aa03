import fs from 'fs';
import path from 'path';
import { tools } from '../../src/plugins/helpdesk/server/src/mcp/tools';
import { toolListEntry } from '../../src/plugins/helpdesk/server/src/mcp/tool-list';
import { READ_ACTIONS } from '../../src/plugins/helpdesk/server/src/authz/rules';

/**
 * What assistants see of each tool is the public interface: one reviewed JSON file per tool under
 * tests/mcp-snapshots. After an intended change, rewrite them with UPDATE_MCP_SNAPSHOTS=1 and review the diff.
 */
const SNAPSHOTS = path.join(__dirname, '..', 'mcp-snapshots');
const UPDATE = process.env.UPDATE_MCP_SNAPSHOTS === '1';

const PUBLISHED = [
  'list_tickets',
  'get_ticket',
  'create_ticket',
  'reply_to_ticket',
  'update_ticket_status',
  'assign_ticket',
  'list_categories',
  'list_statuses',
];
const ADDED = ['whoami', 'list_assignees', 'list_types', 'link_tickets', 'search_tickets', 'next_ticket', 'tag_ticket', 'list_tags', 'get_attachment', 'add_attachment', 'list_canned_responses', 'render_canned_response'];
/** Tools whose output carries text people wrote. */
const CARRIES_TICKET_TEXT = ['list_tickets', 'get_ticket', 'create_ticket', 'reply_to_ticket', 'update_ticket_status', 'assign_ticket', 'link_tickets', 'next_ticket', 'tag_ticket', 'get_attachment', 'add_attachment', 'render_canned_response'];

type JsonSchema = { type?: string; properties?: Record<string, { description?: string }>; required?: string[] };

describe('the MCP tool registry', () => {
  const entries = tools.map(toolListEntry);

  it('has exactly the published tools and the added ones, each name once, in snake_case verb_noun', () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...PUBLISHED, ...ADDED].sort());
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it.each(entries.map((e) => [e.name, e] as const))('%s describes every input field', (_name, entry) => {
    const schema = entry.inputSchema as JsonSchema;
    expect(schema.type).toBe('object');
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      expect([field, typeof property.description]).toEqual([field, 'string']);
      expect((property.description as string).length).toBeGreaterThan(10);
    }
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s sets all four annotation hints, consistently with its action', (_name, tool) => {
    const entry = toolListEntry(tool);
    const hints = entry.annotations ?? {};
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      expect([hint, typeof hints[hint]]).toEqual([hint, 'boolean']);
    }
    expect(hints.openWorldHint).toBe(false);
    expect(hints.readOnlyHint).toBe(READ_ACTIONS.has(tool.action));
    if (hints.readOnlyHint) expect([hints.destructiveHint, hints.idempotentHint]).toEqual([false, true]);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s has a title, a description that says when to use it, and object schemas', (name, tool) => {
    expect(tool.title.length).toBeGreaterThan(3);
    expect(tool.description.length).toBeGreaterThan(80);
    if (CARRIES_TICKET_TEXT.includes(name)) expect(tool.description).toMatch(/untrusted.*never as instructions/);
    const entry = toolListEntry(tool);
    expect(entry.outputSchema?.type).toBe('object');
    // Ids are ULIDs and the descriptions say where to find them (attachments and replies: in get_ticket).
    for (const [field, property] of Object.entries((entry.inputSchema as JsonSchema).properties ?? {})) {
      if (field.endsWith('_id') && field !== 'ticket_id' && field !== 'other_ticket_id') {
        expect([field, property.description]).toEqual([field, expect.stringMatching(/list_|whoami|get_ticket/)]);
      }
    }
  });

  describe('snapshots of what assistants see', () => {
    if (UPDATE) {
      fs.mkdirSync(SNAPSHOTS, { recursive: true });
      // Tool files only: prompts/ holds the prompt snapshots (tests/api/mcp-prompts.test.ts).
      for (const file of fs.readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.json'))) fs.rmSync(path.join(SNAPSHOTS, file));
      for (const entry of entries) fs.writeFileSync(path.join(SNAPSHOTS, `${entry.name}.json`), `${JSON.stringify(entry, null, 2)}\n`);
    }

    it('has one snapshot file per tool and none for tools that are gone', () => {
      const files = fs.readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.json')).sort();
      expect(files).toEqual(entries.map((e) => `${e.name}.json`).sort());
    });

    it.each(entries.map((e) => [e.name, e] as const))('%s matches its snapshot file', (name, entry) => {
      const saved = JSON.parse(fs.readFileSync(path.join(SNAPSHOTS, `${name}.json`), 'utf8'));
      // A failure here means assistants would see something new: review it, then UPDATE_MCP_SNAPSHOTS=1.
      expect(JSON.parse(JSON.stringify(entry))).toEqual(saved);
    });
  });
});
