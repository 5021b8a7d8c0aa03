import type { Context } from 'koa';

interface BodyParserError extends Error {
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

const UNREADABLE = 'The request body could not be read: it is not what its Content-Type and Content-Encoding headers say.';

/**
 * koa-body's `onError` (config/middlewares.ts, strapi::body). The body parser's own refusals keep their 4xx
 * (JSON that does not parse 400, too large 413, an unknown Content-Encoding 415). What its libraries throw without
 * an HTTP status — formidable on a multipart body without a boundary or cut short, zlib on bytes that are not the
 * gzip, deflate or brotli they claim to be — would become a 500, yet it is the client's unreadable body as well:
 * 400, with a message that names no library.
 */
export const refuseUnreadableBody = (error: Error, ctx: Context): never => {
  const { status, statusCode, expose, message } = error as BodyParserError;
  const code = status ?? statusCode;
  if (code !== undefined && code >= 400 && code < 500) ctx.throw(code, expose === false ? UNREADABLE : message);
  ctx.throw(400, UNREADABLE);
};
