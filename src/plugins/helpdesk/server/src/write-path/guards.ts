import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';
import { service } from '../services/registry';
import { writePermitted, type WriteOperation } from './permit';
import { editedBy, whoIsAsking } from './who-is-asking';

/**
 * The context this module was loaded in: no request, no transaction. A refused write is recorded from here, after
 * the refused caller's transaction has ended; recorded inside it, the row would be rolled back with it.
 */
const outsideEveryTransaction = AsyncLocalStorage.snapshot();

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
  [UID.oauthRecord]: 'OAuth records (codes, tokens, sign-in sessions) are kept by the help desk\'s authorization server itself and cannot be changed.',
  [UID.cannedResponse]: 'Canned responses are written only through the help desk (Help Desk → Canned responses, or its REST API), so that who may see each one is kept and every change is audited.',
  [UID.attachment]: 'Attachments are added only through the help desk (the Help Desk pages, its REST API or its MCP tools), and deleted only by a help-desk Admin through its REST API, so that every change is audited.',
  [UID.connection]: 'Connected apps are approved on the help desk\'s consent page and revoked under Help Desk → API keys → Connected apps, or with the CLI (connection:revoke).',
};

/** The records only the help desk's services may write. The catalog is not here: admins edit it in the Content Manager. */
export const PROTECTED_MODELS: readonly string[] = Object.keys(WHERE_INSTEAD);

export const refusalMessage = (uid: string): string => WHERE_INSTEAD[uid] ?? 'This record is written only by the help desk.';

/**
 * A PolicyError, not a plain ForbiddenError: Strapi's route authorization turns any other ForbiddenError thrown
 * below it into a bare "Forbidden", and the message is the point.
 */
const refuseUnlessPermitted = (strapi: Core.Strapi, uid: string, operation: WriteOperation, documentId?: string): void => {
  if (writePermitted(operation, uid === UID.auditEvent)) return;
  auditRefusedWrite(strapi, uid, operation, documentId);
  throw new errors.PolicyError(refusalMessage(uid), { code: 'forbidden' });
};

/** Every refused attempt is on record (DESIGN §6), with whoever made it, though its own transaction rolls back. */
const auditRefusedWrite = (strapi: Core.Strapi, uid: string, operation: WriteOperation, documentId?: string): void => {
  const who = whoIsAsking(strapi);
  const entry = {
    action: 'record.write',
    errorCode: 'forbidden',
    actorName: who.name,
    credential: { kind: who.panelUser ? 'admin_session' : 'server', name: who.panelUser ? 'Content Manager' : 'document service' },
    details: { type: uid.replace(/^plugin::helpdesk\./, ''), operation, ...(documentId ? { id: documentId } : {}), ...editedBy(who) },
  };
  outsideEveryTransaction(() =>
    setImmediate(() => {
      service(strapi, 'audit')
        .refused(null, entry, who.channel)
        .catch((error: unknown) => strapi.log.error(`helpdesk: could not audit a refused write: ${error instanceof Error ? error.message : String(error)}`));
    }),
  );
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
    const documentId = (context.params as { documentId?: string } | undefined)?.documentId;
    if (operation && protectedModels.has(context.uid)) refuseUnlessPermitted(strapi, context.uid, operation, documentId);
    return next();
  });

  const guard = (operation: WriteOperation) => (event: { model: { uid: string } }) => refuseUnlessPermitted(strapi, event.model.uid, operation);
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
