import type { IncomingMessage } from 'http';
import { Readable } from 'stream';
import type { Context } from 'koa';

/** Reads a chunked body up to `limit` bytes; null as soon as it grows past the limit (the rest is never read). */
const readUpTo = (req: IncomingMessage, limit: number): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('The client closed the request before sending the whole body.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });

/**
 * Whether the request body fits the limit, decided before Strapi's body parser reads a byte. A declared
 * Content-Length is checked as is. A chunked body has no length to check, so it is read here with the limit
 * enforced as it streams; when it fits, the body parser is handed a replay of the same bytes on `ctx.req`
 * (it reads `ctx.req`; `ctx.request.req` stays the real request).
 */
export const bodyFits = async (ctx: Context, limit: number): Promise<boolean> => {
  const declared = ctx.get('Content-Length');
  if (declared) return Number(declared) <= limit;
  if (!ctx.get('Transfer-Encoding')) return true;
  const original = ctx.req;
  const body = await readUpTo(original, limit);
  if (body === null) return false;
  const headers: IncomingMessage['headers'] = { ...original.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  ctx.req = Object.assign(Readable.from([body], { objectMode: false }), { headers }) as unknown as IncomingMessage;
  return true;
};
