import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { choose, launchBrowser, screenshot, signIn } from './support/browser';
import { checker } from './support/checks';

/**
 * Service levels in the staff queue, in a real browser on the demo: every row carries a due badge that says what the
 * service says of the ticket, the "Due" column sorts by the nearest due time, and the service-level filter narrows
 * the queue. Each step compares what the page shows with the services' own answer.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;

/** What the queue shows: each row's ticket id and the state on its due badge ("none" when no clock runs, "" for —). */
const rows = (on: Page) =>
  on.locator('tr[data-ticket-id]').evaluateAll((trs) =>
    trs.map((tr) => ({ id: tr.getAttribute('data-ticket-id'), state: tr.querySelector('[data-sla-state]')?.getAttribute('data-sla-state') ?? '' })),
  );
const expected = (tickets: TicketSummary[]) => tickets.map((t) => ({ id: t.id, state: t.sla ? (t.sla.state ?? 'none') : '' }));

/** Waits until the queue shows exactly these tickets, in this order. */
const rowsShown = (on: Page, ids: string[]) =>
  on.waitForFunction(
    (want) => JSON.stringify(Array.from(document.querySelectorAll('tr[data-ticket-id]')).map((r) => r.getAttribute('data-ticket-id'))) === JSON.stringify(want),
    ids,
  );

beforeAll(async () => {
  app = await startE2eApp();
  check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('the queue shows a due badge on every ticket, as the service judges it', async () => {
  page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
  await page.getByRole('link', { name: 'Help Desk' }).first().click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.locator('tr[data-ticket-id]').first().waitFor();
  const { tickets } = await check.service('tickets').list(staff, { limit: 20 });
  // The demo's open tickets were opened days ago: some are overdue, and every one has its clocks.
  expect(tickets.every((t) => t.sla !== null)).toBe(true);
  expect(tickets.some((t) => t.sla?.state === 'breached')).toBe(true);
  expect(await rows(page)).toEqual(expected(tickets));
  const breached = tickets.find((t) => t.sla?.state === 'breached') as TicketSummary;
  await expect(page.locator(`tr[data-ticket-id="${breached.id}"] [data-sla-state="breached"]`).textContent()).resolves.toBe('Breached');
  await screenshot(page, 'sla-01-queue-badges');
});

test('the Due column sorts the queue by the nearest due time, overdue first', async () => {
  await page.getByRole('button', { name: /^Due/ }).click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'due');
  const { tickets } = await check.service('tickets').list(staff, { limit: 20, sort: 'due' });
  await rowsShown(page, tickets.map((t) => t.id));
  expect(await rows(page)).toEqual(expected(tickets));
  // Nearest due first, by the due time of the clock that runs out first: every breached ticket above the others.
  const nextDue = (t: TicketSummary) =>
    Math.min(
      ...[t.sla?.first_responded_at === null ? t.sla.first_response_due_at : null, t.sla?.paused ? null : t.sla?.resolution_due_at]
        .filter((d): d is string => Boolean(d))
        .map((d) => Date.parse(d)),
    );
  const dues = tickets.map(nextDue);
  expect(dues).toEqual([...dues].sort((a, b) => a - b));
  const breached = tickets.map((t) => t.sla?.state === 'breached');
  expect(breached).toEqual([...breached].sort((a, b) => Number(b) - Number(a)));
  await screenshot(page, 'sla-02-queue-by-due');

  // A second click goes back to the activity order.
  await page.getByRole('button', { name: /^Due/ }).click();
  await page.waitForURL((url) => !url.searchParams.has('sort'));
  const byActivity = await check.service('tickets').list(staff, { limit: 20 });
  await rowsShown(page, byActivity.tickets.map((t) => t.id));
});

test('the service-level filter shows only breached tickets, and the ticket page shows the due facts', async () => {
  await choose(page, 'Service level', 'Breached');
  await page.waitForURL((url) => url.searchParams.get('sla') === 'breached');
  const { tickets } = await check.service('tickets').list(staff, { limit: 20, sla: 'breached' });
  await rowsShown(page, tickets.map((t) => t.id));
  expect(tickets.length).toBeGreaterThan(0);
  expect((await rows(page)).every((r) => r.state === 'breached')).toBe(true);

  const first = tickets[0] as TicketSummary;
  await page.locator(`tr[data-ticket-id="${first.id}"]`).getByRole('link').click();
  const facts = page.getByRole('region', { name: 'Ticket details' });
  await facts.getByText('Service level').waitFor();
  await expect(facts.locator('[data-sla-state="breached"]').count()).resolves.toBe(1);
  await facts.getByText('First response due').waitFor();
  await facts.getByText('Resolution due').waitFor();
  await screenshot(page, 'sla-03-ticket-facts');
});
