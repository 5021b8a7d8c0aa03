import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { choose, launchBrowser, screenshot, signIn, stepWithScreenshot } from './support/browser';
import { checker } from './support/checks';

/**
 * Tags on the staff pages (issue 15): a staff member puts a tag on a ticket from its page, the queue filters by that
 * tag, and the tag comes off again. After each step the database is read back through the services the pages call.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;
let ticket: TicketSummary;

const HELPDESK = '/admin/plugins/helpdesk';
/** A demo tag the chosen ticket does not carry yet. */
const TAG = 'Security';

const detail = () => check.service('tickets').get(staff, ticket.id);
const shownRows = (on: Page) => on.locator('tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));

let active: Page | undefined;
const step = stepWithScreenshot('failed-tags-', () => active);

beforeAll(async () => {
  app = await startE2eApp();
  check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  const { tickets } = await check.service('tickets').list(staff, { limit: 100 });
  const candidate = tickets.find((t) => t.group?.name === 'IT Service Desk' && !t.tags.some((tag) => tag.name === TAG));
  if (!candidate) throw new Error(`the demo has no open IT Service Desk ticket without the ${TAG} tag`);
  ticket = candidate;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

step('a staff member puts a tag on a ticket from its page', async () => {
  page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
  active = page;
  await page.goto(`${HELPDESK}/tickets/${ticket.id}`);
  await page.getByRole('heading', { name: ticket.subject }).waitFor();
  const panel = page.locator('section[aria-label="Tags"]');
  await panel.waitFor();

  await choose(page, 'Add a tag', TAG);
  await page.getByRole('button', { name: 'Add tag' }).click();
  await panel.getByRole('button', { name: `Remove tag ${TAG}` }).waitFor();
  await page.locator('section[aria-label="Ticket details"]').getByText(TAG, { exact: false }).waitFor();
  await screenshot(page, 'tags-01-ticket-tagged');

  const stored = await detail();
  expect(stored.tags.map((t) => t.name)).toContain(TAG);
  const change = stored.history.filter((h) => h.event === 'tags_changed').at(-1);
  expect(change).toMatchObject({ actor: { id: staff.userId }, added: [TAG], removed: [] });
});

step('the queue filters by the tag', async () => {
  await page.goto(HELPDESK);
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.locator('tr[data-ticket-id]').first().waitFor();

  await page.getByRole('combobox', { name: 'Tags' }).click();
  await page.getByRole('option', { name: TAG, exact: true }).click();
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => url.searchParams.getAll('tag').join(',') === TAG);
  await page.locator(`tr[data-ticket-id="${ticket.id}"]`).waitFor();

  const { tickets } = await check.service('tickets').list(staff, { tag: [TAG], limit: 20 });
  // The page shows exactly what the service lists for that filter: every row carries the tag.
  await page.waitForFunction(
    (expected) => JSON.stringify(Array.from(document.querySelectorAll('tr[data-ticket-id]')).map((r) => r.getAttribute('data-ticket-id'))) === JSON.stringify(expected),
    tickets.map((t) => t.id),
  );
  expect(await shownRows(page)).toEqual(tickets.map((t) => t.id));
  expect(tickets.map((t) => t.id)).toContain(ticket.id);
  expect(tickets.every((t) => t.tags.some((tag) => tag.name === TAG))).toBe(true);
  const all = await check.service('tickets').list(staff, { limit: 100 });
  expect(tickets.length).toBeLessThan(all.tickets.length);
  await screenshot(page, 'tags-02-queue-filtered');
});

step('the tag comes off from the ticket page, and the filtered queue no longer lists the ticket', async () => {
  await page.getByRole('link', { name: ticket.subject, exact: true }).click();
  const panel = page.locator('section[aria-label="Tags"]');
  await panel.getByRole('button', { name: `Remove tag ${TAG}` }).click();
  await panel.getByRole('button', { name: `Remove tag ${TAG}` }).waitFor({ state: 'detached' });

  const stored = await detail();
  expect(stored.tags.map((t) => t.name)).not.toContain(TAG);
  expect(stored.history.filter((h) => h.event === 'tags_changed').at(-1)).toMatchObject({ added: [], removed: [TAG] });

  await page.goBack();
  await page.waitForURL((url) => url.searchParams.getAll('tag').join(',') === TAG);
  const { tickets } = await check.service('tickets').list(staff, { tag: [TAG], limit: 20 });
  expect(tickets.map((t) => t.id)).not.toContain(ticket.id);
  await page.waitForFunction(
    (expected) => JSON.stringify(Array.from(document.querySelectorAll('tr[data-ticket-id]')).map((r) => r.getAttribute('data-ticket-id'))) === JSON.stringify(expected),
    tickets.map((t) => t.id),
  );
});
