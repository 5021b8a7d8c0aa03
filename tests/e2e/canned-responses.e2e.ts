import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { choose, launchBrowser, screenshot, signIn, stepWithScreenshot } from './support/browser';
import { checker } from './support/checks';

/**
 * Canned responses end to end: a staff member creates one on the Canned responses page, inserts it into a reply on
 * the ticket page (filled for that ticket by the server), edits it and sends it; the thread shows the reply with the
 * edit, and the database holds exactly that text. Then they keep it to themselves, and a colleague no longer sees it.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;
let ticket: TicketSummary;
let responseId: string;

const HELPDESK = '/admin/plugins/helpdesk';
const TITLE = 'Warranty replacement (e2e)';
const BODY = 'Hi {{submitter.name}},\n\nabout "{{ticket.subject}}": a replacement is on its way.\n\n{{agent.name}}';
const EDIT = 'PS: please keep the old one until the new one arrives. (edited in e2e)';

const section = (on: Page, name: string) => on.getByRole('navigation', { name: 'Help Desk sections' }).getByRole('link', { name });

let active: Page | undefined;
const step = stepWithScreenshot('failed-canned-', () => active);

beforeAll(async () => {
  app = await startE2eApp();
  check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  const { tickets } = await check.service('tickets').list(staff, { limit: 20 });
  const candidate = tickets.find((t) => t.submitter && t.status?.kind !== 'closed');
  if (!candidate) throw new Error('the demo has no open ticket in the staff member\'s scope');
  ticket = candidate;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

step('a staff member creates a canned response shared with everyone', async () => {
  page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
  active = page;
  await page.goto(HELPDESK);
  await section(page, 'Canned responses').click();
  await page.getByRole('heading', { name: 'Canned responses' }).waitFor();
  await page.getByRole('button', { name: 'New canned response' }).click();
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Body').fill(BODY);
  await choose(page, 'Visible to', 'All staff and admins');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('tr[data-canned-id]', { hasText: TITLE }).waitFor();
  await screenshot(page, 'canned-01-list');

  const { canned_responses: stored } = await check.service('canned-responses').list(staff, { limit: 100 });
  const created = stored.find((r) => r.title === TITLE);
  expect(created).toMatchObject({ body: BODY, visibility: 'everyone', owner: { id: staff.userId }, can_edit: true });
  responseId = created?.id ?? '';
});

step('inserts it into a reply on the ticket page, filled for that ticket, edits it and sends it', async () => {
  const replies = (await check.service('tickets').get(staff, ticket.id)).replies.length;
  await page.goto(`${HELPDESK}/tickets/${ticket.id}`);
  await page.getByRole('heading', { name: ticket.subject }).waitFor();
  await page.getByRole('button', { name: 'Public reply', exact: true }).click();
  await choose(page, 'Insert a canned response', TITLE);

  const { text } = await check.service('canned-responses').render(staff, { ticket_id: ticket.id, response_id: responseId });
  const composer = page.getByLabel('Reply (Markdown)');
  // The server renders it, then it lands in the composer.
  for (let waited = 0; (await composer.inputValue()) !== text && waited < 15_000; waited += 200) await page.waitForTimeout(200);
  expect(await composer.inputValue()).toBe(text);
  expect(text).toContain(ticket.subject.split(' ')[0] as string);
  expect(text).not.toContain('{{');
  await composer.fill(`${await composer.inputValue()}\n\n${EDIT}`);
  await screenshot(page, 'canned-02-inserted-and-edited');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.locator('article[data-kind="public"]', { hasText: EDIT }).waitFor();
  await screenshot(page, 'canned-03-sent');

  const stored = await check.service('tickets').get(staff, ticket.id);
  expect(stored.replies).toHaveLength(replies + 1);
  expect(stored.replies[stored.replies.length - 1]).toMatchObject({ body: `${text}\n\n${EDIT}`, is_internal: false, author: { id: staff.userId } });
});

step('kept private, it disappears from a colleague\'s page', async () => {
  await page.goto(`${HELPDESK}/canned-responses`);
  const row = page.locator('tr[data-canned-id]', { hasText: TITLE });
  await row.getByRole('button', { name: 'Edit' }).click();
  await choose(page, 'Visible to', 'Only me');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await row.getByText('Only its owner').waitFor();
  expect((await check.service('canned-responses').get(staff, responseId)).visibility).toBe('private');

  const colleague = await signIn(browser, app.baseUrl, PEOPLE.outsider, PANEL_PASSWORD);
  active = colleague;
  await colleague.goto(`${HELPDESK}/canned-responses`);
  await colleague.getByRole('heading', { name: 'Canned responses' }).waitFor();
  await colleague.getByText(/No canned responses yet|No canned response matches/).or(colleague.locator('tr[data-canned-id]').first()).first().waitFor();
  expect(await colleague.locator('tr[data-canned-id]', { hasText: TITLE }).count()).toBe(0);
  await colleague.context().close();
  active = page;
});

step('deletes it', async () => {
  const row = page.locator('tr[data-canned-id]', { hasText: TITLE });
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await row.waitFor({ state: 'detached' });
  const { canned_responses: left } = await check.service('canned-responses').list(staff, { limit: 100 });
  expect(left.some((r) => r.id === responseId)).toBe(false);
});
