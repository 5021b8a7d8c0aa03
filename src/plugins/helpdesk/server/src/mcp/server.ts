import type { Core } from '@strapi/strapi';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type GetPromptResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../auth/actor';
import { roleAllows, refusalReason } from '../authz/rules';
import { asHelpdeskError, forbidden } from '../errors';
import { describeFault } from '../database/unavailable';
import { service } from '../services/registry';
import type { HelpdeskTool } from './tool';
import type { ToolCatalog } from './tool-list';
import type { HelpdeskPrompt } from './prompt';
import type { PromptCatalog } from './prompt-list';
import { toolResult, toToolResult } from './tool-result';
import { UNTRUSTED_TEXT } from './tool';

const SERVER_INFO = { name: 'open-help-desk', title: 'Open Help Desk', version: '0.1.0' };

const INSTRUCTIONS =
  'Open Help Desk: find, read, create and work help-desk tickets. Call whoami first to learn your role; ids are ' +
  'ULIDs you get from list_tickets, list_categories, list_statuses, list_types and list_assignees. Prompts (prompts/list) ' +
  'draft and suggest for a person to review; they never send or change anything themselves. ' +
  UNTRUSTED_TEXT;

// The server-side validator is only used for elicitation, which this server never sends; one shared instance
// spares every request the cost of building an Ajv.
const sharedValidator = new AjvJsonSchemaValidator();

/** Runs one tool for one caller: the role rule first (a refusal is audited and nothing runs), then the tool. */
export const callTool = async (
  strapi: Core.Strapi,
  tool: HelpdeskTool,
  actor: Actor,
  args: unknown,
): Promise<CallToolResult> => {
  try {
    if (!roleAllows(actor, tool.action)) {
      await service(strapi, 'audit').record(actor, {
        action: tool.action,
        outcome: 'refused',
        errorCode: 'forbidden',
        details: { tool: tool.name },
      });
      return toToolResult(forbidden(refusalReason(actor, tool.action)));
    }
    return toolResult(await tool.run({ strapi, actor }, args));
  } catch (error) {
    // Inside the try too: a refusal whose audit row cannot be written is still a tool result, not a JSON-RPC error.
    const result = toToolResult(error);
    const code = (result.structuredContent as { code?: string }).code;
    if (code === 'internal') {
      strapi.log.error(`helpdesk.mcp tool ${tool.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    } else if (code === 'unavailable') {
      strapi.log.warn(`helpdesk.mcp tool ${tool.name}: database unavailable (${describeFault(error)})`);
    }
    return result;
  }
};

/** What a request needs to answer tools/* and prompts/*: the catalogs built once, at start-up. */
export interface McpCatalogs {
  tools: ToolCatalog;
  prompts: PromptCatalog;
}

/**
 * prompts/get for one caller. Prompts have no error result as tools do, so every refusal is a JSON-RPC error: a role
 * that may not use the prompt is refused (and audited) before anything runs, and a ticket or canned response out of
 * reach answers exactly like one that does not exist.
 */
export const getPrompt = async (strapi: Core.Strapi, prompt: HelpdeskPrompt, actor: Actor, args: unknown): Promise<GetPromptResult> => {
  try {
    if (!roleAllows(actor, prompt.action)) {
      await service(strapi, 'audit').record(actor, {
        action: prompt.action,
        outcome: 'refused',
        errorCode: 'forbidden',
        details: { prompt: prompt.name },
      });
      throw forbidden(refusalReason(actor, prompt.action));
    }
    return await prompt.get({ strapi, actor }, args);
  } catch (error) {
    const failure = asHelpdeskError(error);
    if (failure.code === 'internal') {
      strapi.log.error(`helpdesk.mcp prompt ${prompt.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      throw new McpError(ErrorCode.InternalError, failure.message, failure.toJSON());
    }
    if (failure.code === 'unavailable') throw new McpError(ErrorCode.InternalError, failure.message, failure.toJSON());
    throw new McpError(ErrorCode.InvalidParams, failure.message, failure.toJSON());
  }
};

/**
 * One MCP server per request, for one caller (the transport is stateless). Only cheap objects are made here:
 * the tool list entries and their JSON Schemas were built once, at start-up. This is the SDK's low-level Server
 * (which the SDK marks deprecated for everyday use) on purpose: McpServer converts every tool's schemas when
 * tools are registered, which per request is the cost that makes Strapi's own MCP server slow, and it answers
 * an unknown tool with a tool result where the protocol wants a JSON-RPC error.
 */
export const createMcpServer = (strapi: Core.Strapi, catalogs: McpCatalogs, actor: Actor): Server => {
  const { tools: catalog, prompts } = catalogs;
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, prompts: { listChanged: false } },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: sharedValidator,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: catalog.visibleTo(actor) }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const tool = catalog.find(request.params.name);
    // The protocol wants an unknown tool to be a JSON-RPC error, not a tool result.
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}. Call tools/list for the tools you can use.`);
    }
    return callTool(strapi, tool, actor, request.params.arguments ?? {});
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: prompts.visibleTo(actor) }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const prompt = prompts.find(request.params.name);
    if (!prompt) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}. Call prompts/list for the prompts you can use.`);
    }
    return getPrompt(strapi, prompt, actor, request.params.arguments ?? {});
  });
  return server;
};
