import sharp from 'sharp';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { logText, multipart, pdfDocument, pngImage, removeStoredAttachments, storedHelpdeskFiles, type UploadFile } from '../helpers/files';
import { callTool, connectClient, createKey, structured, toolError } from './mcp-support';
import { DEFAULT_ATTACHMENT_TYPES } from '../../src/plugins/helpdesk/server/src/attachments/file-types';

type Services = { service(name: string): any };

interface AttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
}

describe('attachments', () => {
  let app: TestApp;
  let plugin: Services;
  let keys: { user: string; other: string; staff: string; outsider: string; admin: string };
  let categoryId: string;
  let mcp: { user: Client; staff: Client; other: Client };

  /** A ticket by the user with a screenshot, a staff reply with a PDF, and a staff note with a log and an image. */
  let world: {
    ticketId: string;
    screenshot: AttachmentView;
    replyId: string;
    pdf: AttachmentView;
    noteId: string;
    noteLog: AttachmentView;
    noteImage: AttachmentView;
  };
  let screenshotBytes: Buffer;

  const api = (method: string, path: string, token: string, body?: unknown) => request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body });
  const upload = (method: string, path: string, token: string, fields: Record<string, string>, files: UploadFile[]) =>
    multipart(app.baseUrl, method, `/api/helpdesk${path}`, { token, fields, files });
  const download = (id: string, token: string, query = '') =>
    fetch(`${app.baseUrl}/api/helpdesk/attachments/${id}${query}`, { headers: { Authorization: `Bearer ${token}` } });

  /** Everything a refused upload must leave as it was. */
  const footprint = async () => ({
    tickets: await app.strapi.db.query('plugin::helpdesk.ticket').count({}),
    replies: await app.strapi.db.query('plugin::helpdesk.reply').count({}),
    attachments: await app.strapi.db.query('plugin::helpdesk.attachment').count({}),
    uploadRows: await app.strapi.db.query('plugin::upload.file').count({}),
    files: storedHelpdeskFiles().length,
  });

  const newTicket = (token: string, subject: string, files: UploadFile[]) =>
    upload('POST', '/tickets', token, { subject, description: `About ${subject}`, category_id: categoryId }, files);

  beforeAll(async () => {
    app = await startHelpdesk();
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    const user = await createAccount(app.strapi, { email: 'ursula@example.com', role: 'user' });
    const other = await createAccount(app.strapi, { email: 'oscar@example.com', role: 'user' });
    const staff = await createAccount(app.strapi, { email: 'stella@example.com', role: 'staff' });
    const outsider = await createAccount(app.strapi, { email: 'otto@example.com', role: 'staff' });
    const admin = await createAccount(app.strapi, { email: 'adam@example.com', role: 'admin' });
    const team = await createGroup(app.strapi, 'Network team', [staff]);
    await createGroup(app.strapi, 'Elsewhere', [outsider]);
    const category = await app.strapi
      .documents('plugin::helpdesk.category')
      .create({ data: { name: 'Network', default_group: { connect: [{ documentId: team.documentId }] } } as never });
    categoryId = category.documentId;
    const key = (account: TestAccount) => createKey(app, account);
    keys = { user: await key(user), other: await key(other), staff: await key(staff), outsider: await key(outsider), admin: await key(admin) };
    mcp = { user: await connectClient(app, keys.user), staff: await connectClient(app, keys.staff), other: await connectClient(app, keys.other) };

    screenshotBytes = await pngImage(80, 60);
    const created = await newTicket(keys.user, 'VPN error', [{ name: 'error.png', content: screenshotBytes, type: 'image/png' }]);
    expect(created.status).toBe(201);
    const ticketId = created.body.data.id as string;
    const reply = await upload('POST', `/tickets/${ticketId}/replies`, keys.staff, { body: 'Here is the guide' }, [{ name: 'vpn-guide.pdf', content: pdfDocument() }]);
    expect(reply.status).toBe(201);
    const note = await upload('POST', `/tickets/${ticketId}/replies`, keys.staff, { body: 'Server side trace', is_internal: 'true' }, [
      { name: 'trace.log', content: logText() },
      { name: 'dashboard.png', content: await pngImage(2400, 1600) },
    ]);
    expect(note.status).toBe(201);
    world = {
      ticketId,
      screenshot: created.body.data.attachments[0],
      replyId: reply.body.data.reply.id,
      pdf: reply.body.data.reply.attachments[0],
      noteId: note.body.data.reply.id,
      noteLog: note.body.data.reply.attachments[0],
      noteImage: note.body.data.reply.attachments[1],
    };
  });
  afterAll(async () => {
    for (const client of Object.values(mcp ?? {})) await client.close();
    if (app) await removeStoredAttachments(app.strapi);
    await app?.stop();
  });

  describe('upload and list', () => {
    it('stores the files of a new ticket, a reply and a note, each with its checked type and size', async () => {
      expect(world.screenshot).toMatchObject({ name: 'error.png', type: 'image/png', size: screenshotBytes.length });
      expect(world.pdf).toMatchObject({ name: 'vpn-guide.pdf', type: 'application/pdf' });
      expect(world.noteLog).toMatchObject({ name: 'trace.log', type: 'text/plain', size: logText().length });
      expect(world.noteImage).toMatchObject({ name: 'dashboard.png', type: 'image/png' });
      for (const a of [world.screenshot, world.pdf, world.noteLog, world.noteImage]) expect(a.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    });

    it('lists each message\'s attachments on the ticket for staff, notes included', async () => {
      const res = await api('GET', `/tickets/${world.ticketId}`, keys.staff);
      expect(res.status).toBe(200);
      expect(res.body.data.attachments.map((a: AttachmentView) => a.id)).toEqual([world.screenshot.id]);
      const byReply = Object.fromEntries(res.body.data.replies.map((r: { id: string; attachments: AttachmentView[] }) => [r.id, r.attachments.map((a) => a.name)]));
      expect(byReply).toEqual({ [world.replyId]: ['vpn-guide.pdf'], [world.noteId]: ['trace.log', 'dashboard.png'] });
    });

    it('lists them in get_ticket over MCP with id, name, type and size', async () => {
      const ticket = structured(await callTool(mcp.staff, 'get_ticket', { ticket_id: world.ticketId }));
      expect(ticket.attachments).toEqual([{ id: world.screenshot.id, name: 'error.png', type: 'image/png', size: screenshotBytes.length, created_at: expect.any(String) }]);
      const note = ticket.replies.find((r: { id: string }) => r.id === world.noteId);
      expect(note.attachments.map((a: AttachmentView) => a.type)).toEqual(['text/plain', 'image/png']);
    });

    it('adds files to an existing message over REST (the description, or a reply by id)', async () => {
      const res = await upload('POST', `/tickets/${world.ticketId}/attachments`, keys.staff, { reply_id: world.replyId }, [{ name: 'steps.txt', content: logText('1. Open the VPN client\n') }]);
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual([expect.objectContaining({ name: 'steps.txt', type: 'text/plain' })]);
      const ticket = await api('GET', `/tickets/${world.ticketId}`, keys.user);
      const reply = ticket.body.data.replies.find((r: { id: string }) => r.id === world.replyId);
      expect(reply.attachments.map((a: AttachmentView) => a.name)).toEqual(['vpn-guide.pdf', 'steps.txt']);
    });

    it('sanitizes names: no path, no control or direction characters, bounded length', async () => {
      const res = await newTicket(keys.user, 'Names', [
        { name: '../../etc/\u202Egnp.\u0007report.png', content: await pngImage() },
        { name: `${'a'.repeat(400)}.pdf`, content: pdfDocument() },
      ]);
      expect(res.status).toBe(201);
      const [first, second] = res.body.data.attachments as AttachmentView[];
      expect(first?.name).toBe('gnp.report.png');
      expect(second?.name.length).toBeLessThanOrEqual(150);
      expect(second?.name.endsWith('.pdf')).toBe(true);
    });
  });

  describe('download', () => {
    it('serves the stored bytes only as a download, with the stored type, nosniff and a restrictive CSP', async () => {
      const res = await download(world.screenshot.id, keys.user);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(screenshotBytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="error.png"; filename*=UTF-8''error.png`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    });

    it('serves a small thumbnail of an image, and refuses one of a file that is not an image', async () => {
      const res = await download(world.noteImage.id, keys.staff, '?variant=thumbnail');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(320);
      const refused = await download(world.pdf.id, keys.staff, '?variant=thumbnail');
      expect(refused.status).toBe(400);
    });

    it('never lets the public /uploads path serve a help-desk file, however the path is written', async () => {
      const rows = (await app.strapi.db.query('plugin::upload.file').findMany({ where: { hash: { $startsWith: 'helpdesk-attachment-' } } })) as Array<{ url: string; hash: string; ext: string }>;
      expect(rows.length).toBeGreaterThanOrEqual(4);
      // The files are there: a 404 means the path is refused, not that nothing was stored.
      expect(storedHelpdeskFiles()).toEqual(expect.arrayContaining(rows.map((r) => `${r.hash}${r.ext}`)));
      for (const row of rows) {
        expect(row.url).toBe(`/uploads/${row.hash}${row.ext}`);
        const encoded = row.url.replace('helpdesk', '%68elpdesk');
        for (const path of [row.url, encoded, row.url.toUpperCase(), `/uploads/x/..${row.url.slice('/uploads'.length)}`]) {
          const res = await fetch(app.baseUrl + path);
          expect([path, res.status]).toEqual([path, 404]);
          expect(Buffer.from(await res.arrayBuffer()).includes(Buffer.from('PNG'))).toBe(false);
        }
      }
    });
  });

  describe('visibility', () => {
    it("never shows a note's files to the submitter: not in get, not in MCP get_ticket", async () => {
      const rest = await api('GET', `/tickets/${world.ticketId}`, keys.user);
      const names = [...rest.body.data.attachments, ...rest.body.data.replies.flatMap((r: { attachments: AttachmentView[] }) => r.attachments)].map((a: AttachmentView) => a.name);
      expect(names).toEqual(['error.png', 'vpn-guide.pdf', 'steps.txt']);
      const viaMcp = structured(await callTool(mcp.user, 'get_ticket', { ticket_id: world.ticketId }));
      expect(JSON.stringify(viaMcp)).not.toContain(world.noteLog.id);
      expect(JSON.stringify(viaMcp)).not.toContain('dashboard.png');
    });

    it("answers a note's file, an out-of-scope file and a nonexistent id exactly alike, over REST and MCP", async () => {
      const missing = '01JAAAAAAAAAAAAAAAAAAAAAAA';
      const rest = async (id: string, token: string) => {
        const res = await download(id, token);
        return { status: res.status, body: await res.json() };
      };
      const absent = await rest(missing, keys.user);
      expect(absent.status).toBe(404);
      expect(absent.body.error.code).toBe('not_found');
      expect(await rest(world.noteLog.id, keys.user)).toEqual(absent);
      expect(await rest(world.screenshot.id, keys.other)).toEqual(absent);
      expect(await rest(world.pdf.id, keys.outsider)).toEqual(absent);

      const tool = async (client: Client, id: string) => toolError(await callTool(client, 'get_attachment', { attachment_id: id }));
      const none = await tool(mcp.user, missing);
      expect(none.code).toBe('not_found');
      expect(await tool(mcp.user, world.noteImage.id)).toEqual(none);
      expect(await tool(mcp.other, world.screenshot.id)).toEqual(none);
    });

    it('lets users attach only to their own messages, and never to a note', async () => {
      const toReply = await callTool(mcp.user, 'add_attachment', { ticket_id: world.ticketId, reply_id: world.replyId, name: 'x.txt', content_base64: logText().toString('base64') });
      expect(toolError(toReply).code).toBe('forbidden');
      const toNote = await callTool(mcp.user, 'add_attachment', { ticket_id: world.ticketId, reply_id: world.noteId, name: 'x.txt', content_base64: logText().toString('base64') });
      expect(toolError(toNote).code).toBe('not_found');
      const other = await callTool(mcp.other, 'add_attachment', { ticket_id: world.ticketId, name: 'x.txt', content_base64: logText().toString('base64') });
      expect(toolError(other).code).toBe('not_found');
    });
  });

  describe('MCP get_attachment and add_attachment', () => {
    it('returns an image as image content, down-scaled when large', async () => {
      const small = await callTool(mcp.user, 'get_attachment', { attachment_id: world.screenshot.id });
      const image = small.content.find((c) => c.type === 'image') as { data: string; mimeType: string };
      expect(image.mimeType).toBe('image/png');
      expect(Buffer.from(image.data, 'base64').equals(screenshotBytes)).toBe(true);
      expect(structured(small)).toMatchObject({ id: world.screenshot.id, delivered_as: 'image', scaled: false, reply_id: null, ticket_id: world.ticketId });

      const large = await callTool(mcp.staff, 'get_attachment', { attachment_id: world.noteImage.id });
      const scaled = large.content.find((c) => c.type === 'image') as { data: string; mimeType: string };
      const meta = await sharp(Buffer.from(scaled.data, 'base64')).metadata();
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1568);
      expect(structured(large)).toMatchObject({ scaled: true, is_internal: true, reply_id: world.noteId });
    });

    it('returns text as text, truncated with a note past the limit', async () => {
      const log = await callTool(mcp.staff, 'get_attachment', { attachment_id: world.noteLog.id });
      expect(log.content[1]).toEqual({ type: 'text', text: logText().toString('utf8') });
      expect(structured(log)).toMatchObject({ delivered_as: 'text', truncated: false });

      const long = 'x'.repeat(40_000);
      const added = structured(await callTool(mcp.user, 'add_attachment', { ticket_id: world.ticketId, name: 'long.log', content_base64: Buffer.from(long).toString('base64') }));
      const read = await callTool(mcp.user, 'get_attachment', { attachment_id: added.id });
      const text = (read.content[1] as { text: string }).text;
      expect(text.startsWith('x'.repeat(30_000))).toBe(true);
      expect(text).toContain('[Truncated: showing the first 30000 of 40000 characters.');
      expect(structured(read).truncated).toBe(true);
    });

    it('returns anything else as its details and a resource link to the download route', async () => {
      const pdf = await callTool(mcp.user, 'get_attachment', { attachment_id: world.pdf.id });
      expect(pdf.content[1]).toEqual({
        type: 'resource_link',
        uri: `${app.baseUrl}/api/helpdesk/attachments/${world.pdf.id}`,
        name: 'vpn-guide.pdf',
        mimeType: 'application/pdf',
        size: world.pdf.size,
      });
      expect(structured(pdf).delivered_as).toBe('link');
    });

    it('adds a file from base64 to the description, audited, and it downloads as sent', async () => {
      const bytes = await pngImage(20, 20);
      const added = structured(await callTool(mcp.user, 'add_attachment', { ticket_id: world.ticketId, name: 'second.png', content_base64: bytes.toString('base64') }));
      expect(added).toMatchObject({ name: 'second.png', type: 'image/png', size: bytes.length });
      const res = await download(added.id, keys.staff);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      const audit = await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: 'attachment.add', ticket_id: world.ticketId } });
      expect(audit.map((a: { details: unknown }) => JSON.stringify(a.details))).toEqual(expect.arrayContaining([expect.stringContaining(added.id)]));
    });
  });

  describe('limits: refused with the rule named, and nothing stored', () => {
    afterEach(async () => {
      await plugin.service('settings').update({ attachmentMaxBytes: 10 * 1024 * 1024, attachmentMaxFiles: 5 });
    });

    const refusedWith = async (send: () => Promise<{ status: number; body: any }>, rule: string) => {
      const before = await footprint();
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details.fields.map((f: { rule: string }) => f.rule)).toContain(rule);
      expect(await footprint()).toEqual(before);
      return res.body.error.details.fields as Array<{ field: string; rule: string; message: string }>;
    };

    it('refuses a file over the size limit', async () => {
      await plugin.service('settings').update({ attachmentMaxBytes: 1000 });
      const fields = await refusedWith(() => newTicket(keys.user, 'Too big', [{ name: 'ok.txt', content: logText() }, { name: 'big.log', content: Buffer.alloc(1001, 'a') }]), 'max_size');
      expect(fields).toEqual([{ field: 'files.1', rule: 'max_size', message: 'big.log: is larger than the limit of 1000 bytes' }]);
    });

    it('refuses more files than a message may carry', async () => {
      await plugin.service('settings').update({ attachmentMaxFiles: 2 });
      const three = [1, 2, 3].map((n) => ({ name: `f${n}.txt`, content: logText() }));
      await refusedWith(() => upload('POST', `/tickets/${world.ticketId}/replies`, keys.user, { body: 'Three logs' }, three), 'max_files');
    });

    it('refuses HTML, SVG and executables whatever the settings, and types an admin did not allow', async () => {
      for (const [name, content] of [
        ['page.html', '<html><script>alert(1)</script></html>'],
        ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
        ['setup.exe', 'MZ\u0090\u0000'],
      ] as const) {
        await refusedWith(() => newTicket(keys.user, 'Bad type', [{ name, content: Buffer.from(content) }]), 'type_not_allowed');
      }
      await plugin.service('settings').update({ attachmentTypes: ['png', 'pdf'] });
      try {
        await refusedWith(() => newTicket(keys.user, 'Narrowed', [{ name: 'trace.log', content: logText() }]), 'type_not_allowed');
      } finally {
        await plugin.service('settings').update({ attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES] });
      }
    });

    it('refuses a file whose content contradicts its name', async () => {
      await refusedWith(() => newTicket(keys.user, 'Fake PDF', [{ name: 'invoice.pdf', content: screenshotBytes }]), 'content_mismatch');
      await refusedWith(() => newTicket(keys.user, 'Fake PNG', [{ name: 'photo.png', content: logText() }]), 'content_mismatch');
      await refusedWith(() => newTicket(keys.user, 'Binary log', [{ name: 'dump.log', content: screenshotBytes }]), 'content_mismatch');
      await refusedWith(() => upload('POST', `/tickets/${world.ticketId}/replies`, keys.user, { body: 'see file' }, [{ name: 'photo.jpg', content: pdfDocument() }]), 'content_mismatch');
    });

    it('refuses the same over MCP add_attachment, naming content_base64', async () => {
      const before = await footprint();
      const result = await callTool(mcp.user, 'add_attachment', { ticket_id: world.ticketId, name: 'invoice.pdf', content_base64: screenshotBytes.toString('base64') });
      expect(toolError(result)).toMatchObject({ code: 'validation_error', details: { fields: [expect.objectContaining({ field: 'content_base64', rule: 'content_mismatch' })] } });
      expect(await footprint()).toEqual(before);
    });

    it('refuses files sent under another field name', async () => {
      const before = await footprint();
      const res = await multipart(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
        token: keys.user,
        fields: { subject: 'Wrong field', description: 'x', category_id: categoryId },
        files: [{ name: 'a.txt', content: logText() }],
        fileField: 'attachment',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field: 'attachment', rule: 'unknown_field' })]);
      expect(await footprint()).toEqual(before);
    });
  });

  describe('deleting', () => {
    it('is for admins only, audited, and removes the stored file', async () => {
      const created = await newTicket(keys.user, 'To delete', [{ name: 'oops.png', content: await pngImage() }]);
      const attachment = created.body.data.attachments[0] as AttachmentView;
      const row = await app.strapi.db.query('plugin::helpdesk.attachment').findOne({ where: { documentId: attachment.id }, populate: { file: true } });
      const stored = `${row.file.hash}${row.file.ext}`;
      expect(storedHelpdeskFiles()).toContain(stored);

      for (const token of [keys.user, keys.staff]) {
        const refused = await api('DELETE', `/attachments/${attachment.id}`, token);
        expect(refused.status).toBe(403);
      }
      const res = await api('DELETE', `/attachments/${attachment.id}`, keys.admin);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id: attachment.id, name: 'oops.png' });
      expect(storedHelpdeskFiles()).not.toContain(stored);
      expect((await download(attachment.id, keys.admin)).status).toBe(404);
      const ticket = await api('GET', `/tickets/${created.body.data.id}`, keys.admin);
      expect(ticket.body.data.attachments).toEqual([]);
      expect(await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'attachment.delete', outcome: 'allowed' } })).toBe(1);
      expect(await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'attachment.delete', outcome: 'refused' } })).toBe(2);
    });
  });
});
