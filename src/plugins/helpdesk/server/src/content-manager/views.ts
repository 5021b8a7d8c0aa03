import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

interface ListView {
  mainField?: string;
  defaultSortBy: string;
  defaultSortOrder: 'ASC' | 'DESC';
  list: string[];
}

/**
 * List views that read well in the Content Manager. Strapi's own defaults already pick `name` as the main field,
 * but list the first four attributes in schema order (a group's every ticket, a type's creation date) and sort
 * tickets and replies by subject and id.
 */
const VIEWS: Record<string, ListView> = {
  [UID.status]: { mainField: 'name', defaultSortBy: 'sort_order', defaultSortOrder: 'ASC', list: ['name', 'kind', 'sort_order', 'is_default'] },
  [UID.category]: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', list: ['name', 'default_group', 'description'] },
  [UID.type]: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', list: ['name', 'description'] },
  [UID.item]: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', list: ['name', 'category', 'description'] },
  [UID.group]: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', list: ['name', 'members'] },
  [UID.tag]: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', list: ['name', 'description'] },
  [UID.ticket]: {
    mainField: 'subject',
    defaultSortBy: 'createdAt',
    defaultSortOrder: 'DESC',
    list: ['subject', 'ticket_status', 'priority', 'category', 'group', 'assignee', 'createdAt'],
  },
  [UID.reply]: { defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', list: ['ticket', 'author', 'is_internal', 'createdAt'] },
};

/** Bump when VIEWS changes: existing installs then get the new views once, in place of their current ones. */
const VIEWS_VERSION = 1;

interface StoredConfiguration {
  settings: Record<string, unknown>;
  layouts: Record<string, unknown>;
  metadatas: Record<string, unknown>;
}

interface ContentTypesService {
  findConfiguration(contentType: { uid: string }): Promise<StoredConfiguration>;
  updateConfiguration(contentType: { uid: string }, configuration: StoredConfiguration): Promise<unknown>;
}

/**
 * Applies each view once per version and records that it did: after that the view is the admin's, and a change
 * made in "Configure the view" is never overwritten by a restart.
 */
export const applyContentManagerViews = async (strapi: Core.Strapi): Promise<void> => {
  const store = strapi.store({ type: 'plugin', name: 'helpdesk', key: 'content-manager-views' });
  const applied = ((await store.get({})) ?? {}) as Record<string, number>;
  const contentTypes = strapi.plugin('content-manager').service('content-types') as unknown as ContentTypesService;

  let changed = false;
  for (const [uid, view] of Object.entries(VIEWS)) {
    if (applied[uid] === VIEWS_VERSION) continue;
    const current = await contentTypes.findConfiguration({ uid });
    await contentTypes.updateConfiguration(
      { uid },
      {
        settings: {
          ...current.settings,
          ...(view.mainField ? { mainField: view.mainField } : {}),
          defaultSortBy: view.defaultSortBy,
          defaultSortOrder: view.defaultSortOrder,
        },
        layouts: { ...current.layouts, list: view.list },
        metadatas: current.metadatas,
      },
    );
    applied[uid] = VIEWS_VERSION;
    changed = true;
  }
  if (changed) await store.set({ value: applied });
};
