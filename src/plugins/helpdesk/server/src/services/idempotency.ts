import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { UID } from '../uids';
import { service } from './registry';
import { asHelpdesk, helpdeskTransaction } from '../write-path/permit';

const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Safe retries: the first result of (actor, operation, key) is kept 24 hours and returned to every retry, so a
 * client that lost a response can repeat a create without creating twice.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const find = async (scopeKey: string) =>
    (await strapi.db.query(UID.idempotencyRecord).findOne({
      where: { scope_key: scopeKey },
      select: ['id', 'result', 'createdAt'],
    })) as { id: number; result: unknown; createdAt: string | number | Date } | null;

  return {
    async once<T>(actor: Actor, operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> {
      if (!key) return run();
      const scopeKey = crypto.createHash('sha256').update(`${actor.userId}\n${operation}\n${key}`).digest('hex');
      const now = service(strapi, 'clock').now().getTime();
      const existing = await find(scopeKey);
      if (existing && now - new Date(existing.createdAt).getTime() < RETENTION_MS) return existing.result as T;
      if (existing) await asHelpdesk(() => strapi.db.query(UID.idempotencyRecord).delete({ where: { id: existing.id } }));

      try {
        return await helpdeskTransaction(strapi, async () => {
          const result = await run();
          await strapi.db.query(UID.idempotencyRecord).create({
            data: { scope_key: scopeKey, result, publishedAt: new Date(now) },
          });
          return result;
        });
      } catch (error) {
        // A concurrent retry with the same key won the race: its result is the one to return.
        const winner = await find(scopeKey);
        if (winner) return winner.result as T;
        throw error;
      }
    },
  };
};
