import type { HelpdeskPrompt } from '../prompt';
import triageQueue from './triage-queue';
import draftReply from './draft-reply';
import summarizeTicket from './summarize-ticket';

/** Every MCP prompt, in the order prompts/list shows them. */
export const prompts: readonly HelpdeskPrompt[] = [triageQueue, draftReply, summarizeTicket];
