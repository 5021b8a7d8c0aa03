import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { connectClient, createKey } from './mcp-support';
import { startChildInstance } from '../helpers/instances';
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from '../../src/plugins/helpdesk/server/src/service-levels/policy';

type Services = { service(name: string): any };
type Sla = { state: string | null; first_response_due_at: string | null; first_responded_at: string | null; resolution_due_at: string | null; paused: boolean };
type Ticket = { id: string; priority: string; sla: Sla | null; history?: Array<{ event: string; clock?: string }> };

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Service levels (issue 16) over real HTTP on a real database, with the help desk's clock moved by the test: due
 * times per priority (wall clock and business hours), the pause in Waiting on Customer, the first response, the
 * state moving ok → due_soon → breached, breaches recorded once, next_ticket, and the list's filter and sort.
 */
describe('service levels', () => {
  let app: TestApp;
  let plugin: Services;
  let user: TestAccount;
  let staff: TestAccount;
  let colleague: TestAccount;
  let keys: { user: string; staff: string; colleague: string; admin: string };
  let category: string;
  let statusId: Record<string, string>;
  let panelToken: string;

  const api = (method: string, path: string, token: string, body?: unknown) => request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body });
  const clock = () => plugin.service('clock');
  /** Moves the help desk's clock to an instant (the real clock keeps running under it, by milliseconds). */
  const travelTo = (iso: string) => {
    clock().reset();
    clock().travel(Date.parse(iso) - Date.now());
  };
  const now = () => (clock().now() as Date).getTime();
  const setLevels = (levels: ServiceLevels) => plugin.service('settings').update({ serviceLevels: levels });
  const create = async (priority: string, token = keys.user, subject = `${priority} problem`): Promise<Ticket> => {
    const res = await api('POST', '/tickets', token, { subject, description: 'It broke.', category_id: category, priority });
    expect(res.status).toBe(201);
    return res.body.data as Ticket;
  };
  const get = async (id: string, token = keys.staff): Promise<Ticket> => {
    const res = await api('GET', `/tickets/${id}`, token);
    expect(res.status).toBe(200);
    return res.body.data as Ticket;
  };
  const move = async (id: string, status: string) => {
    const res = await api('PUT', `/tickets/${id}/status`, keys.staff, { status_id: statusId[status] });
    expect(res.status).toBe(200);
    return res.body.data as Ticket;
  };
  const reply = async (id: string, token: string, isInternal = false) => {
    const res = await api('POST', `/tickets/${id}/replies`, token, { body: 'On it.', is_internal: isInternal });
    expect(res.status).toBe(201);
    return res.body.data.ticket as Ticket;
  };
  const ms = (iso: string | null | undefined) => Date.parse(iso as string);
  const breachEvents = (ticketId: string) => app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { ticket_id: ticketId, action: 'ticket.sla_breach' } });
  /** Puts every open ticket of earlier tests out of the way of next_ticket and the lists. */
  const closeAll = async () => {
    const all = (await app.strapi.db.query('plugin::helpdesk.ticket').findMany({ select: ['documentId'] })) as Array<{ documentId: string }>;
    for (const t of all) await api('PUT', `/tickets/${t.documentId}/status`, keys.admin, { status_id: statusId.Closed });
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    user = await createAccount(app.strapi, { email: 'ulla@example.com', role: 'user' });
    staff = await createAccount(app.strapi, { email: 'sam@example.com', role: 'staff' });
    colleague = await createAccount(app.strapi, { email: 'cora@example.com', role: 'staff' });
    const admin = await createAccount(app.strapi, { email: 'ada@example.com', role: 'admin' });
    const team = await createGroup(app.strapi, 'Service desk', [staff, colleague]);
    const created = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Printing', default_group: { connect: [{ documentId: team.documentId }] } } as never });
    category = created.documentId;
    keys = { user: await createKey(app, user), staff: await createKey(app, staff), colleague: await createKey(app, colleague), admin: await createKey(app, admin) };
    const statuses = await app.strapi.documents('plugin::helpdesk.status').findMany({});
    statusId = Object.fromEntries(statuses.map((s) => [s.name, s.documentId]));
    panelToken = (await registerFirstAdmin(app.baseUrl, 'owner@example.com')).token;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });
  afterEach(async () => {
    clock().reset();
    await setLevels(DEFAULT_SERVICE_LEVELS);
  });

  describe('due times', () => {
    it.each([
      ['Critical', 1, 4],
      ['High', 4, 24],
      ['Medium', 8, 72],
      ['Low', 24, 120],
    ])('a %s ticket is due a first response in %i h and resolution in %i h by default', async (priority, first, resolution) => {
      const before = now();
      const ticket = await create(priority);
      const after = now();
      expect(ticket.sla).toMatchObject({ state: 'ok', first_responded_at: null, paused: false });
      for (const [due, hours] of [[ticket.sla?.first_response_due_at, first], [ticket.sla?.resolution_due_at, resolution]] as const) {
        expect(ms(due)).toBeGreaterThanOrEqual(before + hours * HOUR);
        expect(ms(due)).toBeLessThanOrEqual(after + hours * HOUR);
      }
    });

    it('counts business hours: a High ticket opened Friday 17:00 in New York is due Monday 13:00 and Wednesday 17:00', async () => {
      const nineToFive = { start: '09:00', end: '17:00' };
      await setLevels({
        ...DEFAULT_SERVICE_LEVELS,
        businessHours: {
          enabled: true,
          timeZone: 'America/New_York',
          week: { sunday: null, monday: nineToFive, tuesday: nineToFive, wednesday: nineToFive, thursday: nineToFive, friday: nineToFive, saturday: null },
        },
      });
      // Friday 4 December 2026, 17:00 in New York (UTC-5): the office has just closed.
      travelTo('2026-12-04T22:00:00.000Z');
      const ticket = await create('High');
      // 4 business hours: Monday 09:00-13:00. 24 business hours: Monday, Tuesday and Wednesday, 09:00-17:00.
      expect(ticket.sla?.first_response_due_at).toBe('2026-12-07T18:00:00.000Z');
      expect(ticket.sla?.resolution_due_at).toBe('2026-12-09T22:00:00.000Z');
      // Nothing counts over the weekend: on Sunday evening the ticket is still ok.
      travelTo('2026-12-06T23:00:00.000Z');
      expect((await get(ticket.id)).sla?.state).toBe('ok');
    });

    it('keeps the due times of open tickets when the policy changes: the promise was made when the ticket opened', async () => {
      const ticket = await create('Low');
      await setLevels({ ...DEFAULT_SERVICE_LEVELS, targets: { ...DEFAULT_SERVICE_LEVELS.targets, Low: { firstResponseHours: 1, resolutionHours: 2 } } });
      expect((await get(ticket.id)).sla?.first_response_due_at).toBe(ticket.sla?.first_response_due_at);
      const later = await create('Low');
      expect(ms(later.sla?.first_response_due_at) - now()).toBeLessThanOrEqual(HOUR);
    });
  });

  describe('the clocks', () => {
    it('Waiting on Customer pauses the resolution clock and gives the time paused back when it leaves', async () => {
      const ticket = await create('High');
      await reply(ticket.id, keys.staff);
      const due = ms(ticket.sla?.resolution_due_at);
      clock().travel(2 * HOUR);
      const waiting = await move(ticket.id, 'Waiting on Customer');
      // The first response is given, the resolution clock paused: nothing runs.
      expect(waiting.sla).toMatchObject({ state: null, paused: true });
      // Paused for 30 hours: far past the 24-hour target, and still not breached.
      clock().travel(30 * HOUR);
      expect((await get(ticket.id)).sla).toMatchObject({ state: null, paused: true });
      expect(await breachEvents(ticket.id)).toBe(0);
      const back = await move(ticket.id, 'In Progress');
      expect(back.sla).toMatchObject({ state: 'ok', paused: false });
      // Due 30 hours later than before (plus the milliseconds the test itself took between the two changes).
      expect(ms(back.sla?.resolution_due_at) - due).toBeGreaterThanOrEqual(30 * HOUR);
      expect(ms(back.sla?.resolution_due_at) - due).toBeLessThan(30 * HOUR + 5_000);
    });

    it('resolving stops the clocks: a resolved ticket is never breached', async () => {
      const ticket = await create('Critical');
      const resolved = await move(ticket.id, 'Resolved');
      expect(resolved.sla?.state).toBeNull();
      clock().travel(10 * HOUR);
      expect((await get(ticket.id)).sla?.state).toBeNull();
      expect(await api('GET', '/tickets?status=Resolved&sla=breached', keys.staff).then((r) => r.body.data.map((t: Ticket) => t.id))).not.toContain(ticket.id);
    });

    it('takes the first response from the first public reply by staff only: not a note, not the submitter', async () => {
      const ticket = await create('Medium');
      expect((await reply(ticket.id, keys.staff, true)).sla?.first_responded_at).toBeNull();
      expect((await reply(ticket.id, keys.user)).sla?.first_responded_at).toBeNull();
      clock().travel(10 * MINUTE);
      const answered = await reply(ticket.id, keys.staff);
      expect(ms(answered.sla?.first_responded_at)).toBeGreaterThanOrEqual(now() - 5_000);
      clock().travel(10 * MINUTE);
      expect((await reply(ticket.id, keys.colleague)).sla?.first_responded_at).toBe(answered.sla?.first_responded_at);
    });

    it('does not count a staff member answering the ticket they submitted themselves', async () => {
      const ticket = await create('Medium', keys.staff);
      expect((await reply(ticket.id, keys.staff)).sla?.first_responded_at).toBeNull();
      expect((await reply(ticket.id, keys.colleague)).sla?.first_responded_at).not.toBeNull();
    });

    it('moves from ok to due soon (under 20% left) to breached, and records the breach once', async () => {
      const ticket = await create('Critical');
      expect(ticket.sla?.state).toBe('ok');
      clock().travel(47 * MINUTE);
      expect((await get(ticket.id)).sla?.state).toBe('ok');
      clock().travel(2 * MINUTE);
      expect((await get(ticket.id)).sla?.state).toBe('due_soon');
      clock().travel(12 * MINUTE);
      // Several sweeps at once (as from several instances) and a read: one event.
      const sweeps = await Promise.all([1, 2, 3, 4].map(() => plugin.service('service-levels').recordBreaches()));
      const read = await get(ticket.id);
      expect(read.sla?.state).toBe('breached');
      expect(sweeps.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect(await breachEvents(ticket.id)).toBe(1);
      expect(read.history?.filter((h) => h.event === 'sla_breached')).toEqual([expect.objectContaining({ clock: 'first_response' })]);
      // The submitter sees the state, not the staff side's history of it.
      expect((await get(ticket.id, keys.user)).history?.some((h) => h.event === 'sla_breached')).toBe(false);
      await plugin.service('service-levels').sweep();
      expect(await breachEvents(ticket.id)).toBe(1);
      // Answering meets the first response; the resolution clock runs on (due in 4 h: ok again).
      expect((await reply(ticket.id, keys.staff)).sla?.state).toBe('ok');
    });

    it('records a breach at read, when the sweep has not run yet', async () => {
      const ticket = await create('Critical');
      clock().travel(2 * HOUR);
      expect(await breachEvents(ticket.id)).toBe(0);
      expect((await get(ticket.id)).history?.map((h) => h.event)).toContain('sla_breached');
      expect(await breachEvents(ticket.id)).toBe(1);
    });
  });

  describe('next_ticket', () => {
    it('picks breached first, then the nearest due time, with the reason in words', async () => {
      await closeAll();
      await create('Low', keys.user, 'Low one');
      const critical = await create('Critical', keys.user, 'Critical one');
      const medium = await create('Medium', keys.user, 'Medium one');
      // Nothing overdue yet: the nearest due time (Critical, 1 h) leads.
      let next = (await api('GET', '/tickets/next', keys.staff)).body.data;
      expect(next.ticket.id).toBe(critical.id);
      expect(next.reason).toMatch(/^First response is due in \d+ min \(Critical\)$/);
      clock().travel(3 * HOUR);
      next = (await api('GET', '/tickets/next', keys.staff)).body.data;
      expect(next).toMatchObject({ ticket: { id: critical.id, sla: { state: 'breached' } }, reason: 'First response is 2 h overdue (Critical)' });
      // Answered: its resolution is due in under an hour, still before Medium's first response (5 h left).
      await reply(critical.id, keys.staff);
      next = (await api('GET', '/tickets/next', keys.staff)).body.data;
      expect(next).toMatchObject({ ticket: { id: critical.id }, reason: expect.stringMatching(/^Resolution is due in \d+ min \(Critical\)$/) });
      // A ticket a colleague has is theirs: next is the next one that is free.
      expect((await api('PUT', `/tickets/${critical.id}/assignment`, keys.staff, { assignee_id: colleague.documentId })).status).toBe(200);
      next = (await api('GET', '/tickets/next', keys.staff)).body.data;
      expect(next.ticket.id).toBe(medium.id);
      expect((await api('GET', '/tickets/next', keys.colleague)).body.data.ticket.id).toBe(critical.id);
      // The same over MCP, with its structured content.
      const client = await connectClient(app, keys.staff);
      try {
        const result = await client.callTool({ name: 'next_ticket', arguments: {} });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ ticket: { id: medium.id }, reason: 'First response is due in 4 h (Medium)' });
      } finally {
        await client.close();
      }
    });

    it('breaks a tie of due times by priority, then age; tickets without service levels come last', async () => {
      await closeAll();
      const older = await create('Low', keys.user, 'Older low');
      const low = await create('Low', keys.user, 'Low');
      const high = await create('High', keys.user, 'High');
      // Two tickets due in the same millisecond cannot be made through the API: their due times are set directly.
      const tickets = () => app.strapi.db.connection('helpdesk_tickets');
      const due = new Date(now() + HOUR);
      await tickets().whereIn('document_id', [older.id, low.id, high.id]).update({ first_response_due_at: due, sla_due_at: due });
      expect((await api('GET', '/tickets/next', keys.staff)).body.data.ticket.id).toBe(high.id);
      await move(high.id, 'Closed');
      expect((await api('GET', '/tickets/next', keys.staff)).body.data.ticket.id).toBe(older.id);
      // As if opened before service levels existed: no clock, so after every clocked ticket, highest priority first.
      const unclocked = await create('Critical', keys.user, 'Unclocked');
      await tickets().where('document_id', unclocked.id).update({ first_response_due_at: null, resolution_due_at: null, sla_due_at: null, sla_warn_at: null, sla_breach_check_at: null });
      expect((await api('GET', '/tickets/next', keys.staff)).body.data.ticket.id).toBe(older.id);
      await move(older.id, 'Closed');
      await move(low.id, 'Closed');
      expect((await api('GET', '/tickets/next', keys.staff)).body.data).toMatchObject({
        ticket: { id: unclocked.id, sla: null },
        reason: expect.stringMatching(/^No service-level clock is running/),
      });
      await move(unclocked.id, 'Closed');
      expect((await api('GET', '/tickets/next', keys.staff)).body.data).toEqual({ ticket: null, reason: expect.stringMatching(/^Nothing to take/) });
    });

    it('is for staff and admins: a user is refused, over REST and MCP', async () => {
      const res = await api('GET', '/tickets/next', keys.user);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      const client = await connectClient(app, keys.user);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).not.toContain('next_ticket');
      } finally {
        await client.close();
      }
    });
  });

  it('records a breach once when two instances read the overdue ticket at the same moment', async () => {
    const ticket = await create('Critical');
    const other = await startChildInstance(app.database.env);
    try {
      // Both instances warm, so their reads of the ticket really overlap.
      for (const base of [other.baseUrl, app.baseUrl]) {
        for (let i = 0; i < 3; i += 1) expect((await request(base, 'GET', `/api/helpdesk/tickets/${ticket.id}`, { token: keys.staff })).status).toBe(200);
      }
      // The other process has its own clock (the real one): the ticket's due time is moved into the real past instead.
      const past = new Date(Date.now() - HOUR);
      await app.strapi.db
        .connection('helpdesk_tickets')
        .where('document_id', ticket.id)
        .update({ first_response_due_at: past, first_response_warn_at: past, sla_due_at: past, sla_warn_at: past, sla_breach_check_at: past });
      const reads = await Promise.all([
        ...[1, 2, 3].map(() => request(other.baseUrl, 'GET', `/api/helpdesk/tickets/${ticket.id}`, { token: keys.staff })),
        ...[1, 2, 3].map(() => api('GET', `/tickets/${ticket.id}`, keys.staff)),
        plugin.service('service-levels').recordBreaches(),
      ]);
      expect(reads.slice(0, 6).map((r) => (r as { status: number }).status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(await breachEvents(ticket.id)).toBe(1);
    } finally {
      await other.stop();
    }
  }, 90_000);

  describe('the list', () => {
    it('filters by state and sorts by due time, nearest first, page by page', async () => {
      await closeAll();
      const low = await create('Low');
      const high = await create('High');
      const critical = await create('Critical');
      const medium = await create('Medium');
      clock().travel(3.5 * HOUR);
      // Critical: breached (1 h). High: 30 min of 4 h left (due soon). Medium, Low: ok.
      const ids = async (query: string) => (await api('GET', `/tickets?${query}`, keys.staff)).body.data.map((t: Ticket) => t.id);
      expect(await ids('sla=breached')).toEqual([critical.id]);
      expect(await ids('sla=due_soon')).toEqual([high.id]);
      expect(new Set(await ids('sla=ok'))).toEqual(new Set([medium.id, low.id]));
      expect(await ids('sort=due')).toEqual([critical.id, high.id, medium.id, low.id]);
      // Page by page, with the cursor of the due order.
      const first = await api('GET', '/tickets?sort=due&limit=3', keys.staff);
      expect(first.body.data.map((t: Ticket) => t.id)).toEqual([critical.id, high.id, medium.id]);
      const second = await api('GET', `/tickets?sort=due&limit=3&cursor=${first.body.meta.next_cursor}`, keys.staff);
      expect(second.body.data.map((t: Ticket) => t.id)).toEqual([low.id]);
      // A cursor of one order is refused by the other, not misread.
      const mixed = await api('GET', `/tickets?limit=3&cursor=${first.body.meta.next_cursor}`, keys.staff);
      expect(mixed.status).toBe(400);
      expect(mixed.body.error.details.fields[0]).toMatchObject({ field: 'cursor' });
      // The queue's admin route takes the same filter and sort.
      const queue = await request(app.baseUrl, 'GET', '/helpdesk/tickets?sort=due&sla=breached', { token: panelToken });
      expect(queue.body.data.map((t: Ticket) => t.id)).toEqual([critical.id]);
    });

    it('names the field of a bad filter or sort', async () => {
      const res = await api('GET', '/tickets?sla=late&sort=random', keys.staff);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.map((f: { field: string; rule: string }) => `${f.field}:${f.rule}`)).toEqual(['sla:one_of', 'sort:one_of']);
    });
  });

  describe('settings', () => {
    const put = (body: unknown) => request(app.baseUrl, 'PUT', '/helpdesk/settings', { token: panelToken, body });

    it('are validated with errors naming the field, and nothing changes', async () => {
      const current = (await request(app.baseUrl, 'GET', '/helpdesk/settings', { token: panelToken })).body.data;
      expect(current.serviceLevels).toEqual(DEFAULT_SERVICE_LEVELS);
      const bad = await put({
        ...current,
        serviceLevels: {
          targets: { ...DEFAULT_SERVICE_LEVELS.targets, High: { firstResponseHours: 0, resolutionHours: 24 } },
          businessHours: { enabled: true, timeZone: 'Mars/Olympus', week: { ...DEFAULT_SERVICE_LEVELS.businessHours.week, monday: { start: '17:00', end: '09:00' } } },
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields.map((f: { field: string; rule: string }) => `${f.field}:${f.rule}`)).toEqual(
        expect.arrayContaining([
          'serviceLevels.targets.High.firstResponseHours:min',
          'serviceLevels.businessHours.timeZone:time_zone',
          'serviceLevels.businessHours.week.monday.end:after_start',
        ]),
      );
      expect((await plugin.service('settings').get()).serviceLevels).toEqual(DEFAULT_SERVICE_LEVELS);
    });

    it('are saved, audited and used for the next ticket at once', async () => {
      const current = (await request(app.baseUrl, 'GET', '/helpdesk/settings', { token: panelToken })).body.data;
      const levels = { ...DEFAULT_SERVICE_LEVELS, targets: { ...DEFAULT_SERVICE_LEVELS.targets, Medium: { firstResponseHours: 2, resolutionHours: 10 } } };
      const saved = await put({ ...current, serviceLevels: levels });
      expect(saved.status).toBe(200);
      expect(saved.body.data.serviceLevels).toEqual(levels);
      const audit = await request(app.baseUrl, 'GET', '/helpdesk/audit-events?action=settings.', { token: panelToken });
      expect(audit.body.data[0]).toMatchObject({ action: 'settings.update', details: { changed: ['serviceLevels'] } });
      const ticket = await create('Medium');
      expect(ms(ticket.sla?.first_response_due_at) - now()).toBeLessThanOrEqual(2 * HOUR);
      expect(ms(ticket.sla?.first_response_due_at) - now()).toBeGreaterThan(2 * HOUR - 5_000);
    });
  });
});
