import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';

/** The ticket field each catalog type fills, and what to call it in a sentence. */
const TICKET_FIELD: Record<string, { field: string; name: string }> = {
  [UID.status]: { field: 'ticket_status', name: 'status' },
  [UID.category]: { field: 'category', name: 'category' },
  [UID.type]: { field: 'type', name: 'type' },
  [UID.item]: { field: 'item', name: 'item' },
  [UID.group]: { field: 'group', name: 'group' },
};

/**
 * Deleting a status, category, type, item or group that tickets use would silently take it off those tickets (a
 * ticket with no status, a group's tickets gone from its staff's queue), changing them outside the write path and
 * their history. It is refused while any ticket uses it; renaming it is always possible.
 */
export const keepCatalogInUse = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    const used = TICKET_FIELD[context.uid];
    const documentId = (context.params as { documentId?: string } | undefined)?.documentId;
    if (context.action !== 'delete' || !used || !documentId) return next();
    const tickets = await strapi.db.query(UID.ticket).count({ where: { [used.field]: { documentId } } });
    if (tickets > 0) {
      throw new errors.ApplicationError(
        `This ${used.name} is used by ${tickets} ticket${tickets === 1 ? '' : 's'}, so it cannot be deleted: move ${tickets === 1 ? 'it' : 'them'} to another ${used.name} first, or rename this one.`,
        { code: 'conflict', tickets },
      );
    }
    return next();
  });
};
