import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';
import { writePermitted, type WriteOperation } from './permit';

/**
 * Where each help-desk record is changed instead, for the refusal's message: whoever tried (the Content Manager,
 * Strapi's own MCP server, another plugin) learns where the change belongs.
 */
const WHERE_INSTEAD: Record<string, string> = {
  [UID.ticket]: 'Tickets are changed only through the help desk (the Help Desk pages, its REST API or its MCP tools), so that every change follows its rules and is audited.',
  [UID.reply]: 'Replies and internal notes are written only through the help desk (the Help Desk pages, its REST API or its MCP tools), so that every change follows its rules and is audited.',
  [UID.auditEvent]: 'The audit log is append-only: no one can change or delete its events. Admins read and export it under Help Desk → Audit log.',
  [UID.apiKey]: 'API keys are created and revoked under Help Desk → API keys, through the REST API, or with the CLI (key:create, key:revoke).',
  [UID.idempotencyRecord]: 'Idempotency records are kept by the help desk itself and cannot be changed.',
  [UID.panelLink]: 'Panel access is granted and withdrawn by a help-desk Admin under Help Desk → Panel access, or with the CLI (panel-user:link).',
};

/** The records only the help desk's services may write. The catalog is not here: admins edit it in the Content Manager. */
export const PROTECTED_MODELS: readonly string[] = Object.keys(WHERE_INSTEAD);

export const refusalMessage = (uid: string): string => WHERE_INSTEAD[uid] ?? 'This record is written only by the help desk.';

/**
 * A PolicyError (a ForbiddenError) because Strapi's route authorizer turns every other ForbiddenError thrown behind
 * it into a bare "Forbidden": the Content Manager would never show where the change belongs.
 */
const refuseUnlessPermitted = (uid: string, operation: WriteOperation): void => {
  if (!writePermitted(operation, uid === UID.auditEvent)) throw new errors.PolicyError(refusalMessage(uid));
};

const DOCUMENT_WRITES: Record<string, WriteOperation> = {
  create: 'create',
  clone: 'create',
  update: 'update',
  publish: 'update',
  unpublish: 'update',
  discardDraft: 'update',
  delete: 'delete',
};

/**
 * Two guards, because there are two ways in: the document service (Content Manager, REST of other plugins,
 * Strapi's MCP server) and the query engine below it (`strapi.db.query`, the entity service, lifecycles of other
 * plugins). Raw SQL is outside Strapi's reach; nothing in Strapi or its plugins writes the help desk's tables so.
 */
export const guardHelpdeskRecords = (strapi: Core.Strapi): void => {
  const protectedModels = new Set(PROTECTED_MODELS);
  strapi.documents.use(async (context, next) => {
    const operation = DOCUMENT_WRITES[context.action];
    if (operation && protectedModels.has(context.uid)) refuseUnlessPermitted(context.uid, operation);
    return next();
  });

  const guard = (operation: WriteOperation) => (event: { model: { uid: string } }) => refuseUnlessPermitted(event.model.uid, operation);
  strapi.db.lifecycles.subscribe({
    models: [...PROTECTED_MODELS],
    beforeCreate: guard('create'),
    beforeCreateMany: guard('create'),
    beforeUpdate: guard('update'),
    beforeUpdateMany: guard('update'),
    beforeDelete: guard('delete'),
    beforeDeleteMany: guard('delete'),
  });
};
