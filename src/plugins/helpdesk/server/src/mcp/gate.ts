import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import type { Actor } from '../auth/actor';
import { HelpdeskError, asHelpdeskError } from '../errors';
import { describeFault } from '../database/unavailable';
import { originRefused, type Admission } from './admission';
import { bodyFits } from './body-limit';
import { methodNotAllowed, refuse, RPC_PARSE_ERROR } from './http-responses';
import type { McpSettings } from './settings';

const ACTOR = Symbol('helpdesk.mcp.actor');
const ANSWERED = Symbol('helpdesk.mcp.answered');

/** The Actor the gate admitted for this request, if it ran. */
export const admittedActor = (ctx: Context): Actor | undefined => (ctx.state as Record<symbol, Actor | undefined>)[ACTOR];

/** Marks the request as reaching the MCP handler (anything else that answers it is Strapi's own middleware). */
export const markAnswered = (ctx: Context): void => {
  (ctx.state as Record<symbol, boolean>)[ANSWERED] = true;
};

/**
 * Koa middleware mounted in register(), so it runs ahead of Strapi's own middlewares and body parser. On the MCP
 * path it does every check that must come before the message is read: Origin (every method), then for POST the
 * credentials and rate limit, then the body size, so a caller that fails a check never gets its body parsed.
 */
export const createMcpGate = (strapi: Core.Strapi, settings: McpSettings, admit: Admission) => async (ctx: Context, next: Next) => {
  if (!settings.matches(ctx.path)) return next();
  if (ctx.method !== 'POST') {
    if (await originRefused(strapi, ctx)) return undefined;
    await next();
    // Only POST is answered here. Whatever else reached the route is its 405; what did not (a method the router
    // does not know at all, TRACE, is its plain-text 501; a PUT body the parser refused, its 400) gets that 405 too.
    // OPTIONS stays the router's and CORS's.
    if (ctx.method !== 'OPTIONS' && ctx.status !== 405) await methodNotAllowed(ctx);
    return undefined;
  }
  let actor: Actor | null;
  try {
    actor = await admit(ctx);
  } catch (error) {
    // The gate runs ahead of Strapi's error middleware: answer in the one error shape, never with a stack. No
    // JSON-RPC message has been read, so a database that cannot be reached is an HTTP 503 with Retry-After.
    const refusal = asHelpdeskError(error);
    if (refusal.code === 'unavailable') {
      strapi.log.warn(`helpdesk.mcp admission: database unavailable (${describeFault(error)}): answered 503`);
      return refuse(ctx, refusal.status, refusal, { headers: { 'Retry-After': String(refusal.details?.retry_after_seconds) } });
    }
    strapi.log.error(`helpdesk.mcp admission failed: ${error instanceof Error ? error.stack : String(error)}`);
    return refuse(ctx, refusal.status, refusal);
  }
  if (!actor) return undefined;
  const request = ctx.req;
  if (!(await bodyFits(ctx, settings.bodyLimitBytes))) {
    // Closing the connection spares reading (and discarding) the rest of an oversized body.
    return refuse(
      ctx,
      413,
      new HelpdeskError('validation_error', `The request body is larger than this server accepts (${settings.bodyLimitBytes} bytes).`),
      { headers: { Connection: 'close' } },
    );
  }
  (ctx.state as Record<symbol, Actor>)[ACTOR] = actor;
  try {
    await next();
  } finally {
    ctx.req = request;
  }
  // Strapi's body parser refuses a body before the handler runs (JSON that does not parse, or bytes it cannot read,
  // 400; an unknown Content-Encoding, 415): say so the way JSON-RPC clients expect, keeping the status.
  if (!(ctx.state as Record<symbol, boolean>)[ANSWERED] && ctx.status >= 400 && ctx.status < 500) {
    const status = ctx.status;
    const message = status === 400 ? 'Parse error: the body is not a JSON object.' : `The request body was refused: ${parserMessage(ctx)}`;
    refuse(ctx, status, new HelpdeskError('validation_error', message), status === 400 ? { rpcCode: RPC_PARSE_ERROR } : {});
  }
};

/** The body parser's own words, from the error body Strapi rendered (they name the header, never a secret). */
const parserMessage = (ctx: Context): string => {
  const message = (ctx.body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : ctx.message;
};
