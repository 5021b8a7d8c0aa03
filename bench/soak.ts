import { UsageError, limitRunTime, onCleanup, runScript } from './exit-cleanup';
import { pgAdminConnection } from './database';
import { createFreshDatabase } from './fresh-help-desk';
import { redisServerInstalled, startPrivateRedis } from './private-redis';
import { runTraffic, waitSeconds, writeReport } from './soak-run';

/**
 * `npm run soak -- [--minutes 10] [--concurrency 50] [--instances 1|2]`: mixed REST and MCP traffic by users, staff
 * and admins for a while, then the database is checked (every acknowledged write stored, every history one chain)
 * and p50/p99 and memory over time are reported. Two instances share one PostgreSQL database and one Redis, with
 * the clients spreading requests round-robin; one instance uses the database the environment selects (a temporary
 * SQLite file unless DATABASE_CLIENT=postgres). Exit 1 when a check fails.
 */

const USAGE = 'usage: npm run soak -- [--minutes 10] [--concurrency 50] [--instances 1|2]';

interface Options {
  minutes: number;
  concurrency: number;
  instances: number;
}

const parseOptions = (argv: string[]): Options => {
  const options: Options = { minutes: 10, concurrency: 50, instances: 1 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} needs a positive number\n${USAGE}`);
      return v;
    };
    if (flag === '--minutes') options.minutes = value();
    else if (flag === '--concurrency') options.concurrency = Math.round(value());
    else if (flag === '--instances') options.instances = Math.round(value());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${flag}\n${USAGE}`);
  }
  if (options.instances > 2) throw new UsageError(`--instances is 1 or 2 (a 2-core machine runs no more usefully)\n${USAGE}`);
  if (options.concurrency > 500) throw new UsageError(`--concurrency above 500 measures the load generator, not the server\n${USAGE}`);
  return options;
};

const log = (message: string) => process.stdout.write(`${message}\n`);

const main = async (): Promise<number> => {
  const options = parseOptions(process.argv.slice(2));
  limitRunTime('soak', (options.minutes * 60 + 600) * 1000);
  // Several instances need one database they can all reach, and one Redis for their shared limits and cache news.
  const postgres = options.instances > 1 || process.env.DATABASE_CLIENT === 'postgres';
  const database = await createFreshDatabase(postgres ? 'postgres' : 'sqlite', { purpose: 'soak' }).catch((error: unknown) => {
    const { host, port, user } = pgAdminConnection();
    throw new Error(
      `cannot create a database on PostgreSQL at ${host}:${port} as ${user} (${error instanceof Error ? error.message : String(error)}); ` +
        `${options.instances > 1 ? 'two instances need one shared database: ' : ''}set DATABASE_HOST, DATABASE_PORT, DATABASE_USERNAME, DATABASE_PASSWORD`,
    );
  });
  onCleanup(`drop ${database.label}`, database.drop);

  let redis: { url: string; label: string } | null = null;
  if (process.env.REDIS_URL) redis = { url: process.env.REDIS_URL, label: 'REDIS_URL (with a prefix of its own)' };
  else if (options.instances > 1) {
    if (!redisServerInstalled()) throw new Error('two instances need Redis: set REDIS_URL, or install redis-server so the soak can start its own');
    const own = await startPrivateRedis();
    redis = { url: own.url, label: `a private redis-server on 127.0.0.1:${own.port}` };
  }

  const report = await runTraffic(
    { script: 'soak', instances: options.instances, concurrency: options.concurrency, database, redis, bucketSeconds: options.minutes > 5 ? 15 : 5, log },
    async ({ log: say }) => {
      say(`running for ${options.minutes} minute${options.minutes === 1 ? '' : 's'}`);
      await waitSeconds(options.minutes * 60);
    },
  );
  writeReport(report, log);
  return report.checks.passed ? 0 : 1;
};

runScript('soak', main);
