import fs from 'fs';
import path from 'path';
import sharp from 'sharp';

/** Sample files for the attachment tests, made here so their content is exactly what a test says. */

export const pngImage = (width = 64, height = 48): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();

/** A PDF as small as PDF readers accept: the magic bytes are what the help desk checks. */
export const pdfDocument = (): Buffer =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

export const logText = (text = '2026-12-01 10:00:00 ERROR connection reset by peer\n'): Buffer => Buffer.from(text, 'utf8');

export interface UploadFile {
  name: string;
  content: Buffer;
  type?: string;
}

/** A multipart request: text fields and files (in the `files` field), as a browser's FormData sends them. */
export const multipart = async (
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { token?: string; fields?: Record<string, string>; files?: UploadFile[]; fileField?: string; headers?: Record<string, string> },
) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(options.fields ?? {})) form.append(key, value);
  for (const file of options.files ?? []) {
    form.append(options.fileField ?? 'files', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(baseUrl + urlPath, { method, headers, body: form });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, body, text };
};

/** The help desk's stored files under public/uploads (the local provider's folder). */
export const storedHelpdeskFiles = (appDir = path.join(__dirname, '..', '..')): string[] => {
  const dir = path.join(appDir, 'public', 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.includes('helpdesk-attachment-')) : [];
};

/**
 * Removes the files this app's database stored (tests share the app's public/uploads folder, and their databases
 * are dropped): call before stopping the app.
 */
export const removeStoredAttachments = async (strapi: { db: { query(uid: string): { findMany(q: unknown): Promise<unknown> } } }, appDir = path.join(__dirname, '..', '..')) => {
  const rows = (await strapi.db.query('plugin::upload.file').findMany({ where: { hash: { $startsWith: 'helpdesk-attachment-' } }, select: ['hash', 'ext'] })) as Array<{ hash: string; ext: string }>;
  for (const row of rows) fs.rmSync(path.join(appDir, 'public', 'uploads', `${row.hash}${row.ext}`), { force: true });
};
