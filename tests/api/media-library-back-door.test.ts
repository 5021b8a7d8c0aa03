import fs from 'fs';
import path from 'path';
import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, createGroup } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { logText, multipart, removeStoredAttachments } from '../helpers/files';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { passwordToken } from './mcp-support';

/**
 * Help-desk attachments are stored through Strapi's upload plugin, whose Media Library lets any panel user with its
 * permissions (Strapi's default Editor role has them all) list, delete, replace and rename files. Tried here as an
 * attacker would, over the Media Library's own routes. Before the guard each attempt succeeded (an Editor deleted a
 * ticket's file from the record, and replaced its content); each must now be refused with the file unchanged.
 */
const PANEL_PASSWORD = 'Panel-password-1';
const NOTE_FILE = 'server-log.txt';
const CONTENT = '2026-12-01 10:00:00 ERROR the customer VPN key is 1234\n';

let app: TestApp;
let editorToken: string;
let staffToken: string;
let attachmentId: string;
let fileRowId: number;
let storedPath: string;

const asEditor = (method: string, urlPath: string, body?: unknown) => request(app.baseUrl, method, urlPath, { token: editorToken, body });
const download = () => request(app.baseUrl, 'GET', `/api/helpdesk/attachments/${attachmentId}`, { token: staffToken });

beforeAll(async () => {
  app = await startHelpdesk();
  await registerFirstAdmin(app.baseUrl, 'owner@example.com');
  const staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  const group = await createGroup(app.strapi, 'IT', [staff]);
  const category = await app.strapi.documents('plugin::helpdesk.category').create({
    data: { name: 'Network', default_group: { documentId: group.documentId } } as never,
  });
  staffToken = await passwordToken(app, staff);
  const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
    token: staffToken,
    body: { subject: 'VPN down', description: 'Since this morning.', category_id: category.documentId },
  });
  const ticketId = created.body.data.id as string;
  const added = await multipart(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/attachments`, {
    token: staffToken,
    files: [{ name: NOTE_FILE, content: logText(CONTENT), type: 'text/plain' }],
  });
  if (added.status !== 201) throw new Error(`adding the file answered ${added.status}: ${added.text}`);
  attachmentId = added.body.data[0].id;
  const row = await app.strapi.db.query('plugin::helpdesk.attachment').findOne({ where: { documentId: attachmentId }, populate: { file: true } });
  fileRowId = row.file.id;
  storedPath = path.join(__dirname, '..', '..', 'public', row.file.url);
  expect(fs.existsSync(storedPath)).toBe(true);

  await createPanelUser(app.strapi, createPanelUserSchema.parse({ email: 'eddie.editor@example.com', password: PANEL_PASSWORD, role: 'Editor' }));
  const login = await request(app.baseUrl, 'POST', '/admin/login', { body: { email: 'eddie.editor@example.com', password: PANEL_PASSWORD } });
  editorToken = login.body.data.token;
});

afterAll(async () => {
  if (app) await removeStoredAttachments(app.strapi);
  await app?.stop();
});

describe('the Media Library does not reach help-desk files', () => {
  it('does not list them, nor show one by id', async () => {
    const list = await asEditor('GET', '/upload/files?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('helpdesk-attachment-');
    expect((list.body.results as Array<{ id: number }>).map((f) => f.id)).not.toContain(fileRowId);
    const one = await asEditor('GET', `/upload/files/${fileRowId}`);
    expect(one.status).toBe(404);
    expect(one.text).not.toContain('helpdesk-attachment-');
  });

  it('refuses to delete one, and the file stays in the ticket', async () => {
    const res = await asEditor('DELETE', `/upload/files/${fileRowId}`);
    expect(res.status).toBe(404);
    // The bulk delete of the Media Library: answers for what it deleted, which is nothing.
    const bulk = await asEditor('POST', '/upload/actions/bulk-delete', { fileIds: [fileRowId], folderIds: [] });
    expect(bulk.text).not.toContain('helpdesk-attachment-');
    expect(fs.existsSync(storedPath)).toBe(true);
    const file = await download();
    expect([file.status, file.text]).toEqual([200, CONTENT]);
  });

  it('refuses to replace its content or rename it', async () => {
    const replaced = await multipart(app.baseUrl, 'POST', `/upload?id=${fileRowId}`, {
      token: editorToken,
      fileField: 'files',
      files: [{ name: 'evil.txt', content: Buffer.from('tampered\n'), type: 'text/plain' }],
    });
    expect(replaced.status).toBe(404);
    const renamed = await multipart(app.baseUrl, 'POST', `/upload?id=${fileRowId}`, {
      token: editorToken,
      fields: { fileInfo: JSON.stringify({ name: 'renamed.txt', alternativeText: 'x', caption: 'x' }) },
    });
    expect(renamed.status).toBe(404);
    const file = await download();
    expect([file.status, file.text]).toEqual([200, CONTENT]);
    const row = await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: fileRowId } });
    expect(row.name).not.toBe('renamed.txt');
  });
});
