import fs from 'fs';
import type { Browser, Download, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, addPanelUser, startE2eApp } from './support/app';
import { choose, launchBrowser, screenshot, signIn, stepWithScreenshot } from './support/browser';
import { checker } from './support/checks';

/**
 * The staff pages end to end: a staff member works one ticket through the admin panel, and after every step the
 * database is read back through the services. The steps share one ticket and run in order. Then the super admin
 * links and unlinks a panel user on the Panel access page, and an Editor meets the Content Manager's back doors:
 * no tickets there, and a catalog edit that lands in the audit log under their name.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;
let ticket: TicketSummary;
let apiKey: string;
/** The super admin's page (help-desk Admin), kept open from the audit log step on. */
let admin: Page;
let me: Actor;

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

/** The file a click on `button` downloads, and its text. */
const downloadOf = async (on: Page, button: string): Promise<{ download: Download; text: string }> => {
  const [download] = await Promise.all([on.waitForEvent('download'), on.getByRole('button', { name: button }).click()]);
  const file = await download.path();
  return { download, text: fs.readFileSync(file, 'utf8') };
};

/** Help-desk calls that would carry ticket data: a panel user without a link must cause none. */
const watchTicketCalls = (on: Page): string[] => {
  const calls: string[] = [];
  on.on('request', (request) => {
    if (/\/helpdesk\/(tickets|statuses|categories|assignees)/.test(request.url())) calls.push(request.url());
  });
  return calls;
};

/** The page a step is driving, so a failing step leaves a screenshot of what the browser showed. */
let active: Page | undefined;
const step = stepWithScreenshot('failed-', () => active);

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

step('a panel user left unlinked (its account has the User role) sees the explanation and no tickets', async () => {
  // panel-user:create links by email only to a Staff or Admin account: this one stays unlinked.
  expect(await check.linkedAccountOf(PEOPLE.user)).toBeNull();
  const user = await signIn(browser, app.baseUrl, PEOPLE.user, PANEL_PASSWORD);
  active = user;
  const ticketCalls = watchTicketCalls(user);
  await user.goto(HELPDESK);
  await user.locator('[data-testid="helpdesk-no-account"][data-reason="not_linked"]').waitFor();
  await user.getByText('is not linked to a help-desk account', { exact: false }).waitFor();
  await user.getByText('under Help Desk → Panel access', { exact: false }).first().waitFor();
  expect(await user.getByText('same email', { exact: false }).count()).toBe(0);
  expect(await user.locator('tr[data-ticket-id]').count()).toBe(0);
  expect(ticketCalls).toEqual([]);
  await screenshot(user, '09-not-linked-explanation');
  await user.context().close();
  active = page;
});

step('the super admin acts as help-desk Admin (a fresh account of their own): audit log, exports and settings', async () => {
  expect(await check.linkedAccountOf(PEOPLE.owner)).toBeNull();
  admin = await signIn(browser, app.baseUrl, PEOPLE.owner, PANEL_PASSWORD);
  active = admin;
  await admin.goto(`${HELPDESK}/audit`);
  await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  await admin.getByLabel('Actor').fill(PEOPLE.staff);
  await admin.getByRole('button', { name: 'Apply' }).click();
  await choose(admin, 'Channel', 'admin');
  await admin.locator('table').getByText('ticket.note', { exact: true }).waitFor();
  await screenshot(admin, '10-audit-log');

  // Their first visit made a new Admin account and linked it: found by the link, never by email.
  const ownAccount = await check.linkedAccountOf(PEOPLE.owner);
  expect(ownAccount).not.toBeNull();
  me = await check.actorById(ownAccount ?? '');
  expect(me.role).toBe('admin');
  const logged = await check.service('audit').list(me, { actor: PEOPLE.staff, channel: 'admin', page: 1, page_size: 25 });
  expect(logged.events.map((e) => e.action)).toEqual(
    expect.arrayContaining(['ticket.note', 'ticket.reply', 'ticket.status', 'ticket.assign', 'key.create', 'key.revoke']),
  );
  await admin.getByText(`${logged.pagination.total} events`, { exact: false }).waitFor();
  expect(logged.pagination.total).toBeLessThanOrEqual(25);

  // The exports carry the page's filters: the same events as the list, every one of them.
  const jsonl = await downloadOf(admin, 'Export JSON Lines');
  expect(jsonl.download.suggestedFilename()).toMatch(/^helpdesk-audit-[\d-]+\.jsonl$/);
  const exported = jsonl.text.trim().split('\n').map((line) => JSON.parse(line) as { id: string; channel: string; actor: { email: string } });
  const ids = logged.events.map((e) => e.id).sort();
  expect(exported.map((e) => e.id).sort()).toEqual(ids);
  expect(exported.every((e) => e.channel === 'admin' && e.actor.email === PEOPLE.staff)).toBe(true);
  const csv = await downloadOf(admin, 'Export CSV');
  expect(csv.download.suggestedFilename()).toMatch(/^helpdesk-audit-[\d-]+\.csv$/);
  const csvLines = csv.text.trim().split('\r\n');
  expect(csvLines[0]).toMatch(/^id,at,action,outcome,channel,actor_id,actor_name,actor_email/);
  expect(csvLines.slice(1).map((l) => JSON.parse(l.split(',')[0] as string) as string).sort()).toEqual(ids);
  const exports = await check.service('audit').list(me, { action: 'audit.export', page: 1, page_size: 25 });
  expect(exports.events.map((e) => [e.actor?.id, e.details?.format])).toEqual([[me.userId, 'csv'], [me.userId, 'jsonl']]);

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
});


// --- Panel access: the stored link, made and withdrawn by a help-desk Admin in the pages -------------------------

let newcomer: { id: number; page: Page };
const NEWCOMER_NAME = 'Nia Newcomer';
const accessRow = (id: number) => admin.locator(`tr[data-panel-user-id="${id}"]`);

step('the super admin links a panel user without an account on the Panel access page; it then sees the queue', async () => {
  active = admin;
  // No help-desk account has this email, so panel-user:create leaves it unlinked.
  const created = await addPanelUser(app, PEOPLE.newcomer, { name: NEWCOMER_NAME });
  expect(await check.linkedAccountOf(PEOPLE.newcomer)).toBeNull();
  const target = await check.actorOf(PEOPLE.linkTarget);
  expect(target.role).toBe('staff');

  await section(admin, 'Panel access').click();
  await admin.getByRole('heading', { name: 'Panel access' }).waitFor();
  const row = accessRow(created.id);
  await row.getByText('Not linked', { exact: true }).waitFor();
  const ownRow = accessRow(await check.panelUserId(PEOPLE.owner));
  await ownRow.getByText('Super admin', { exact: true }).waitFor();
  await ownRow.getByText('Acts as help-desk Admin regardless', { exact: false }).waitFor();
  await screenshot(admin, '12-panel-access');

  await row.getByRole('button', { name: 'Link…' }).click();
  const dialog = admin.getByRole('dialog', { name: `Link ${NEWCOMER_NAME} to a help-desk account` });
  // An account another panel user works as is refused, and the dialog says by whom.
  await dialog.getByLabel('Search accounts').fill('staff1');
  await dialog.getByRole('radio', { name: PEOPLE.staff }).click();
  await dialog.getByRole('button', { name: 'Link account' }).click();
  await dialog.getByRole('alert').getByText(`already linked to the panel user ${PEOPLE.staff}`, { exact: false }).waitFor();
  expect(await dialog.getByRole('button', { name: 'Link account' }).isEnabled()).toBe(true);
  await admin.mouse.move(0, 0);
  await screenshot(admin, '13-link-conflict');
  expect(await check.linkedAccountOf(PEOPLE.newcomer)).toBeNull();

  await dialog.getByLabel('Search accounts').fill('Lena');
  await dialog.getByRole('radio', { name: PEOPLE.linkTarget }).click();
  await dialog.getByRole('button', { name: 'Link account' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.locator(`tr[data-panel-user-id="${created.id}"][data-linked-account-id="${target.userId}"]`).waitFor();
  await row.getByText(PEOPLE.linkTarget, { exact: true }).waitFor();
  await screenshot(admin, '14-panel-access-linked');

  expect(await app.strapi.plugin('helpdesk').service('panel-access').linkedAccount(created.id)).toBe(target.userId);
  const links = await check.service('audit').list(me, { action: 'panel.link', channel: 'admin', page: 1, page_size: 25 });
  expect(links.events[0]).toMatchObject({
    actor: { id: me.userId },
    details: { panel_user: { id: created.id, email: PEOPLE.newcomer }, account: { id: target.userId, email: PEOPLE.linkTarget } },
  });

  // Signed in, the newcomer works tickets as that Staff account: its queue, its scope.
  const theirs = await signIn(browser, app.baseUrl, PEOPLE.newcomer, PANEL_PASSWORD);
  newcomer = { id: created.id, page: theirs };
  active = theirs;
  await theirs.getByRole('link', { name: 'Help Desk' }).first().click();
  await theirs.getByRole('heading', { name: 'Queue' }).waitFor();
  await theirs.locator('tr[data-ticket-id]').first().waitFor();
  const shown = await theirs.locator('tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));
  const { tickets } = await check.service('tickets').list(target, { limit: 20 });
  expect(shown).toEqual(tickets.map((t) => t.id));
});

step('the super admin unlinks it after a confirmation; the panel user then sees the explanation and no tickets', async () => {
  active = admin;
  const row = accessRow(newcomer.id);
  await row.getByRole('button', { name: 'Unlink' }).click();
  const confirm = admin.getByRole('alertdialog');
  await confirm.getByText(`stops working tickets as ${PEOPLE.linkTarget}`, { exact: false }).waitFor();
  await screenshot(admin, '15-unlink-confirmation');
  await confirm.getByRole('button', { name: 'Unlink panel user' }).click();
  await admin.locator(`tr[data-panel-user-id="${newcomer.id}"][data-linked-account-id=""]`).waitFor();
  await row.getByText('Not linked', { exact: true }).waitFor();

  expect(await app.strapi.plugin('helpdesk').service('panel-access').linkedAccount(newcomer.id)).toBeNull();
  const unlinks = await check.service('audit').list(me, { action: 'panel.unlink', page: 1, page_size: 25 });
  expect(unlinks.events[0]).toMatchObject({ actor: { id: me.userId }, details: { panel_user: { id: newcomer.id }, account: { email: PEOPLE.linkTarget } } });

  const theirs = newcomer.page;
  active = theirs;
  const ticketCalls = watchTicketCalls(theirs);
  await theirs.reload();
  await theirs.locator('[data-testid="helpdesk-no-account"][data-reason="not_linked"]').waitFor();
  expect(await theirs.locator('tr[data-ticket-id]').count()).toBe(0);
  expect(ticketCalls).toEqual([]);
  await screenshot(theirs, '16-unlinked-explanation');
  await theirs.context().close();
});

// --- The Content Manager's back doors: an Editor sees the catalog, never tickets; their edits are audited -------

const CM = '/admin/content-manager';
const EDITOR_NAME = 'Edith Editor';
let editor: { id: number; page: Page };

step('an Editor sees no Ticket, Reply or Audit event in the Content Manager, not even with the typed URL', async () => {
  const created = await addPanelUser(app, PEOPLE.editor, { role: 'Editor', name: EDITOR_NAME });
  const theirs = await signIn(browser, app.baseUrl, PEOPLE.editor, PANEL_PASSWORD);
  editor = { id: created.id, page: theirs };
  active = theirs;

  await theirs.goto(CM);
  const types = (uid: string) => theirs.locator(`a[href*="collection-types/plugin::helpdesk.${uid}"]`);
  await types('category').first().waitFor();
  await theirs.getByRole('link', { name: 'Category', exact: true }).waitFor();
  for (const [uid, name] of [['ticket', 'Ticket'], ['reply', 'Reply'], ['audit-event', 'Audit event']]) {
    expect(await types(uid).count()).toBe(0);
    expect(await theirs.getByRole('link', { name, exact: true }).count()).toBe(0);
  }
  await screenshot(theirs, '17-editor-content-manager');

  // The Content Manager's API (not the page itself, /admin/content-manager/…) must hand out no ticket.
  const ticketResponses: string[] = [];
  theirs.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/content-manager/') && pathname.includes('plugin::helpdesk.ticket')) ticketResponses.push(`${response.status()} ${pathname}`);
  });
  await theirs.goto(`${CM}/collection-types/plugin::helpdesk.ticket`);
  await theirs.getByText("You don't have the permissions to access that content").waitFor();
  expect(await theirs.getByText(ticket.subject).count()).toBe(0);
  expect(ticketResponses.filter((r) => !/^4\d\d /.test(r))).toEqual([]);
  await screenshot(theirs, '18-editor-ticket-url');

  // And the API behind it answers 403 to the Editor's own session.
  const login = await fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: PEOPLE.editor, password: PANEL_PASSWORD }),
  });
  const { data } = (await login.json()) as { data: { token?: string; accessToken?: string } };
  const list = await fetch(`${app.baseUrl}/content-manager/collection-types/plugin::helpdesk.ticket`, {
    headers: { Authorization: `Bearer ${data.token ?? data.accessToken}` },
  });
  expect(list.status).toBe(403);
});

step("the Editor's catalog edit in the Content Manager shows in the audit log under their name", async () => {
  const theirs = editor.page;
  active = theirs;
  const description = 'Laptops, monitors, docks and peripherals (edited in the Content Manager, e2e).';
  await theirs.goto(`${CM}/collection-types/plugin::helpdesk.category`);
  await theirs.locator('table').getByText('Hardware', { exact: true }).click();
  await theirs.waitForURL((url) => /plugin::helpdesk\.category\/\w+/.test(url.pathname));
  const field = theirs.getByRole('textbox', { name: 'description' });
  await field.fill(description);
  const [saved] = await Promise.all([
    theirs.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/collection-types/plugin::helpdesk.category/')),
    theirs.getByRole('button', { name: 'Save' }).click(),
  ]);
  expect(saved.status()).toBe(200);
  await screenshot(theirs, '19-editor-category-saved');

  const hardware = (await check.service('catalog').categories(me)).find((c) => c.name === 'Hardware');
  expect(hardware?.description).toBe(description);
  const edits = await check.service('audit').list(me, { action: 'catalog.update', page: 1, page_size: 25 });
  expect(edits.events[0]).toMatchObject({
    channel: 'admin',
    actor: { id: null, name: EDITOR_NAME, email: PEOPLE.editor, role: null },
    details: { type: 'category', name: 'Hardware', changed: ['description'], edited_by: { panel_user_id: editor.id } },
  });
  await theirs.context().close();

  active = admin;
  await section(admin, 'Audit log').click();
  await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  await admin.getByLabel('Action').fill('catalog.update');
  await admin.getByRole('button', { name: 'Apply' }).click();
  const shown = admin.locator(`tr[data-audit-event-id="${edits.events[0]?.id}"][data-action="catalog.update"]`);
  await shown.getByText(EDITOR_NAME, { exact: true }).waitFor();
  await shown.getByText(PEOPLE.editor, { exact: true }).waitFor();
  await screenshot(admin, '20-audit-catalog-edit');
  await admin.context().close();
});
