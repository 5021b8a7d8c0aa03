import type { TestApp } from '../helpers/strapi';
import { request } from '../helpers/http';
import { EXPECTED_CREATE, ACTORS, TARGETS, cells, type MatrixOperation, type MatrixTarget, type Outcome } from '../fixtures/permission-matrix';
import { attachmentCells, type AttachmentOperation, type AttachmentWorld } from '../fixtures/permission-matrix-attachments';
import { multipart } from '../helpers/files';
import { CANNED_TARGETS, CANNED_TITLES, EXPECTED_CANNED_EDIT, EXPECTED_CANNED_READ, EXPECTED_CANNED_RENDER, type CannedTarget } from '../fixtures/permission-matrix-canned';
import { startMatrixApp, stopMatrixApp, type MatrixApp } from '../fixtures/matrix-app';
import { SEEDED_NOTE, type MatrixWorld } from '../fixtures/matrix-world';
import { EXPECTED_LIST_TAGS, MATRIX_TAG, tagCells } from '../fixtures/permission-matrix-tags';
import { EXPECTED_SEARCH, NOTE_QUERY, SUBJECT_QUERY, searchCells } from '../fixtures/permission-matrix-search';
import { makeMostOverdue, nextCells } from '../fixtures/permission-matrix-sla';

const OUTCOME_BY_STATUS: Record<number, Outcome> = { 200: 'ok', 201: 'ok', 403: 'forbidden', 404: 'not_found' };

const ROUTE: Record<Exclude<MatrixOperation, 'list' | 'internal'>, (id: string) => [string, string]> = {
  get: (id) => ['GET', `/api/helpdesk/tickets/${id}`],
  reply: (id) => ['POST', `/api/helpdesk/tickets/${id}/replies`],
  note: (id) => ['POST', `/api/helpdesk/tickets/${id}/replies`],
  status: (id) => ['PUT', `/api/helpdesk/tickets/${id}/status`],
  assign: (id) => ['PUT', `/api/helpdesk/tickets/${id}/assignment`],
};

// One app for every table below (matrix-app.ts says why that is sound); the tables run in this order.
let matrix: MatrixApp | undefined;
let app: TestApp;
let world: MatrixWorld;
let canned: Record<CannedTarget, string>;
let files: AttachmentWorld;
beforeAll(async () => {
  matrix = await startMatrixApp();
  ({ app, world, canned, files } = matrix);
}, 180_000);
afterAll(() => stopMatrixApp(matrix));

describe('the permission matrix over REST', () => {
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

describe('the canned-response matrix over REST', () => {
  const outcome = (res: { status: number; body: { error?: { code: string } } }): Outcome | string =>
    OUTCOME_BY_STATUS[res.status] === 'ok' ? 'ok' : String(res.body.error?.code);

  it.each(ACTORS.flatMap((a) => TARGETS.map((t) => [a, t, EXPECTED_CANNED_RENDER[a][t]] as const)))('%s render on %s → %s', async (actor, target, expected) => {
    const res = await request(app.baseUrl, 'GET', `/api/helpdesk/canned-responses/${canned.everyone}/render?ticket_id=${world.tickets[target]}`, { token: world.keys[actor] });
    expect(outcome(res)).toBe(expected);
  });

  it.each(ACTORS.flatMap((a) => CANNED_TARGETS.map((t) => [a, t, EXPECTED_CANNED_READ[a][t]] as const)))('%s read %s → %s', async (actor, target, expected) => {
    const res = await request(app.baseUrl, 'GET', `/api/helpdesk/canned-responses/${canned[target]}`, { token: world.keys[actor] });
    expect(outcome(res)).toBe(expected);
    const list = await request(app.baseUrl, 'GET', '/api/helpdesk/canned-responses?limit=100', { token: world.keys[actor] });
    const listed = list.status === 200 ? (list.body.data.some((r: { id: string }) => r.id === canned[target]) ? 'ok' : 'not_found') : String(list.body.error?.code);
    expect(listed).toBe(expected);
  });

  it.each(ACTORS.flatMap((a) => CANNED_TARGETS.map((t) => [a, t, EXPECTED_CANNED_EDIT[a][t]] as const)))('%s edit %s → %s', async (actor, target, expected) => {
    const title = target === 'nonexistent' ? 'Nothing' : CANNED_TITLES[target];
    const res = await request(app.baseUrl, 'PUT', `/api/helpdesk/canned-responses/${canned[target]}`, { token: world.keys[actor], body: { title } });
    expect(outcome(res)).toBe(expected);
  });
});

describe('the attachments permission matrix over REST', () => {
  const send = (operation: AttachmentOperation, target: MatrixTarget, key: string) => {
    const ticketId = world.tickets[target];
    switch (operation) {
      case 'readFile':
        return request(app.baseUrl, 'GET', `/api/helpdesk/attachments/${files.descriptionFile[target]}`, { token: key });
      case 'readNoteFile':
        return request(app.baseUrl, 'GET', `/api/helpdesk/attachments/${files.noteFile[target]}`, { token: key });
      case 'add':
        return multipart(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/attachments`, { token: key, files: [{ name: 'matrix.txt', content: Buffer.from('matrix\n') }] });
      case 'addToNote':
        return multipart(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/attachments`, {
          token: key,
          fields: { reply_id: files.note[target] },
          files: [{ name: 'matrix.txt', content: Buffer.from('matrix\n') }],
        });
      case 'delete':
        return request(app.baseUrl, 'DELETE', `/api/helpdesk/attachments/${files.deletableFile[target]}`, { token: key });
    }
  };

  it.each(attachmentCells(ACTORS, ['own', 'inGroup', 'outOfScope', 'nonexistent']))('$actor $operation $target → $expected', async ({ actor, operation, target, expected }) => {
    const res = await send(operation, target, world.keys[actor]);
    expect([res.status, OUTCOME_BY_STATUS[res.status]]).toEqual([expect.any(Number), expected]);
    if (expected !== 'ok') expect(res.body.error.code).toBe(expected);
  });
});

describe('the tag operations of the permission matrix over REST', () => {
  it.each(tagCells())('$actor tag $target → $expected', async ({ actor, target, expected }) => {
    const res = await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${world.tickets[target]}/tags`, { token: world.keys[actor], body: { add: [MATRIX_TAG] } });
    expect([res.status, OUTCOME_BY_STATUS[res.status]]).toEqual([expect.any(Number), expected]);
    if (expected !== 'ok') expect(res.body.error.code).toBe(expected);
    else expect(res.body.data.tags.map((t: { name: string }) => t.name)).toContain(MATRIX_TAG);
  });

  it.each(ACTORS)('%s listing tags', async (actor) => {
    const res = await request(app.baseUrl, 'GET', '/api/helpdesk/tags', { token: world.keys[actor] });
    expect(OUTCOME_BY_STATUS[res.status]).toBe(EXPECTED_LIST_TAGS[actor]);
  });
});

describe('the search matrix over REST (permission-matrix-search.ts)', () => {
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

describe('next_ticket over REST, against its permission matrix', () => {
  it.each(nextCells())('$actor next_ticket offers $target → $expected', async ({ actor, target, expected }) => {
    await makeMostOverdue(app.strapi, world, target);
    const res = await request(app.baseUrl, 'GET', '/api/helpdesk/tickets/next', { token: world.keys[actor] });
    if (res.status !== 200) return expect([res.status, res.body.error.code]).toEqual([403, expected]);
    expect(res.body.data.ticket?.id === world.tickets[target] ? 'ok' : 'not_found').toBe(expected);
  });
});
