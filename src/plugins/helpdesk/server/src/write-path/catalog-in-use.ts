import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';

/** The ticket field each catalog type fills, what to call it in a sentence, and what to do instead of deleting. */
const TICKET_FIELD: Record<string, { field: string; name: string; instead?: (it: string) => string }> = {
  [UID.status]: { field: 'ticket_status', name: 'status' },
  [UID.category]: { field: 'category', name: 'category' },
  [UID.type]: { field: 'type', name: 'type' },
  [UID.item]: { field: 'item', name: 'item' },
  [UID.group]: { field: 'group', name: 'group' },
  [UID.tag]: { field: 'tags', name: 'tag', instead: (it) => `remove it from ${it} first (list_tickets with tag finds them), or rename this one` },
};

/**
 * Deleting a status, category, type, item, group or tag that tickets use would silently take it off those tickets
 * (a ticket with no status, a group's tickets gone from its staff's queue, a tag gone with no word in the history),
 * changing them outside the write path and their history. It is refused while any ticket uses it; renaming it is
 * always possible. A tag could instead be taken off each ticket with a history entry, but that is one audited write
 * per ticket inside one Content Manager request, unbounded, for a label a rename already retires.
 */
export const keepCatalogInUse = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    const used = TICKET_FIELD[context.uid];
    const documentId = (context.params as { documentId?: string } | undefined)?.documentId;
    if (context.action !== 'delete' || !used || !documentId) return next();
    const tickets = await strapi.db.query(UID.ticket).count({ where: { [used.field]: { documentId } } });
    if (tickets > 0) {
      const them = tickets === 1 ? 'it' : 'them';
      const instead = used.instead ? used.instead(them) : `move ${them} to another ${used.name} first, or rename this one`;
      throw new errors.ApplicationError(
        `This ${used.name} is used by ${tickets} ticket${tickets === 1 ? '' : 's'}, so it cannot be deleted: ${instead}.`,
        { code: 'conflict', tickets },
      );
    }
    return next();
  });
};
