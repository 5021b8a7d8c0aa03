import fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import type { TicketSummary } from '../../src/plugins/helpdesk/server/src/services/views';
import { PANEL_PASSWORD, PEOPLE, startE2eApp } from './support/app';
import { launchBrowser, screenshot, signIn, stepWithScreenshot } from './support/browser';
import { checker } from './support/checks';
import { pdfDocument, pngImage, removeStoredAttachments } from '../helpers/files';
import { createKey } from '../api/mcp-support';
import { request } from '../helpers/http';

/**
 * Attachments on the staff pages: a staff member drops a screenshot on an internal note and picks a PDF for a
 * public reply; the screenshot's thumbnail shows (fetched through the help desk's route with the panel session), the
 * PDF downloads from its link. The submitter, reading the same ticket through REST, sees only the PDF.
 */
let app: Awaited<ReturnType<typeof startE2eApp>>;
let browser: Browser;
let check: ReturnType<typeof checker>;
let staff: Actor;
let page: Page;
let ticket: TicketSummary;
let screenshotBytes: Buffer;

const HELPDESK = '/admin/plugins/helpdesk';
const NOTE = 'The error dialog, as the user sees it (e2e note with a screenshot)';
const REPLY = 'Here is the setup guide as a PDF (e2e reply with a file)';

const detail = () => check.service('tickets').get(staff, ticket.id);

let active: Page | undefined;
const step = stepWithScreenshot('failed-attachments-', () => active);

beforeAll(async () => {
  app = await startE2eApp();
  check = checker(app.strapi);
  staff = await check.actorOf(PEOPLE.staff);
  const { tickets } = await check.service('tickets').list(staff, { category: 'Hardware', limit: 100 });
  const candidate = tickets.find((t) => t.group?.name === 'IT Service Desk' && t.submitter);
  if (!candidate) throw new Error('the demo has no Hardware ticket in the IT Service Desk group');
  ticket = candidate;
  screenshotBytes = await pngImage(640, 400);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (app) await removeStoredAttachments(app.strapi);
  await app?.stop();
});

step('a staff member drops a screenshot on an internal note and its thumbnail shows', async () => {
  page = await signIn(browser, app.baseUrl, PEOPLE.staff, PANEL_PASSWORD);
  active = page;
  await page.goto(`${HELPDESK}/tickets/${ticket.id}`);
  await page.getByRole('heading', { name: ticket.subject }).waitFor();
  await page.getByRole('button', { name: 'Internal note', exact: true }).click();
  await page.getByLabel('Internal note (Markdown)').fill(NOTE);

  // Drag and drop: a DataTransfer carrying the file, dropped on the composer's drop zone.
  const transfer = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'error-dialog.png', { type: 'image/png' }));
    return data;
  }, screenshotBytes.toString('base64'));
  await page.dispatchEvent('[data-testid="attachment-drop-zone"]', 'drop', { dataTransfer: transfer });
  await page.locator('[data-testid="pending-attachment"]', { hasText: 'error-dialog.png' }).waitFor();
  await page.getByRole('button', { name: 'Add internal note' }).click();

  const note = page.locator('article[data-kind="internal-note"]', { hasText: NOTE });
  const thumbnail = note.locator('img[data-testid="attachment-thumbnail"]');
  await thumbnail.waitFor();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await thumbnail.elementHandle());
  // A thumbnail, not the original: at most 320 px wide.
  expect(await thumbnail.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
  expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
  await screenshot(page, 'attachments-01-note-with-screenshot');

  const stored = (await detail()).replies.find((r) => r.body === NOTE);
  expect(stored?.is_internal).toBe(true);
  expect(stored?.attachments).toEqual([expect.objectContaining({ name: 'error-dialog.png', type: 'image/png', size: screenshotBytes.length })]);
});

step('attaches a PDF to a public reply with the file picker, and it downloads from its link', async () => {
  await page.getByRole('button', { name: 'Public reply', exact: true }).click();
  await page.getByLabel('Reply (Markdown)').fill(REPLY);
  await page.locator('input[type="file"][aria-label="Attach files"]').setInputFiles({ name: 'setup-guide.pdf', mimeType: 'application/pdf', buffer: pdfDocument() });
  await page.locator('[data-testid="pending-attachment"]', { hasText: 'setup-guide.pdf' }).waitFor();
  await page.getByRole('button', { name: 'Send reply' }).click();
  const reply = page.locator('article[data-kind="public"]', { hasText: REPLY });
  await reply.getByRole('button', { name: 'Download setup-guide.pdf' }).waitFor();
  await screenshot(page, 'attachments-02-reply-with-pdf');

  const [download] = await Promise.all([page.waitForEvent('download'), reply.getByRole('button', { name: 'Download setup-guide.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('setup-guide.pdf');
  expect(fs.readFileSync(await download.path()).equals(pdfDocument())).toBe(true);
});

step('the submitter, reading the ticket through REST, sees only the PDF', async () => {
  const stored = await detail();
  const submitterId = stored.submitter?.id as string;
  const account = (await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { documentId: submitterId } })) as { id: number; email: string };
  const key = await createKey(app, { id: account.id, documentId: submitterId, email: account.email, password: '' });
  const res = await request(app.baseUrl, 'GET', `/api/helpdesk/tickets/${ticket.id}`, { token: key });
  expect(res.status).toBe(200);
  const files = [...res.body.data.attachments, ...res.body.data.replies.flatMap((r: { attachments: unknown[] }) => r.attachments)] as Array<{ id: string; name: string }>;
  expect(files.map((f) => f.name)).toEqual(['setup-guide.pdf']);

  const note = stored.replies.find((r) => r.body === NOTE);
  const screenshotId = note?.attachments[0]?.id as string;
  const refused = await request(app.baseUrl, 'GET', `/api/helpdesk/attachments/${screenshotId}`, { token: key });
  expect([refused.status, refused.body.error.code]).toEqual([404, 'not_found']);
});
