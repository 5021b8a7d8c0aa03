import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { service } from '../services/registry';
import { insideHelpdeskWrite } from './permit';
import { editedBy, whoIsAsking } from './who-is-asking';

/**
 * The catalog (statuses, categories, types, items, groups, tags) is edited in the Content Manager by admins; help-desk
 * accounts are Strapi users, edited there by super admins. Each such change decides what tickets can become, where
 * they go, or who sees them (a group's members are its scope), so each is audited with the panel user who made it,
 * in the transaction that makes it. The help desk's own writes (CLI, demo) are not audited here.
 */
const AUDITED: Record<string, { type: string; action: string }> = {
  [UID.status]: { type: 'status', action: 'catalog' },
  [UID.category]: { type: 'category', action: 'catalog' },
  [UID.type]: { type: 'type', action: 'catalog' },
  [UID.item]: { type: 'item', action: 'catalog' },
  [UID.group]: { type: 'group', action: 'catalog' },
  [UID.tag]: { type: 'tag', action: 'catalog' },
  [UID.user]: { type: 'account', action: 'account' },
};

const OPERATIONS: Record<string, 'create' | 'update' | 'delete'> = { create: 'create', clone: 'create', update: 'update', delete: 'delete' };

/**
 * Never compared: one-time tokens, and bookkeeping every write changes. Only the names of changed fields are ever
 * recorded, never their values, so a changed password shows as `password` and nothing more.
 */
const IGNORED = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'resetPasswordToken', 'confirmationToken']);

type Snapshot = Record<string, unknown>;

const relationFields = (strapi: Core.Strapi, uid: string): string[] =>
  Object.entries((strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as { attributes: Record<string, { type: string }> }).attributes)
    .filter(([name, a]) => a.type === 'relation' && !IGNORED.has(name))
    .map(([name]) => name);

const snapshotOf = async (strapi: Core.Strapi, uid: string, documentId: string | undefined): Promise<Snapshot | null> => {
  if (!documentId) return null;
  const relations = relationFields(strapi, uid);
  const row = (await strapi.db.query(uid as never).findOne({
    where: { documentId },
    populate: Object.fromEntries(relations.map((r) => [r, { select: ['documentId', ...(uid === UID.group && r === 'members' ? ['email'] : [])] }])),
  })) as Snapshot | null;
  return row;
};

const comparable = (value: unknown): string => {
  if (Array.isArray(value)) return JSON.stringify(value.map((v) => (v as { documentId?: string }).documentId ?? v).sort());
  if (value && typeof value === 'object' && 'documentId' in value) return String((value as { documentId: string }).documentId);
  return JSON.stringify(value ?? null);
};

const changedFields = (before: Snapshot | null, after: Snapshot | null): string[] => {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => !IGNORED.has(k) && comparable(before?.[k]) !== comparable(after?.[k])).sort();
};

const memberEmails = (snapshot: Snapshot | null): Map<string, string> =>
  new Map(((snapshot?.members as Array<{ documentId: string; email: string }> | undefined) ?? []).map((m) => [m.documentId, m.email]));

const labelOf = (snapshot: Snapshot | null): string | null => {
  const value = snapshot?.name ?? snapshot?.username ?? snapshot?.email;
  return typeof value === 'string' ? value : null;
};

export const auditCatalogEdits = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    const audited = AUDITED[context.uid];
    const operation = OPERATIONS[context.action];
    if (!audited || !operation || insideHelpdeskWrite()) return next();
    // Accounts are also written by users-permissions itself at sign-in; what matters is who changed one by hand.
    if (context.uid === UID.user && !strapi.requestContext.get()) return next();

    return strapi.db.transaction(async () => {
      const documentId = (context.params as { documentId?: string }).documentId;
      const before = operation === 'create' ? null : await snapshotOf(strapi, context.uid, documentId);
      const result = await next();
      const resultId = (result as { documentId?: string } | null)?.documentId ?? documentId;
      const after = operation === 'delete' ? null : await snapshotOf(strapi, context.uid, resultId);
      const changed = changedFields(before, after);
      if (operation === 'update' && changed.length === 0) return result;

      const who = whoIsAsking(strapi);
      const common = {
        outcome: 'allowed' as const,
        actorName: who.name,
        credential: { kind: who.panelUser ? 'admin_session' : 'server', name: who.panelUser ? 'Content Manager' : 'document service' },
      };
      const record = { type: audited.type, id: resultId ?? null, name: labelOf(after ?? before) };
      const panelUser = editedBy(who);
      const audit = service(strapi, 'audit');
      await audit.record(null, { ...common, action: `${audited.action}.${operation}`, details: { ...record, changed, ...panelUser } }, who.channel);

      if (context.uid === UID.group && changed.includes('members')) {
        const was = memberEmails(before);
        const now = memberEmails(after);
        await audit.record(null, {
          ...common,
          action: 'group.members',
          details: {
            ...record,
            added: [...now].filter(([id]) => !was.has(id)).map(([, email]) => email),
            removed: [...was].filter(([id]) => !now.has(id)).map(([, email]) => email),
            ...panelUser,
          },
        }, who.channel);
      }
      return result;
    });
  });
};
