import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { request } from '../helpers/http';
import { EXPECTED_CREATE, ACTORS, cells, type MatrixOperation, type Outcome } from '../fixtures/permission-matrix';
import { SEEDED_NOTE, seedMatrixWorld, type MatrixWorld } from '../fixtures/matrix-world';
import { EXPECTED_SEARCH, NOTE_QUERY, SUBJECT_QUERY, searchCells } from '../fixtures/permission-matrix-search';

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

describe('the search matrix over REST (permission-matrix-search.ts)', () => {
  let app: TestApp;
  let world: MatrixWorld;
  beforeAll(async () => {
    app = await startHelpdesk();
    world = await seedMatrixWorld(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(searchCells())('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const query = operation === 'search' ? SUBJECT_QUERY[target] : NOTE_QUERY;
    const res = await request(app.baseUrl, 'GET', `/api/helpdesk/search?limit=100&query=${encodeURIComponent(query)}`, { token: world.keys[actor] });
    expect(res.status).toBe(200);
    const hits = res.body.data as Array<{ ticket: { id: string }; matched: string }>;
    const hit = hits.find((h) => h.ticket.id === world.tickets[target]);
    if (operation === 'search') return expect(hit ? 'ok' : 'not_found').toBe(expected);
    // Through the note, or not at all: whether the ticket is visible is the other operation's cell.
    expect(hits.every((h) => h.matched === 'note')).toBe(true);
    const visible = EXPECTED_SEARCH[actor][target] === 'ok';
    expect(hit ? 'ok' : visible ? 'forbidden' : 'not_found').toBe(expected);
  });
});
