import type { Core } from '@strapi/strapi';
import { ulid } from 'ulid';
import { ULID_MODELS } from './uids';

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const isUlid = (value: unknown): value is string => typeof value === 'string' && ULID_PATTERN.test(value);

export const newPublicId = (): string => ulid();

type DataParams = { data?: Record<string, unknown> };

/**
 * Every help-desk record's public id is its documentId, made a ULID when the record is created, whatever creates
 * it. The document service (REST, Content Manager, CLI, services) is covered by a document middleware; raw
 * `strapi.db.query().create` calls (bulk seeds, other plugins) by a database lifecycle, which only fills a
 * missing id because the document service has already chosen one by then.
 */
export const assignUlidPublicIds = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (ULID_MODELS.has(context.uid) && (context.action === 'create' || context.action === 'clone')) {
      const params = context.params as DataParams;
      params.data = { ...(params.data ?? {}), documentId: newPublicId() };
    }
    return next();
  });

  strapi.db.lifecycles.subscribe({
    models: [...ULID_MODELS],
    beforeCreate(event) {
      const data = (event.params as DataParams).data;
      if (data && !data.documentId) data.documentId = newPublicId();
    },
    beforeCreateMany(event) {
      const rows = (event.params as { data?: Array<Record<string, unknown>> }).data ?? [];
      for (const row of rows) if (!row.documentId) row.documentId = newPublicId();
    },
  });
};
