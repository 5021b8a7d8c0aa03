import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';

/**
 * Race-free writes (issue 12): requests that arrive at the same moment are decided one after the other, each from
 * the ticket as the one before left it. Nothing is lost, the history is one chain, a closed ticket stays closed,
 * and an Idempotency-Key means one request: its first result, or a conflict when the request differs.
 */
interface HistoryEvent {
  event: string;
  from?: string | null;
  to?: string | null;
}
interface AuditRow {
  id: number;
  action: string;
  outcome: string;
  error_code: string | null;
  details: unknown;
}

let app: TestApp;
let keys: { user: string; staff: string; admin: string };
let people: { staff: TestAccount; other: TestAccount };
let groups: { team: string; desk: string };
let categoryId: string;
let statusId: Record<string, string>;

const api = (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body, headers });
const audits = (where: Record<string, unknown>) =>
  app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where, orderBy: { id: 'asc' } }) as Promise<AuditRow[]>;
const detailsOf = (row: AuditRow) => (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as { from?: string; to?: string };
const ticketCount = () => app.strapi.db.query('plugin::helpdesk.ticket').count({});

const newTicket = async (subject: string): Promise<string> => {
  const res = await api('POST', '/tickets', keys.user, { subject, description: `About ${subject}`, category_id: categoryId });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
};
const setStatus = (ticketId: string, name: string) => api('PUT', `/tickets/${ticketId}/status`, keys.staff, { status_id: statusId[name] });
const staffView = async (ticketId: string) => {
  const res = await api('GET', `/tickets/${ticketId}`, keys.staff);
  expect(res.status).toBe(200);
  return res.body.data as { status: { name: string }; history: HistoryEvent[]; replies: unknown[]; last_activity_at: string | null };
};

/**
 * The status moves of a ticket, from its history and from its audit rows in the order they were written: both must
 * be one chain from `initial` to the status the ticket shows now.
 */
const expectOneChain = async (ticketId: string, initial: string) => {
  const ticket = await staffView(ticketId);
  const moves = ticket.history.filter((e) => e.event === 'status_changed' || e.event === 'reopened').map((e) => [e.from, e.to]);
  const audited = (await audits({ ticket_id: ticketId, outcome: 'allowed', action: { $in: ['ticket.status', 'ticket.reopen'] } }))
    .map(detailsOf)
    .map((d) => [d.from, d.to]);
  expect(audited).toEqual(moves);
  let current = initial;
  for (const [from, to] of moves) {
    expect(from).toBe(current);
    current = to as string;
  }
  expect(ticket.status.name).toBe(current);
  return { ticket, moves };
};

beforeAll(async () => {
  app = await startHelpdesk();
  const plugin = app.strapi.plugin('helpdesk') as unknown as { service(name: string): { [method: string]: (...args: unknown[]) => Promise<unknown> } };
  const user: TestAccount = await createAccount(app.strapi, { email: 'rita.user@example.com', role: 'user' });
  const staff: TestAccount = await createAccount(app.strapi, { email: 'rick.staff@example.com', role: 'staff' });
  const team = await createGroup(app.strapi, 'Race team', [staff]);
  const category = await app.strapi.documents('plugin::helpdesk.category').create({
    data: { name: 'Races', default_group: { connect: [{ documentId: team.documentId }] } } as never,
  });
  categoryId = category.documentId;
  const key = async (account: TestAccount) => {
    const actor = await plugin.service('actors').actorFor({ id: account.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    return ((await plugin.service('credentials').createKey(actor, { name: 'races', read_only: false })) as { key: string }).key;
  };
  const admin = await createAccount(app.strapi, { email: 'ruth.admin@example.com', role: 'admin' });
  keys = { user: await key(user), staff: await key(staff), admin: await key(admin) };
  const other = await createAccount(app.strapi, { email: 'rose.staff@example.com', role: 'staff' });
  people = { staff, other };
  groups = { team: team.documentId, desk: (await createGroup(app.strapi, 'Front desk', [staff])).documentId };
  const statuses = await app.strapi.documents('plugin::helpdesk.status').findMany({});
  statusId = Object.fromEntries(statuses.map((s) => [s.name as string, s.documentId]));
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('concurrent writes to one ticket', () => {
  it('stores 20 replies sent at once, each audited, and moves the last activity', async () => {
    const ticketId = await newTicket('Twenty at once');
    const before = (await staffView(ticketId)).last_activity_at;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api('POST', `/tickets/${ticketId}/replies`, i % 2 ? keys.staff : keys.user, { body: `Reply ${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const ticket = await staffView(ticketId);
    expect(ticket.replies).toHaveLength(20);
    expect(new Set(answers.map((a) => a.body.data.reply.id)).size).toBe(20);
    expect(await audits({ ticket_id: ticketId, action: 'ticket.reply', outcome: 'allowed' })).toHaveLength(20);
    expect(ticket.last_activity_at).not.toBeNull();
    expect(new Date(ticket.last_activity_at as string).getTime()).toBeGreaterThanOrEqual(new Date(before as string).getTime());
  });

  // The rounds run side by side, as on a busy desk: their requests queue for the database together, so one
  // request's read and its write are far apart, with the other requests' work in between.
  it('answers four status changes sent at once and records them as one chain, each audited', async () => {
    const targets = ['In Progress', 'Waiting on Customer', 'Resolved', 'Closed'];
    const ticketIds = await Promise.all([0, 1, 2, 3].map((round) => newTicket(`Four moves ${round}`)));
    const answers = await Promise.all(ticketIds.flatMap((ticketId) => targets.map((name) => setStatus(ticketId, name))));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    for (const ticketId of ticketIds) {
      const { moves } = await expectOneChain(ticketId, 'New');
      expect(moves).toHaveLength(4);
      expect(moves.map(([, to]) => to).sort()).toEqual([...targets].sort());
    }
  });

  it('answers assignments sent at once and records them as one chain, from the queue the ticket started in', async () => {
    const ticketId = await newTicket('Whose is it');
    const moves = [{ assignee_id: people.staff.documentId }, { group_id: groups.desk }, { assignee_id: people.other.documentId }, { assignee_id: null, group_id: null }];
    const answers = await Promise.all(moves.map((body) => api('PUT', `/tickets/${ticketId}/assignment`, keys.staff, body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const chain = (await audits({ ticket_id: ticketId, action: 'ticket.assign', outcome: 'allowed' })).map(detailsOf);
    expect(chain).toHaveLength(4);
    let holder: string | null = 'group Race team';
    for (const { from, to } of chain) {
      expect(from).toBe(holder);
      holder = to ?? null;
    }
    // An admin reads it: once unassigned, the ticket is no longer in the staff member's queues.
    const ticket = (await api('GET', `/tickets/${ticketId}`, keys.admin)).body.data as { assignee: { name: string } | null; group: { name: string } | null };
    expect(ticket.assignee ? ticket.assignee.name : ticket.group ? `group ${ticket.group.name}` : null).toBe(holder);
  });

  it('links two tickets once when both ask for the link at the same moment', async () => {
    const [a, b] = await Promise.all([newTicket('Link me A'), newTicket('Link me B')]);
    const answers = await Promise.all([
      api('POST', `/tickets/${a}/links`, keys.staff, { ticket_id: b }),
      api('POST', `/tickets/${b}/links`, keys.staff, { ticket_id: a }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const linkedTo = async (id: string) => ((await api('GET', `/tickets/${id}`, keys.staff)).body.data.linked_tickets as Array<{ id: string }>).map((t) => t.id);
    expect(await linkedTo(a)).toEqual([b]);
    expect(await linkedTo(b)).toEqual([a]);
  });

  it("never leaves a closed ticket reopened when a User's reply races a staff close", async () => {
    const rounds = [0, 1, 2, 3, 4, 5, 6, 7];
    const ticketIds = await Promise.all(rounds.map((round) => newTicket(`Reply or close ${round}`)));
    for (const ticketId of ticketIds) expect((await setStatus(ticketId, 'Resolved')).status).toBe(200);
    const raced = await Promise.all(
      rounds.map(async (round) => {
        const ticketId = ticketIds[round] as string;
        // Half the replies carry an Idempotency-Key, as an assistant's retry-safe reply does; who is sent first alternates.
        const headers: Record<string, string> = round % 4 < 2 ? { 'Idempotency-Key': `broke-${round}` } : {};
        const reply = () => api('POST', `/tickets/${ticketId}/replies`, keys.user, { body: 'It broke again' }, headers);
        const close = () => setStatus(ticketId, 'Closed');
        if (round % 2) {
          const [closed, replied] = await Promise.all([close(), reply()]);
          return { ticketId, replied, closed };
        }
        const [replied, closed] = await Promise.all([reply(), close()]);
        return { ticketId, replied, closed };
      }),
    );

    for (const { ticketId, replied, closed } of raced) {
      expect(closed.status).toBe(200);
      const { ticket, moves } = await expectOneChain(ticketId, 'New');
      expect(ticket.status.name).toBe('Closed');
      if (replied.status === 201) {
        // The reply came first and reopened the ticket; the close then closed the reopened ticket.
        expect(replied.body.data.reopened).toBe(true);
        expect(moves).toEqual([['New', 'Resolved'], ['Resolved', 'In Progress'], ['In Progress', 'Closed']]);
        expect(ticket.replies).toHaveLength(1);
      } else {
        // The close came first: the reply is refused as it would be on any closed ticket, and on record.
        expect(replied.status).toBe(409);
        expect(replied.body.error.message).toMatch(/closed/);
        expect(moves).toEqual([['New', 'Resolved'], ['Resolved', 'Closed']]);
        expect(ticket.replies).toHaveLength(0);
        const refused = await audits({ ticket_id: ticketId, action: 'ticket.reply', outcome: 'refused' });
        expect(refused.map((r) => r.error_code)).toEqual(['conflict']);
      }
    }
  });
});

describe('Idempotency-Key', () => {
  const body = { subject: 'Printer on fire', description: 'Really.', category_id: '' };
  beforeAll(() => {
    body.category_id = categoryId;
  });

  it('answers a reused key with a different body 409, naming the key, and creates nothing', async () => {
    const first = await api('POST', '/tickets', keys.user, body, { 'Idempotency-Key': 'fire-1' });
    expect(first.status).toBe(201);
    const count = await ticketCount();
    const changed = await api('POST', '/tickets', keys.user, { ...body, subject: 'Printer on fire, again' }, { 'Idempotency-Key': 'fire-1' });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('"fire-1"') });
    expect(await ticketCount()).toBe(count);
    const refused = await audits({ action: 'ticket.create', outcome: 'refused', error_code: 'conflict' });
    expect(refused).toHaveLength(1);
  });

  it('returns the first result to the same key with the same request, written differently', async () => {
    const first = await api('POST', '/tickets', keys.user, body, { 'Idempotency-Key': 'fire-2' });
    const count = await ticketCount();
    // The same request: the default priority spelled out, the fields in another order.
    const { subject, ...rest } = body;
    const again = await api('POST', '/tickets', keys.user, { priority: 'Medium', ...rest, subject }, { 'Idempotency-Key': 'fire-2' });
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(await ticketCount()).toBe(count);
  });

  it('creates one ticket for two identical requests with one key at the same moment, and gives both its id', async () => {
    for (let round = 0; round < 3; round += 1) {
      const count = await ticketCount();
      const headers = { 'Idempotency-Key': `together-${round}` };
      const answers = await Promise.all([0, 1].map(() => api('POST', '/tickets', keys.user, body, headers)));
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers[1]?.body.data.id).toBe(answers[0]?.body.data.id);
      expect(await ticketCount()).toBe(count + 1);
    }
  });

  it('stores one reply for two identical replies with one key at the same moment, and gives both its id', async () => {
    const ticketId = await newTicket('Reply once');
    const headers = { 'Idempotency-Key': 'reply-together' };
    const answers = await Promise.all([0, 1].map(() => api('POST', `/tickets/${ticketId}/replies`, keys.user, { body: 'Once' }, headers)));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1]?.body.data.reply.id).toBe(answers[0]?.body.data.reply.id);
    expect((await staffView(ticketId)).replies).toHaveLength(1);
    const changed = await api('POST', `/tickets/${ticketId}/replies`, keys.user, { body: 'Twice' }, headers);
    expect(changed.status).toBe(409);
    expect((await staffView(ticketId)).replies).toHaveLength(1);
  });
});
