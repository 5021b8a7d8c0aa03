import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  JSONRPCRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { HelpdeskError } from '../errors';
import { parseInput } from '../validation/parse';

/** JSON-RPC 2.0: "Invalid method parameter(s)". */
export const RPC_INVALID_PARAMS = -32602;

/**
 * The requests this server answers, with the SDK's own schemas for them. A Map, not an object literal: the method
 * is the caller's text, and `__proto__` or `hasOwnProperty` must find nothing, not Object.prototype's members.
 */
const REQUESTS = new Map<string, z.ZodType>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
  ['prompts/list', ListPromptsRequestSchema],
  ['prompts/get', GetPromptRequestSchema],
]);

export interface InvalidParams {
  id: string | number;
  error: HelpdeskError;
}

/**
 * A request whose params do not fit its method (tools/call without a tool name, arguments that are not an object,
 * initialize without clientInfo), found before the SDK sees it: the SDK parses params with zod ahead of its handler
 * and answers a failure as -32603 Internal error, with zod's issue list as the message, where JSON-RPC says -32602
 * and the caller needs the fields. Anything that is not such a request (a notification, a response, an unknown
 * method, a message that is not JSON-RPC) is the transport's to answer.
 */
export const invalidParams = (message: unknown): InvalidParams | null => {
  const request = JSONRPCRequestSchema.safeParse(message);
  if (!request.success) return null;
  const schema = REQUESTS.get(request.data.method);
  if (!schema) return null;
  try {
    parseInput(schema, message);
    return null;
  } catch (error) {
    if (!(error instanceof HelpdeskError)) throw error;
    return { id: request.data.id, error };
  }
};
