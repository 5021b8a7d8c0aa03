import type { Context } from 'koa';

/** RFC 6266 / 5987: an ASCII fallback name, and the exact name UTF-8 encoded. */
export const contentDisposition = (name: string): string => {
  const fallback = name.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
};

/**
 * Sends a help-desk file so that no browser runs or renders it in the help desk's origin: always a download, the
 * stored type and no sniffing, a CSP that allows nothing (and sandboxes it, should it be opened anyway), and no
 * shared caching of what only some people may read.
 */
export const sendFile = (ctx: Context, file: { name: string; mime: string; content: Buffer }): void => {
  ctx.status = 200;
  ctx.set('Content-Type', file.mime);
  ctx.set('Content-Length', String(file.content.length));
  ctx.set('Content-Disposition', contentDisposition(file.name));
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = file.content;
};
