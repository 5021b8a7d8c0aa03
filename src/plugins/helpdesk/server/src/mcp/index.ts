import type { Core } from '@strapi/strapi';
import { createAdmission } from './admission';
import { createMcpGate } from './gate';
import { createMcpPostHandler } from './handler';
import { methodNotAllowed } from './http-responses';
import { protectedResourceMetadata } from './metadata';
import { readMcpSettings } from './settings';
import { buildToolCatalog } from './tool-list';
import { tools } from './tools';
import { buildPromptCatalog } from './prompt-list';
import { prompts } from './prompts';

/**
 * Mounts the help desk's MCP server (DESIGN §7). Called from register(): the gate must be on the Koa app before
 * Strapi adds its own middlewares (and body parser) after register. Routes are on the root router, outside /api,
 * with Strapi's auth off: the gate does the help desk's own checks.
 */
export const registerMcp = (strapi: Core.Strapi): void => {
  const settings = readMcpSettings(strapi);
  const catalogs = { tools: buildToolCatalog(tools), prompts: buildPromptCatalog(prompts) };
  const admit = createAdmission(strapi, settings);
  const open = { auth: false } as const;

  strapi.server.use(createMcpGate(strapi, settings, admit));
  strapi.server.routes([
    { method: 'POST', path: settings.path, handler: createMcpPostHandler(strapi, catalogs, admit), config: open },
    ...(['GET', 'DELETE', 'PUT', 'PATCH'] as const).map((method) => ({ method, path: settings.path, handler: methodNotAllowed, config: open })),
    { method: 'GET', path: settings.metadataPath, handler: protectedResourceMetadata(strapi, settings), config: open },
  ]);
};
