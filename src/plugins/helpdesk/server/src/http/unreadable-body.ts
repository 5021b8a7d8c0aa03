import { errors } from '@strapi/utils';
import type { Context } from 'koa';

interface BodyParserError extends Error {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  /** formidable's errors carry their status here. */
  httpCode?: number;
}

const UNREADABLE = 'The request body could not be read: it is not what its Content-Type and Content-Encoding headers say.';

/**
 * koa-body's `onError` (config/middlewares.ts, strapi::body): every body the parser refuses is the client's error.
 * - Its own refusals keep their status and message: JSON that does not parse or has a `__proto__` key 400, a body
 *   over the limit 413, an unknown Content-Encoding 415.
 * - What its libraries throw without an HTTP status (formidable on a multipart body without a boundary or cut short,
 *   zlib on bytes that are not the gzip, deflate or brotli they claim to be) would be a 500: it is a 400, with a
 *   message that names no library.
 * - 400 and 413 are thrown as Strapi's own ValidationError and PayloadTooLargeError, which its error middleware
 *   renders without logging them: co-body's errors come from another copy of http-errors than Strapi checks for, so
 *   each malformed body was logged at error level with a stack, and a flood of them filled the log.
 * Formidable's maxFileSize error is left to Strapi's body middleware, which answers it 413 FileTooBig.
 */
export const refuseUnreadableBody = (error: Error, ctx: Context): never => {
  if (error.message.includes('maxFileSize')) throw error;
  const { status, statusCode, expose, httpCode } = error as BodyParserError;
  const parserStatus = status ?? statusCode;
  const clientStatus = parserStatus !== undefined && parserStatus >= 400 && parserStatus < 500 ? parserStatus : undefined;
  const message = clientStatus !== undefined && expose !== false ? error.message : UNREADABLE;
  const code = clientStatus ?? (httpCode !== undefined && httpCode >= 400 && httpCode < 500 ? httpCode : 400);
  if (code === 413) throw new errors.PayloadTooLargeError(message);
  if (code === 400) throw new errors.ValidationError(message);
  ctx.throw(code, message);
};
