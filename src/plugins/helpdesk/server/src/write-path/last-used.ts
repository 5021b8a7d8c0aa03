import type { Core } from '@strapi/strapi';
import type { HelpdeskUid } from '../uids';
import { asHelpdesk } from './permit';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Records when a credential (an API key, a connected app) was last used: `last_used_at` is written at most once a
 * minute per row, not on every request, so a busy assistant costs one write a minute rather than one per call.
 */
export const lastUsedRecorder = (strapi: Core.Strapi, uid: HelpdeskUid, now: () => Date) => {
  const written = new Map<number, number>();
  return async (row: { id: number; lastUsedAt: string | Date | null }): Promise<void> => {
    const at = now().getTime();
    const last = written.get(row.id) ?? (row.lastUsedAt ? new Date(row.lastUsedAt).getTime() : 0);
    if (at - last < LAST_USED_RESOLUTION_MS) return;
    written.set(row.id, at);
    await asHelpdesk(() => strapi.db.query(uid).update({ where: { id: row.id }, data: { last_used_at: new Date(at) } }));
  };
};
