import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { ACTORS, EXPECTED_CREATE, cells, type MatrixActor, type MatrixOperation, type Outcome } from '../fixtures/permission-matrix';
import { SEEDED_NOTE, seedMatrixWorld, type MatrixWorld } from '../fixtures/matrix-world';
import { makeMostOverdue, nextCells } from '../fixtures/permission-matrix-sla';
import { callTool, readyClient } from './mcp-support';

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

describe('the permission matrix over MCP', () => {
  let app: TestApp;
  let world: MatrixWorld;
  const clients = {} as Record<MatrixActor, Client>;

  beforeAll(async () => {
    app = await startHelpdesk();
    world = await seedMatrixWorld(app.strapi);
    for (const actor of ACTORS) clients[actor] = await readyClient(app, world.keys[actor]);
  });
  afterAll(async () => {
    for (const client of Object.values(clients)) await client?.close();
    await app?.stop();
  });

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

describe('next_ticket over MCP, against its permission matrix', () => {
  let app: TestApp;
  let world: MatrixWorld;
  const clients = {} as Record<MatrixActor, Client>;
  beforeAll(async () => {
    app = await startHelpdesk();
    world = await seedMatrixWorld(app.strapi);
    for (const actor of ACTORS) clients[actor] = await readyClient(app, world.keys[actor]);
  });
  afterAll(async () => {
    for (const client of Object.values(clients)) await client?.close();
    await app?.stop();
  });

  it.each(nextCells())('$actor next_ticket offers $target → $expected', async ({ actor, target, expected }) => {
    await makeMostOverdue(app.strapi, world, target);
    const result = await callTool(clients[actor], 'next_ticket', {});
    if (result.isError) return expect(outcomeOf(result)).toBe(expected);
    const { ticket } = result.structuredContent as { ticket: { id: string } | null };
    expect(ticket?.id === world.tickets[target] ? 'ok' : 'not_found').toBe(expected);
  });
});
