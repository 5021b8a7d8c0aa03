import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { request } from '../helpers/http';
import { EXPECTED_CREATE, ACTORS, cells, type MatrixOperation, type Outcome } from '../fixtures/permission-matrix';
import { SEEDED_NOTE, seedMatrixWorld, type MatrixWorld } from '../fixtures/matrix-world';
import { makeMostOverdue, nextCells } from '../fixtures/permission-matrix-sla';

const OUTCOME_BY_STATUS: Record<number, Outcome> = { 200: 'ok', 201: 'ok', 403: 'forbidden', 404: 'not_found' };

const ROUTE: Record<Exclude<MatrixOperation, 'list' | 'internal'>, (id: string) => [string, string]> = {
  get: (id) => ['GET', `/api/helpdesk/tickets/${id}`],
  reply: (id) => ['POST', `/api/helpdesk/tickets/${id}/replies`],
  note: (id) => ['POST', `/api/helpdesk/tickets/${id}/replies`],
  status: (id) => ['PUT', `/api/helpdesk/tickets/${id}/status`],
  assign: (id) => ['PUT', `/api/helpdesk/tickets/${id}/assignment`],
};

describe('the permission matrix over REST', () => {
  let app: TestApp;
  let world: MatrixWorld;
  beforeAll(async () => {
    app = await startHelpdesk();
    world = await seedMatrixWorld(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(cells())('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const key = world.keys[actor];
    const id = world.tickets[target];
    if (operation === 'list') {
      const res = await request(app.baseUrl, 'GET', '/api/helpdesk/tickets?limit=100', { token: key });
      expect(res.status).toBe(200);
      const listed = res.body.data.some((t: { id: string }) => t.id === id);
      expect(listed ? 'ok' : 'not_found').toBe(expected);
      return;
    }
    if (operation === 'internal') {
      const res = await request(app.baseUrl, 'GET', `/api/helpdesk/tickets/${id}`, { token: key });
      if (res.status !== 200) return expect([res.status, res.body.error.code]).toEqual([404, expected]);
      const notes = res.body.data.replies.filter((r: { body: string }) => r.body === SEEDED_NOTE);
      expect(notes.length === 1 ? 'ok' : 'forbidden').toBe(expected);
      return;
    }
    const [method, path] = ROUTE[operation](id);
    const body = method === 'GET' ? undefined : world.input(operation, target);
    const res = await request(app.baseUrl, method, path, { token: key, body });
    expect([res.status, OUTCOME_BY_STATUS[res.status]]).toEqual([expect.any(Number), expected]);
    if (expected !== 'ok') expect(res.body.error.code).toBe(expected);
  });

  it.each(ACTORS)('%s creating a ticket', async (actor) => {
    const categories = await request(app.baseUrl, 'GET', '/api/helpdesk/categories', { token: world.keys.admin });
    const res = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
      token: world.keys[actor],
      body: { subject: `Created by ${actor}`, description: 'Printer on fire', category_id: categories.body.data[0].id },
    });
    expect(OUTCOME_BY_STATUS[res.status]).toBe(EXPECTED_CREATE[actor]);
  });
});

describe('next_ticket over REST, against its permission matrix', () => {
  let app: TestApp;
  let world: MatrixWorld;
  beforeAll(async () => {
    app = await startHelpdesk();
    world = await seedMatrixWorld(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(nextCells())('$actor next_ticket offers $target → $expected', async ({ actor, target, expected }) => {
    await makeMostOverdue(app.strapi, world, target);
    const res = await request(app.baseUrl, 'GET', '/api/helpdesk/tickets/next', { token: world.keys[actor] });
    if (res.status !== 200) return expect([res.status, res.body.error.code]).toEqual([403, expected]);
    expect(res.body.data.ticket?.id === world.tickets[target] ? 'ok' : 'not_found').toBe(expected);
  });
});
