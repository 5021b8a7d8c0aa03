import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import type { Action } from '../authz/rules';
import { HelpdeskError } from '../errors';
import { UID } from '../uids';
import { service } from './registry';
import { asHelpdesk, helpdeskTransaction } from '../write-path/permit';

const RETENTION_MS = 24 * 60 * 60 * 1000;

/** One request made retry-safe: who makes it is the actor; the key names it; the input is what it asks for. */
export interface KeyedRequest {
  action: Action;
  /** The ticket a reply goes to: the same key on another ticket is another request. */
  ticketId: string | null;
  key: string | undefined;
  /** The operation's parsed input (defaults applied), so the same request written differently is the same request. */
  input: unknown;
}

interface IdempotencyRecord {
  id: number;
  input_hash: string | null;
  result: unknown;
  createdAt: string | number | Date;
}

/** JSON with every object's keys in order: one text for one value, however its fields were ordered. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Safe retries: the first result of (actor, operation, key) is kept 24 hours with a hash of the request's input and
 * returned to every retry of the same request; the key reused for a different request is a conflict, as payment
 * APIs answer it, since returning the first result would silently drop what the second asked for.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const find = async (scopeKey: string) =>
    (await strapi.db.query(UID.idempotencyRecord).findOne({
      where: { scope_key: scopeKey },
      select: ['id', 'input_hash', 'result', 'createdAt'],
    })) as IdempotencyRecord | null;

  return {
    /**
     * Runs `run` once per key. Call it outside any transaction: on PostgreSQL a request that loses the race for a
     * key has its transaction aborted, and reads the winner's record after it.
     */
    async once<T>(actor: Actor, request: KeyedRequest, run: () => Promise<T>): Promise<T> {
      const { key } = request;
      if (!key) return run();
      const operation = request.ticketId ? `${request.action}:${request.ticketId}` : request.action;
      const scopeKey = sha256(`${actor.userId}\n${operation}\n${key}`);
      const inputHash = sha256(canonical(request.input));
      const now = service(strapi, 'clock').now().getTime();

      const answer = async (record: IdempotencyRecord): Promise<T> => {
        // Records written before the hash was kept cannot be compared: they are taken as the same request.
        if (record.input_hash !== null && record.input_hash !== inputHash) {
          const error = new HelpdeskError(
            'conflict',
            `The idempotency key "${key}" was already used for a different request in the last 24 hours. ` +
              'Send a new key with a new request; repeat a key only to retry the very same request.',
            { idempotency_key: key },
          );
          await service(strapi, 'audit').refused(actor, { action: request.action, ticketId: request.ticketId, errorCode: error.code });
          throw error;
        }
        return record.result as T;
      };

      const existing = await find(scopeKey);
      if (existing && now - new Date(existing.createdAt).getTime() < RETENTION_MS) return answer(existing);
      if (existing) await asHelpdesk(() => strapi.db.query(UID.idempotencyRecord).delete({ where: { id: existing.id } }));

      try {
        return await helpdeskTransaction(strapi, async () => {
          // The key is claimed before the work: a concurrent request with the same key stops at this insert (on
          // PostgreSQL it waits for this transaction, then fails on the unique key) and does none of the work.
          const claim = (await strapi.db.query(UID.idempotencyRecord).create({
            data: { scope_key: scopeKey, input_hash: inputHash, result: null, publishedAt: new Date(now) },
            select: ['id'],
          })) as { id: number };
          const result = await run();
          await strapi.db.query(UID.idempotencyRecord).update({ where: { id: claim.id }, data: { result }, select: ['id'] });
          return result;
        });
      } catch (error) {
        // A concurrent request with the same key won the race and has committed: its result is the one to return,
        // or a conflict when it asked for something else. The claim and the work of this one were rolled back.
        const winner = await find(scopeKey);
        if (winner) return answer(winner);
        throw error;
      }
    },
  };
};
