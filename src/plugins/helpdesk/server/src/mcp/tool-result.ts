import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { asHelpdeskError } from '../errors';
import { sanitizeOutput, stripInvisible, type Json } from './sanitize';

/**
 * A successful call: the structured value, and the same JSON as text for clients that only read text. Every
 * string is stripped of invisible characters first, so both views carry the same, visible text.
 */
export const toolResult = (value: unknown): CallToolResult => {
  const structured = sanitizeOutput(value) as { [key: string]: Json };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
};

/**
 * A failed call (DESIGN §5): `isError`, the message as text, the error object as structured content. Anything
 * that is not a HelpdeskError becomes `internal` without its message, so no stack or SQL reaches the caller.
 */
export const toToolResult = (error: unknown): CallToolResult => {
  const helpdeskError = asHelpdeskError(error);
  const structured = sanitizeOutput(helpdeskError.toJSON()) as { [key: string]: Json };
  return {
    isError: true,
    content: [{ type: 'text', text: stripInvisible(helpdeskError.message) }],
    structuredContent: structured,
  };
};
