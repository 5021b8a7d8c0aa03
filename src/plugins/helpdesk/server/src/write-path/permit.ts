import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { transactionFault } from '../database/transaction-fault';

/**
 * The one write path (DESIGN §6a). A help-desk record is written only inside a permit that the help desk's own
 * services open; the guards (write-path/guards.ts) refuse every write that runs outside one, whoever asks. The
 * permit lives in async context, so it covers exactly the work a service started and nothing a request of someone
 * else does at the same time.
 */
interface WriteScope {
  /** Audit events may be changed or deleted only by audit maintenance (the retention command, failure counts). */
  auditMaintenance: boolean;
  /** Work to do once the outermost transaction has settled, committed or rolled back (refusals to audit). */
  afterSettled: Array<() => Promise<void>>;
}

const permits = new AsyncLocalStorage<WriteScope>();

export type WriteOperation = 'create' | 'update' | 'delete';

/** Whether the code running now holds a permit for this operation on help-desk records. */
export const writePermitted = (operation: WriteOperation, auditEvent: boolean): boolean => {
  const scope = permits.getStore();
  if (!scope) return false;
  return !auditEvent || operation === 'create' || scope.auditMaintenance;
};

export const insideHelpdeskWrite = (): boolean => permits.getStore() !== undefined;

/** Runs `work` in `scope`; whoever opened the scope runs its deferred work once `work` has settled. */
const withScope = async <T>(scope: WriteScope, work: () => Promise<T>): Promise<T> =>
  permits.run(scope, async () => {
    try {
      return await work();
    } finally {
      // One by one and outside the transaction that has just ended: each is a write of its own (an audit row).
      for (const deferred of scope.afterSettled.splice(0)) await deferred();
    }
  });

const newScope = (auditMaintenance = false): WriteScope => ({ auditMaintenance, afterSettled: [] });

/**
 * Runs `work` with a write permit in a transaction (joining the current one, if any): every service write is one
 * transaction with its audit rows. Work deferred with `afterSettled` runs when the outermost permit has settled.
 */
export const helpdeskTransaction = async <T>(strapi: Core.Strapi, work: (context: { trx: Knex.Transaction }) => Promise<T>): Promise<T> => {
  const inTransaction = () => transaction(strapi, work);
  return permits.getStore() ? inTransaction() : withScope(newScope(), inTransaction);
};

/** Strapi's transaction, failing with the real fault when knex ended the transaction under the work or its COMMIT failed. */
const transaction = async <T>(strapi: Core.Strapi, work: (context: { trx: Knex.Transaction }) => Promise<T>): Promise<T> => {
  const outermost = !strapi.db.inTransaction();
  let outcome: Promise<unknown> = Promise.resolve(null);
  const result = (await strapi.db.transaction(async (context: { trx: Knex.Transaction }) => {
    // Observed from the start, so a rollback's rejection is never reported as unhandled.
    if (outermost) outcome = context.trx.executionPromise.then(() => null, (reason: unknown) => reason);
    try {
      return await work(context);
    } catch (error) {
      throw await transactionFault(context.trx, error);
    }
  })) as T;
  // knex resolves commit() even when COMMIT itself fails (a connection lost as the change commits): it rejects
  // only the transaction's own promise. Strapi awaits the former, so without this a change the database rolled
  // back would be answered as done. Only the outermost transaction commits; a joined one settles with it.
  const commitFailure = await outcome;
  if (commitFailure) throw commitFailure;
  return result;
};

/** A permit without a transaction of its own, for one-statement writes (an audit row, a key's last use). */
export const asHelpdesk = <T>(work: () => Promise<T>): Promise<T> => (permits.getStore() ? work() : withScope(newScope(), work));

/** The one way to change or delete audit events: retention and the failure counts. Nothing else gets here. */
export const asAuditMaintenance = <T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> =>
  withScope(newScope(true), () => transaction(strapi, work));

/**
 * Runs `work` once the outermost help-desk permit has settled, or now when no transaction is open. A refusal must
 * be audited even though the transaction it happened in is rolled back.
 */
export const afterSettled = async (strapi: Core.Strapi, work: () => Promise<void>): Promise<void> => {
  const scope = permits.getStore();
  if (scope && strapi.db.inTransaction()) {
    scope.afterSettled.push(() => asHelpdesk(work));
    return;
  }
  await asHelpdesk(work);
};
