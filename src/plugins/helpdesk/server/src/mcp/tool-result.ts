import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { asHelpdeskError } from '../errors';
import { sanitizeOutput, stripInvisible, type Json } from './sanitize';
import { ToolOutput } from './tool';

/**
 * A successful call: the structured value, and the same JSON as text for clients that only read text. Every
 * string is stripped of invisible characters first, so both views carry the same, visible text.
 */
export const toolResult = (value: unknown): CallToolResult => {
  const output = value instanceof ToolOutput ? value : null;
  const structured = sanitizeOutput(output ? output.value : value) as { [key: string]: Json };
  // Extra blocks carry text of their own (a file's), stripped by the tool that made them.
  return { content: [{ type: 'text', text: JSON.stringify(structured) }, ...(output?.content ?? [])], structuredContent: structured };
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
