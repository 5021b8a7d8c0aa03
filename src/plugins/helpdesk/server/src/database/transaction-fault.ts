import type { Knex } from 'knex';

const COMPLETED = 'Transaction query already complete';

/**
 * What really failed when a transaction's work fails on a transaction that was already over. knex marks a
 * transaction complete when one of its own statements fails (most often BEGIN, on a connection the database closed
 * as it stopped), yet still hands it to the work, whose first query then fails with "Transaction query already
 * complete": a message that names no cause, so a lost database was answered 500 internal. The cause is what knex
 * rejected the transaction with; it is returned instead, so database/unavailable.ts can tell a lost database from
 * anything else, and a log names the real fault. Every other error is returned as it is.
 */
export const transactionFault = async (trx: Knex.Transaction, error: unknown): Promise<unknown> => {
  if (!(error instanceof Error) || !error.message.startsWith(COMPLETED) || !trx.isCompleted()) return error;
  // Already settled when the transaction is complete; the timer only bounds a knex that behaves otherwise.
  const rejection = await Promise.race([
    trx.executionPromise.then(
      () => undefined,
      (reason: unknown) => reason,
    ),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100)),
  ]);
  return rejection instanceof Error ? rejection : error;
};
