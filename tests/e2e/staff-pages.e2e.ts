import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { choose, launchBrowser, screenshot, signIn } from './support/browser';
import { checker } from './support/checks';

/**
 * The staff pages end to end: a staff member works one ticket through the admin panel, and after every step the
 * database is read back through the services. The steps share one ticket and run in order.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;
let ticket: TicketSummary;
let apiKey: string;

const HELPDESK = '/admin/plugins/helpdesk';
const NOTE = 'Checked the asset register: this laptop is still under warranty. (e2e internal note)';
const REPLY = 'Thanks for the report. A replacement is on its way; please keep the old one until it arrives. (e2e reply)';

const detail = () => check.service('tickets').get(staff, ticket.id);

/** Waits until the queue shows exactly these tickets, in this order. */
const rowsShown = (on: Page, ids: string[]) =>
  on.waitForFunction(
    (expected) => JSON.stringify(Array.from(document.querySelectorAll('tr[data-ticket-id]')).map((r) => r.getAttribute('data-ticket-id'))) === JSON.stringify(expected),
    ids,
  );

/** A link of the Help Desk's own section navigation (the panel's menu has a "Settings" too). */
const section = (on: Page, name: string) => on.getByRole('navigation', { name: 'Help Desk sections' }).getByRole('link', { name });

/** The page a step is driving, so a failing step leaves a screenshot of what the browser showed. */
let active: Page | undefined;
const step = (name: string, body: () => Promise<void>) =>
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      if (active && !active.isClosed()) await screenshot(active, `failed-${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
      throw error;
    }
  });

beforeAll(async () => {
  app = await startE2eApp();
  check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  // The ticket to work: open, in the staff member's group, assigned to a person (so it can move to a group).
  const { tickets } = await check.service('tickets').list(staff, { category: 'Hardware', limit: 100 });
  const candidate = tickets.find((t) => t.assignee && t.group?.name === 'IT Service Desk');
  if (!candidate) throw new Error('the demo has no assigned Hardware ticket in the IT Service Desk group');
  ticket = candidate;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

step('a staff member signs in and sees the tickets in their scope', async () => {
  page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
  active = page;
  await page.getByRole('link', { name: 'Help Desk' }).first().click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.locator('tr[data-ticket-id]').first().waitFor();
  await screenshot(page, '01-queue');

  const shown = await page.locator('tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));
  const { tickets } = await check.service('tickets').list(staff, { limit: 20 });
  expect(shown).toEqual(tickets.map((t) => t.id));
});

step('the queue filters by category and text', async () => {
  const word = ticket.subject.split(' ')[0] as string;
  await choose(page, 'Category', 'Hardware');
  await page.getByLabel('Search').fill(word);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => url.searchParams.get('category') === 'Hardware' && url.searchParams.get('q') === word);
  await page.locator(`tr[data-ticket-id="${ticket.id}"]`).waitFor();
  await screenshot(page, '02-queue-filtered');

  const shown = await page.locator('tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));
  const { tickets } = await check.service('tickets').list(staff, { category: 'Hardware', q: word, limit: 20 });
  expect(shown).toEqual(tickets.map((t) => t.id));
  expect(tickets.every((t) => t.category?.name === 'Hardware')).toBe(true);

  // Sorted by last activity: newest first by default, oldest first after a click on the column.
  await page.getByRole('button', { name: /^Last activity/ }).click();
  await page.waitForURL((url) => url.searchParams.get('order') === 'oldest');
  const oldest = await check.service('tickets').list(staff, { category: 'Hardware', q: word, limit: 20, order: 'oldest' });
  await rowsShown(page, oldest.tickets.map((t) => t.id));
  expect(oldest.tickets.map((t) => t.id)).toEqual([...tickets].reverse().map((t) => t.id));
  await page.getByRole('button', { name: /^Last activity/ }).click();
  await page.waitForURL((url) => !url.searchParams.has('order'));

  await page.getByRole('button', { name: 'Mine', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('assignee') === 'me');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.locator(`tr[data-ticket-id="${ticket.id}"]`).waitFor();
});

step('opens a ticket from the queue', async () => {
  await page.getByRole('link', { name: ticket.subject, exact: true }).click();
  await page.getByRole('heading', { name: ticket.subject }).waitFor();
  await page.locator('section[aria-label="Conversation"]').waitFor();
  await screenshot(page, '03-ticket');

  const stored = await detail();
  expect(page.url()).toContain(`${HELPDESK}/tickets/${ticket.id}`);
  const articles = page.locator('section[aria-label="Conversation"] article');
  expect(await articles.count()).toBe(stored.replies.length + 1);
  expect(await articles.locator('[data-kind="internal-note"]').count()).toBe(0);
});

step('posts an internal note', async () => {
  await page.getByRole('button', { name: 'Internal note', exact: true }).click();
  await page.getByLabel('Internal note (Markdown)').fill(NOTE);
  await page.getByRole('button', { name: 'Add internal note' }).click();
  await page.locator('article[data-kind="internal-note"]', { hasText: NOTE }).waitFor();

  const stored = await detail();
  const note = stored.replies.find((r) => r.body === NOTE);
  expect(note).toMatchObject({ is_internal: true, author: { id: staff.userId } });
  // The submitter's view of the same ticket never has it.
  const submitter = await check.actorById(stored.submitter?.id ?? '');
  const theirs = await check.service('tickets').get(submitter, ticket.id);
  expect(theirs.replies.some((r) => r.body === NOTE)).toBe(false);
});

step('posts a public reply', async () => {
  await page.getByRole('button', { name: 'Public reply', exact: true }).click();
  await page.getByLabel('Reply (Markdown)').fill(REPLY);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.locator('article[data-kind="public"]', { hasText: REPLY }).waitFor();
  await screenshot(page, '04-ticket-replied');

  const stored = await detail();
  expect(stored.replies.find((r) => r.body === REPLY)).toMatchObject({ is_internal: false, author: { id: staff.userId } });
  expect(stored.replies.map((r) => r.body).slice(-2)).toEqual([NOTE, REPLY]);
});

step('changes the status to one of the allowed next statuses', async () => {
  const before = await detail();
  const target = before.allowed_next_statuses.find((s) => s.id !== before.status?.id && s.kind === 'pending')
    ?? before.allowed_next_statuses.find((s) => s.id !== before.status?.id);
  if (!target) throw new Error('no status to move to');
  await choose(page, 'Change status', target.name);
  await page.getByRole('button', { name: 'Update status' }).click();
  await page.locator('section[aria-label="Ticket details"]').getByText(target.name, { exact: true }).waitFor();

  expect((await detail()).status?.id).toBe(target.id);
});

step('assigns the ticket to a group', async () => {
  await choose(page, 'Assign to', 'Group: IT Service Desk');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.locator('section[aria-label="Ticket details"]').getByText('IT Service Desk (group)').waitFor();
  await screenshot(page, '05-ticket-worked');

  const stored = await detail();
  expect(stored.assignee).toBeNull();
  expect(stored.group?.name).toBe('IT Service Desk');
});

step('a staff member outside the ticket\'s group gets "not found", even with the typed URL', async () => {
  const outsider = await signIn(browser, app.baseUrl, PEOPLE.outsider, PANEL_PASSWORD);
  active = outsider;
  await outsider.goto(`${HELPDESK}/tickets/${ticket.id}`);
  await outsider.getByRole('heading', { name: 'Ticket not found' }).waitFor();
  await outsider.getByText('No ticket with that id exists, or you do not have access to it.').waitFor();
  expect(await outsider.getByText(ticket.subject).count()).toBe(0);
  await screenshot(outsider, '06-not-found-for-outsider');

  const them = await check.actorOf(PEOPLE.outsider);
  await expect(check.service('tickets').get(them, ticket.id)).rejects.toMatchObject({ code: 'not_found' });
  await outsider.context().close();
  active = page;
});

step('creates an API key, shown once with an MCP client config', async () => {
  await section(page, 'API keys').click();
  await page.getByRole('heading', { name: 'API keys' }).waitFor();
  await page.getByRole('button', { name: 'Create API key' }).click();
  await page.getByLabel('Name').fill('e2e laptop');
  await page.getByRole('button', { name: 'Create key' }).click();
  apiKey = (await page.getByTestId('new-api-key').textContent()) ?? '';
  expect(apiKey).toMatch(/^ohd_sk_[0-9A-Za-z]{32,}$/);
  expect(await page.getByTestId('mcp-config').textContent()).toContain(`"Authorization": "Bearer ${apiKey}"`);
  await page.getByRole('button', { name: 'Copy key' }).waitFor();
  await screenshot(page, '07-api-key-created');

  const keys = await check.service('credentials').listKeys(staff, { ownerInternalId: staff.internalId });
  expect(keys.find((k) => k.name === 'e2e laptop')).toMatchObject({ revoked_at: null, read_only: false });
  expect((await check.service('credentials').actorForApiKey(apiKey, 'rest'))?.userId).toBe(staff.userId);

  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('row', { name: /e2e laptop/ }).getByText('Active').waitFor();
});

step('revokes the API key after a confirmation', async () => {
  await page.getByRole('row', { name: /e2e laptop/ }).getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByText('This cannot be undone.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Revoke key' }).click();
  await page.getByRole('row', { name: /e2e laptop/ }).getByText(/^Revoked/).waitFor();
  await screenshot(page, '08-api-key-revoked');

  const keys = await check.service('credentials').listKeys(staff, { ownerInternalId: staff.internalId });
  expect(keys.find((k) => k.name === 'e2e laptop')?.revoked_at).not.toBeNull();
  expect(await check.service('credentials').actorForApiKey(apiKey, 'rest')).toBeNull();
});

step('a panel user whose help-desk account is a User sees the explanation and no tickets', async () => {
  const user = await signIn(browser, app.baseUrl, PEOPLE.user, PANEL_PASSWORD);
  active = user;
  const ticketCalls: string[] = [];
  user.on('request', (request) => {
    if (/\/helpdesk\/(tickets|statuses|categories|assignees)/.test(request.url())) ticketCalls.push(request.url());
  });
  await user.goto(HELPDESK);
  await user.getByTestId('helpdesk-no-account').waitFor();
  await user.getByText('has the User role', { exact: false }).waitFor();
  expect(await user.locator('tr[data-ticket-id]').count()).toBe(0);
  expect(ticketCalls).toEqual([]);
  await screenshot(user, '09-user-role-explanation');
  await user.context().close();
  active = page;
});

step('the super admin acts as help-desk Admin: audit log and settings', async () => {
  const admin = await signIn(browser, app.baseUrl, PEOPLE.owner, PANEL_PASSWORD);
  active = admin;
  await admin.goto(`${HELPDESK}/audit`);
  await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  await admin.getByLabel('Actor').fill(PEOPLE.staff);
  await admin.getByRole('button', { name: 'Apply' }).click();
  await choose(admin, 'Channel', 'admin');
  await admin.locator('table').getByText('ticket.note', { exact: true }).waitFor();
  await screenshot(admin, '10-audit-log');

  const me = await check.actorOf(PEOPLE.owner);
  expect(me.role).toBe('admin');
  const logged = await check.service('audit').list(me, { actor: PEOPLE.staff, channel: 'admin', page: 1, page_size: 25 });
  expect(logged.events.map((e) => e.action)).toEqual(
    expect.arrayContaining(['ticket.note', 'ticket.reply', 'ticket.status', 'ticket.assign', 'key.create', 'key.revoke']),
  );
  await admin.getByText(`${logged.pagination.total} events`, { exact: false }).waitFor();

  await section(admin, 'Settings').click();
  await admin.getByLabel('Reopen window (days)').fill('10');
  await admin.getByLabel('Allowed origins for the MCP server').fill('https://claude.ai');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Settings saved', { exact: false }).waitFor();
  await screenshot(admin, '11-settings');
  expect(await check.service('settings').get()).toMatchObject({ reopenWindowDays: 10, allowedOrigins: ['https://claude.ai'] });
  // In effect without a restart: the MCP endpoint now admits that browser origin and still refuses others.
  const mcp = (origin: string) => fetch(`${app.baseUrl}/mcp/`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: '{}' });
  expect((await mcp('https://claude.ai')).status).toBe(401);
  expect((await mcp('https://elsewhere.example')).status).toBe(403);
  await admin.context().close();
});
