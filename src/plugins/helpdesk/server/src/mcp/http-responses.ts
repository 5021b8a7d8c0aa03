import type { Context } from 'koa';
import { HelpdeskError } from '../errors';

/** JSON-RPC error codes used on HTTP-level refusals. */
export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
const RPC_SERVER_ERROR = -32000;

/**
 * Answers a request the MCP server never sees (refused before the message is read) in the JSON-RPC error
 * shape MCP clients parse, with the help desk's error object as `data` (DESIGN §5).
 */
export const refuse = (
  ctx: Context,
  status: number,
  error: HelpdeskError,
  options: { headers?: Record<string, string>; rpcCode?: number } = {},
): void => {
  for (const [name, value] of Object.entries(options.headers ?? {})) ctx.set(name, value);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = status;
  ctx.body = {
    jsonrpc: '2.0',
    id: null,
    error: { code: options.rpcCode ?? RPC_SERVER_ERROR, message: error.message, data: error.toJSON() },
  };
};

/** GET (the optional SSE stream) and DELETE (session end) have no meaning on a stateless endpoint. */
export const methodNotAllowed = async (ctx: Context): Promise<void> => {
  refuse(ctx, 405, new HelpdeskError('validation_error', 'This MCP endpoint is stateless and accepts only POST.'), {
    headers: { Allow: 'POST' },
  });
};
