import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { HelpdeskError } from '../errors';
import type { Admission } from './admission';
import { admittedActor, markAnswered } from './gate';
import { refuse, RPC_INVALID_REQUEST } from './http-responses';
import { invalidParams, RPC_INVALID_PARAMS } from './request-params';
import { createMcpServer, type McpCatalogs } from './server';

/**
 * POST on the MCP path: one JSON-RPC message, answered by a fresh server on a fresh stateless transport with a
 * plain JSON response. The gate has already admitted the caller; should it not have seen this path (the router
 * and the gate disagreeing on a path spelling), the same checks run here, so nothing is ever answered unchecked.
 */
export const createMcpPostHandler =
  (strapi: Core.Strapi, catalogs: McpCatalogs, admit: Admission) =>
  async (ctx: Context): Promise<void> => {
    const actor = admittedActor(ctx) ?? (await admit(ctx));
    if (!actor) return;
    markAnswered(ctx);
    const body: unknown = ctx.request.body;
    // Batches left the protocol in 2025-06-18; the SDK would still accept them, so they are refused here.
    if (Array.isArray(body)) {
      refuse(ctx, 400, new HelpdeskError('validation_error', 'JSON-RPC batches are not supported: send one message per request.'), {
        rpcCode: RPC_INVALID_REQUEST,
      });
      return;
    }
    const malformed = invalidParams(body);
    if (malformed) {
      // A JSON-RPC error for the request, in a normal 200 answer, as the SDK sends its own (an unknown tool).
      ctx.status = 200;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        jsonrpc: '2.0',
        id: malformed.id,
        error: { code: RPC_INVALID_PARAMS, message: `Invalid params: ${malformed.error.message}`, data: malformed.error.toJSON() },
      };
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = createMcpServer(strapi, catalogs, actor);
    await server.connect(transport);
    // The SDK writes the response itself. An explicit status keeps Strapi's error middleware from taking the
    // untouched Koa response for a 404 (building an error body nobody sends, and logging the wrong status).
    ctx.status = 200;
    ctx.respond = false;
    try {
      await transport.handleRequest(ctx.request.req, ctx.res, body);
    } catch (error) {
      // Koa no longer answers for us: a failure here must still end the response, without details.
      strapi.log.error(`helpdesk.mcp transport failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!ctx.res.headersSent) {
        ctx.res.writeHead(500, { 'Content-Type': 'application/json' });
        ctx.res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }));
      }
    } finally {
      await server.close();
    }
  };
