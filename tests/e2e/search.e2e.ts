import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { launchBrowser, screenshot, signIn } from './support/browser';
import { checker } from './support/checks';

/**
 * The queue page's search box in a real browser: a staff member looks for a word that only a reply holds, sees the
 * ticket ranked with the reply's snippet and "reply" as the part that matched, and opens the ticket from the hit.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let page: Page | undefined;
let staff: Actor;
let ticket: TicketSummary;

const WORD = 'marmalade';
const REPLY = `The ${WORD} in the keyboard explains the sticky keys. (e2e search reply)`;

beforeAll(async () => {
  app = await startE2eApp();
  const check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  const { tickets } = await check.service('tickets').list(staff, { limit: 20 });
  const first = tickets[0];
  if (!first) throw new Error('the demo has no ticket in the staff member’s queue');
  ticket = first;
  await check.service('replies').reply(staff, ticket.id, { body: REPLY, is_internal: false });
  // Only the reply holds the word: no subject or description of the demo does.
  const found = await check.service('search').search(staff, { query: WORD, limit: 20 });
  expect(found.hits.map((h) => [h.ticket.id, h.matched])).toEqual([[ticket.id, 'reply']]);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a staff member finds a ticket by a word only its reply holds, and opens it from the hit', async () => {
  try {
    page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
    await page.getByRole('link', { name: 'Help Desk' }).first().click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('textbox', { name: 'Find words' }).fill(WORD);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('search') === WORD);

    const hit = page.locator(`li[data-ticket-id="${ticket.id}"]`);
    await hit.waitFor();
    await screenshot(page, 'search-01-hit');
    expect(await page.locator('li[data-ticket-id]').count()).toBe(1);
    expect(await hit.getAttribute('data-matched')).toBe('reply');
    expect(await hit.getByTestId('matched-part').textContent()).toBe('reply');
    expect(await hit.getByTestId('snippet').textContent()).toContain(`${WORD} in the keyboard`);

    await hit.getByRole('link', { name: ticket.subject, exact: true }).click();
    await page.getByRole('heading', { name: ticket.subject }).waitFor();
    expect(page.url()).toContain(`/admin/plugins/helpdesk/tickets/${ticket.id}`);
  } catch (error) {
    if (page && !page.isClosed()) await screenshot(page, 'search-failed').catch(() => undefined);
    throw error;
  }
});
