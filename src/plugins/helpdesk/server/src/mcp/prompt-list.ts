import type { Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../auth/actor';
import { roleAllows } from '../authz/rules';
import { promptListEntry, type HelpdeskPrompt } from './prompt';

export interface PromptCatalog {
  find(name: string): HelpdeskPrompt | undefined;
  /** The prompts/list entries the actor may use, by the same rule as tools/list (mcp/tool-list.ts). */
  visibleTo(actor: Actor): Prompt[];
}

/** Built once, at start-up, like the tool catalog: per request, listing prompts is a filter over ready objects. */
export const buildPromptCatalog = (prompts: readonly HelpdeskPrompt[]): PromptCatalog => {
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt]));
  if (byName.size !== prompts.length) throw new Error('helpdesk: two MCP prompts share a name');
  const entries = prompts.map((prompt) => ({ prompt, entry: promptListEntry(prompt) }));
  return {
    find: (name) => byName.get(name),
    visibleTo: (actor) => entries.filter(({ prompt }) => roleAllows(actor, prompt.action)).map(({ entry }) => entry),
  };
};
