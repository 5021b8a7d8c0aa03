import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { STORED_NAME_MARKER } from './storage';

interface RouteState {
  state?: { route?: { info?: { pluginName?: string } } };
}

/** Whether the query runs for a request to one of the upload plugin's own routes (Media Library, /api/upload). */
const servingUploadRoute = (strapi: Core.Strapi): boolean =>
  (strapi.requestContext.get() as RouteState | undefined)?.state?.route?.info?.pluginName === 'upload';

type Where = Record<string, unknown>;
interface QueryEvent {
  params: { where?: Where; filters?: Where };
}

/**
 * Help-desk files are rows of the upload plugin, so its Media Library would list them (with the name a person gave
 * the file, a note's included), and let any panel user with its permissions (Strapi's Editor has them all) delete
 * them from the record, replace their content or rename them. Every one of those routes first reads the file
 * through the query engine — a list, a count, or the row by id — so hiding help-desk files from the reads a request
 * to an upload route makes leaves each of them answering as for a file that does not exist, and deleting, replacing
 * or renaming has nothing to act on. The help desk itself reads its files through its own routes, which apply the
 * rules (attachments service), and is not affected.
 */
export const hideHelpdeskFilesFromTheMediaLibrary = (strapi: Core.Strapi): void => {
  const withoutHelpdeskFiles = (event: QueryEvent): void => {
    if (!servingUploadRoute(strapi)) return;
    const notOurs: Where = { hash: { $notContainsi: STORED_NAME_MARKER } };
    event.params.where = event.params.where ? { $and: [event.params.where, notOurs] } : notOurs;
  };
  strapi.db.lifecycles.subscribe({
    models: [UID.file],
    beforeFindOne: withoutHelpdeskFiles,
    beforeFindMany: withoutHelpdeskFiles,
    beforeCount: withoutHelpdeskFiles,
  });
};
