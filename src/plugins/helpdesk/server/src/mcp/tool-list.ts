import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../auth/actor';
import { roleAllows } from '../authz/rules';
import type { HelpdeskTool } from './tool';
import { toolErrorSchema } from './output-schemas';

type JsonSchema = Record<string, unknown>;

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-7' }) as JsonSchema;
  return rest;
};

/**
 * MCP clients validate structuredContent against the output schema even on an isError result, so the schema
 * admits the error object too. The root stays `type: object`, which the protocol requires of an output schema.
 */
const outputJsonSchema = (tool: HelpdeskTool): Tool['outputSchema'] => {
  // Shared shapes (tickets, people, statuses) are defined once; the definitions must sit at the root to resolve.
  const { definitions, ...success } = toJsonSchema(tool.outputSchema, 'output');
  return {
    type: 'object',
    anyOf: [success, toJsonSchema(toolErrorSchema, 'output')],
    ...(definitions ? { definitions } : {}),
  };
};

/** The tools/list entry of a tool, exactly as clients see it. */
export const toolListEntry = (tool: HelpdeskTool): Tool => ({
  name: tool.name,
  title: tool.title,
  description: tool.description,
  inputSchema: toJsonSchema(tool.inputSchema, 'input') as Tool['inputSchema'],
  outputSchema: outputJsonSchema(tool),
  annotations: { title: tool.title, ...tool.annotations },
});

export interface ToolCatalog {
  find(name: string): HelpdeskTool | undefined;
  /** The tools/list entries the actor may use: its role's tools, and only read tools for a read-only key. */
  visibleTo(actor: Actor): Tool[];
}

/**
 * Converts every schema to JSON Schema once, at start-up: per request, listing tools is a filter over ready
 * objects. (Building these per request is what makes Strapi's own MCP server slow.)
 */
export const buildToolCatalog = (tools: readonly HelpdeskTool[]): ToolCatalog => {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  if (byName.size !== tools.length) throw new Error('helpdesk: two MCP tools share a name');
  const entries = tools.map((tool) => ({ tool, entry: toolListEntry(tool) }));
  return {
    find: (name) => byName.get(name),
    visibleTo: (actor) => entries.filter(({ tool }) => roleAllows(actor, tool.action)).map(({ entry }) => entry),
  };
};
