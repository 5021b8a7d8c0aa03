import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TestApp } from '../helpers/strapi';
import { ACTORS, EXPECTED_CREATE, TARGETS, cells, type MatrixActor, type MatrixOperation, type MatrixTarget, type Outcome } from '../fixtures/permission-matrix';
import { attachmentCells, type AttachmentOperation, type AttachmentWorld } from '../fixtures/permission-matrix-attachments';
import { CANNED_TARGETS, EXPECTED_CANNED_READ, EXPECTED_CANNED_RENDER, type CannedTarget } from '../fixtures/permission-matrix-canned';
import { startMatrixApp, stopMatrixApp, type MatrixApp } from '../fixtures/matrix-app';
import { SEEDED_NOTE, type MatrixWorld } from '../fixtures/matrix-world';
import { callTool, readyClient } from './mcp-support';
import { EXPECTED_LIST_TAGS, MATRIX_TAG, tagCells } from '../fixtures/permission-matrix-tags';
import { EXPECTED_SEARCH, NOTE_QUERY, SUBJECT_QUERY, searchCells } from '../fixtures/permission-matrix-search';
import { makeMostOverdue, nextCells } from '../fixtures/permission-matrix-sla';

/**
 * The tool each matrix operation is, over MCP (list is checked by whether the ticket shows in list_tickets,
 * internal by whether get_ticket shows the seeded note).
 */
const TOOL: Record<Exclude<MatrixOperation, 'list' | 'internal'>, string> = {
  get: 'get_ticket',
  reply: 'reply_to_ticket',
  note: 'reply_to_ticket',
  status: 'update_ticket_status',
  assign: 'assign_ticket',
};

const outcomeOf = (result: { isError?: boolean; structuredContent?: Record<string, unknown> }): Outcome | string =>
  result.isError ? String(result.structuredContent?.code) : 'ok';

// One app, and one MCP client per actor, for every table below (matrix-app.ts says why that is sound); the tables
// run in this order.
let matrix: MatrixApp | undefined;
let app: TestApp;
let world: MatrixWorld;
let canned: Record<CannedTarget, string>;
let files: AttachmentWorld;
const clients = {} as Record<MatrixActor, Client>;
beforeAll(async () => {
  matrix = await startMatrixApp();
  ({ app, world, canned, files } = matrix);
  for (const actor of ACTORS) clients[actor] = await readyClient(app, world.keys[actor]);
}, 180_000);
afterAll(async () => {
  for (const client of Object.values(clients)) await client?.close();
  await stopMatrixApp(matrix);
});

describe('the permission matrix over MCP', () => {
  it.each(cells())('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const id = world.tickets[target];
    if (operation === 'list') {
      const result = await callTool(clients[actor], 'list_tickets', { limit: 100 });
      expect(result.isError).toBeFalsy();
      const listed = (result.structuredContent as { tickets: Array<{ id: string }> }).tickets.some((t) => t.id === id);
      expect(listed ? 'ok' : 'not_found').toBe(expected);
      return;
    }
    if (operation === 'internal') {
      const result = await callTool(clients[actor], 'get_ticket', { ticket_id: id });
      if (result.isError) return expect(outcomeOf(result)).toBe(expected);
      const { replies } = result.structuredContent as { replies: Array<{ body: string }> };
      expect(replies.filter((r) => r.body === SEEDED_NOTE).length === 1 ? 'ok' : 'forbidden').toBe(expected);
      return;
    }
    const result = await callTool(clients[actor], TOOL[operation], { ticket_id: id, ...world.input(operation, target) });
    expect(outcomeOf(result)).toBe(expected);
  });

  it.each(ACTORS)('%s creating a ticket', async (actor) => {
    const { categories } = (await callTool(clients.admin, 'list_categories')).structuredContent as { categories: Array<{ id: string }> };
    const result = await callTool(clients[actor], 'create_ticket', {
      subject: `Created by ${actor}`,
      description: 'Printer on fire',
      category_id: categories[0]?.id,
    });
    expect(outcomeOf(result)).toBe(EXPECTED_CREATE[actor]);
  });
});

describe('the canned-response matrix over MCP', () => {
  it.each(ACTORS.flatMap((a) => TARGETS.map((t) => [a, t, EXPECTED_CANNED_RENDER[a][t]] as const)))('%s render_canned_response on %s → %s', async (actor, target, expected) => {
    const result = await callTool(clients[actor], 'render_canned_response', { ticket_id: world.tickets[target], response_id: canned.everyone });
    expect(outcomeOf(result)).toBe(expected);
  });

  it.each(ACTORS.flatMap((a) => CANNED_TARGETS.map((t) => [a, t, EXPECTED_CANNED_READ[a][t]] as const)))('%s list_canned_responses shows %s → %s', async (actor, target, expected) => {
    const result = await callTool(clients[actor], 'list_canned_responses', { limit: 100 });
    if (result.isError) return expect(outcomeOf(result)).toBe(expected);
    const listed = (result.structuredContent as { canned_responses: Array<{ id: string }> }).canned_responses.some((r) => r.id === canned[target]);
    expect(listed ? 'ok' : 'not_found').toBe(expected);
  });
});

describe('the attachments permission matrix over MCP', () => {
  const content_base64 = Buffer.from('matrix\n').toString('base64');
  const call = (operation: Exclude<AttachmentOperation, 'delete'>, target: MatrixTarget, client: Client) => {
    const ticket_id = world.tickets[target];
    switch (operation) {
      case 'readFile':
        return callTool(client, 'get_attachment', { attachment_id: files.descriptionFile[target] });
      case 'readNoteFile':
        return callTool(client, 'get_attachment', { attachment_id: files.noteFile[target] });
      case 'add':
        return callTool(client, 'add_attachment', { ticket_id, name: 'matrix.txt', content_base64 });
      case 'addToNote':
        return callTool(client, 'add_attachment', { ticket_id, reply_id: files.note[target], name: 'matrix.txt', content_base64 });
    }
  };

  // Deleting is offered over REST only (the thread is a record; an assistant has no tool to take a file out).
  const mcpCells = attachmentCells(ACTORS, ['own', 'inGroup', 'outOfScope', 'nonexistent']).filter((c) => c.operation !== 'delete');
  it.each(mcpCells)('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const result = await call(operation as Exclude<AttachmentOperation, 'delete'>, target, clients[actor]);
    expect(outcomeOf(result)).toBe(expected);
  });
});

describe('the tag operations of the permission matrix over MCP', () => {
  it.each(tagCells())('$actor tag $target → $expected', async ({ actor, target, expected }) => {
    const result = await callTool(clients[actor], 'tag_ticket', { ticket_id: world.tickets[target], add: [MATRIX_TAG] });
    expect(outcomeOf(result)).toBe(expected);
  });

  it.each(ACTORS)('%s listing tags', async (actor) => {
    expect(outcomeOf(await callTool(clients[actor], 'list_tags'))).toBe(EXPECTED_LIST_TAGS[actor]);
  });
});

describe('the search matrix over MCP (permission-matrix-search.ts)', () => {
  it.each(searchCells())('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const query = operation === 'search' ? SUBJECT_QUERY[target] : NOTE_QUERY;
    const result = await callTool(clients[actor], 'search_tickets', { query, limit: 100 });
    expect(result.isError).toBeFalsy();
    const { hits } = result.structuredContent as { hits: Array<{ ticket: { id: string }; matched: string }> };
    const hit = hits.find((h) => h.ticket.id === world.tickets[target]);
    if (operation === 'search') return expect(hit ? 'ok' : 'not_found').toBe(expected);
    expect(hits.every((h) => h.matched === 'note')).toBe(true);
    const visible = EXPECTED_SEARCH[actor][target] === 'ok';
    expect(hit ? 'ok' : visible ? 'forbidden' : 'not_found').toBe(expected);
  });
});

describe('next_ticket over MCP, against its permission matrix', () => {
  it.each(nextCells())('$actor next_ticket offers $target → $expected', async ({ actor, target, expected }) => {
    await makeMostOverdue(app.strapi, world, target);
    const result = await callTool(clients[actor], 'next_ticket', {});
    if (result.isError) return expect(outcomeOf(result)).toBe(expected);
    const { ticket } = result.structuredContent as { ticket: { id: string } | null };
    expect(ticket?.id === world.tickets[target] ? 'ok' : 'not_found').toBe(expected);
  });
});
