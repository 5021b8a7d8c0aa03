import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';
import { ticketTables } from '../database/ticket-tables';
import { runSql } from '../database/run-sql';

type TagData = { name?: unknown };

/**
 * Tags are found by name (tag_ticket, the `tag` filter), case-insensitively, so two tags whose names differ only in
 * case, or in spaces around them, could never be told apart. Every writer of a tag (the Content Manager, the demo)
 * goes through the document service: the name is trimmed there, and a name another tag has in any case is refused
 * with a sentence that says which. The unique index on LOWER(name) (database/query-indexes.ts) holds the same rule
 * when two saves race.
 */
export const keepTagNamesDistinct = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== UID.tag || !['create', 'update', 'clone'].includes(context.action)) return next();
    const params = context.params as { documentId?: string; data?: TagData };
    const name = params.data?.name;
    if (typeof name !== 'string') return next();
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new errors.ValidationError('A tag needs a name.', { errors: [{ path: ['name'], message: 'is required' }] });
    if (trimmed.includes('\u0000')) {
      throw new errors.ValidationError('A tag name must not contain a NUL character.', { errors: [{ path: ['name'], message: 'must not contain a NUL character' }] });
    }
    params.data = { ...params.data, name: trimmed };

    const table = ticketTables(strapi).tagRecords;
    // On the transaction in progress, if any (the audit of the edit opens one around it).
    const [taken] = await runSql<{ name: string }>(strapi, (knex) => {
      const query = knex(table).select('name').whereRaw('LOWER(??) = LOWER(?)', ['name', trimmed]).limit(1);
      return context.action === 'update' && params.documentId ? query.whereNot('document_id', params.documentId) : query;
    });
    if (taken) {
      throw new errors.ValidationError(`A tag named "${taken.name}" already exists; tag names are unique whatever their case.`, {
        errors: [{ path: ['name'], message: `"${taken.name}" already exists (names are compared case-insensitively)` }],
      });
    }
    return next();
  });
};
