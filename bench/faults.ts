import fs from 'fs';
import path from 'path';
import { UsageError, limitRunTime, runScript } from './exit-cleanup';
import { createFreshDatabase } from './fresh-help-desk';
import { findPostgresBinaries, startPrivatePostgres } from './private-postgres';
import { redisServerInstalled, startPrivateRedis } from './private-redis';
import { runTraffic, waitSeconds, writeReport, type RunControl } from './soak-run';

/**
 * `npm run faults -- [--concurrency 50] [--phase-seconds 20]`: a soak on two instances during which, one after the
 * other, PostgreSQL is stopped for a phase and started again, one instance is killed with SIGKILL (and started
 * again), and Redis is stopped (and started again). It reports what answered what in each phase and checks that
 * nothing acknowledged was lost. PostgreSQL and Redis are the run's own (a temporary cluster, a private
 * redis-server): the machine's shared servers are never touched. Exit 1 when a check fails, 2 when PostgreSQL's
 * binaries or redis-server cannot be found.
 */

const USAGE = 'usage: npm run faults -- [--concurrency 50] [--phase-seconds 20]';

interface Options {
  concurrency: number;
  phaseSeconds: number;
}

const parseOptions = (argv: string[]): Options => {
  const options: Options = { concurrency: 50, phaseSeconds: 20 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} needs a positive number\n${USAGE}`);
      return v;
    };
    if (flag === '--concurrency') options.concurrency = Math.round(value());
    else if (flag === '--phase-seconds') options.phaseSeconds = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
};

const log = (message: string) => process.stdout.write(`${message}\n`);

/** How many lines of an instance's log contain `text`: what the server itself said about a fault. */
const logLines = (control: RunControl, instance: string, text: string): number => {
  try {
    return fs
      .readFileSync(path.join(control.logDir, `${instance}-server.log`), 'utf8')
      .split('\n')
      .filter((line) => line.includes(text)).length;
  } catch {
    return 0;
  }
};

const main = async (): Promise<number> => {
  const options = parseOptions(process.argv.slice(2));
  // Seven phases and a half of traffic, an instance's restart, plus a margin for boot, seeding and the checks.
  limitRunTime('faults', (options.phaseSeconds * 8 + 600) * 1000);
  const binaries = findPostgresBinaries();
  if (!binaries) {
    process.stderr.write(
      'faults: no PostgreSQL server binaries found (looked in PG_BIN and /usr/lib/postgresql/<version>/bin for initdb, postgres, pg_isready).\n' +
        'The faults run stops and starts a PostgreSQL of its own and never the machine\'s; install the server package (e.g. apt-get install postgresql) or set PG_BIN.\n',
    );
    return 2;
  }
  if (!redisServerInstalled()) {
    process.stderr.write('faults: redis-server is not installed; the run stops and starts a Redis of its own (apt-get install redis-server).\n');
    return 2;
  }
  const postgres = await startPrivatePostgres(binaries, log);
  // Not dropped at the end: the whole private cluster is removed, and it may be stopped when the run is interrupted.
  const database = await createFreshDatabase('postgres', { purpose: 'faults', server: postgres.server });
  const redis = await startPrivateRedis();
  const phase = options.phaseSeconds;

  const report = await runTraffic(
    {
      script: 'faults',
      instances: 2,
      concurrency: options.concurrency,
      database,
      redis: { url: redis.url, label: `a private redis-server on 127.0.0.1:${redis.port}` },
      bucketSeconds: 2,
      log,
    },
    async (control) => {
      const { recorder } = control;
      await waitSeconds(phase);

      recorder.enterPhase({ name: 'database stopped', databaseAway: true });
      let t = Date.now();
      await postgres.stop();
      control.note(`PostgreSQL stopped (fast shutdown) in ${Date.now() - t} ms`);
      await waitSeconds(phase);
      t = Date.now();
      await postgres.start();
      recorder.enterPhase({ name: 'database back' });
      control.note(`PostgreSQL accepting connections again after ${Date.now() - t} ms; the instances logged ${['instance-a', 'instance-b'].map((n) => `${logLines(control, n, 'database unavailable')} (${n})`).join(' and ')} "database unavailable" lines`);
      await waitSeconds(phase);

      const victim = control.servers.get('instance-b');
      if (!victim) throw new Error('no instance-b');
      recorder.enterPhase({ name: 'instance-b killed' });
      await victim.kill();
      control.note(`instance-b (pid ${victim.pid}) killed with SIGKILL; the clients retry its requests on instance-a`);
      await waitSeconds(phase);
      recorder.enterPhase({ name: 'instance-b starting' });
      t = Date.now();
      await control.restart('instance-b');
      control.note(`instance-b started again on its address, healthy after ${((Date.now() - t) / 1000).toFixed(1)} s`);
      recorder.enterPhase({ name: 'both instances' });
      await waitSeconds(phase / 2);

      recorder.enterPhase({ name: 'redis stopped' });
      await redis.stop();
      await waitSeconds(phase);
      control.note(`Redis stopped; the instances logged "Redis cannot be reached" ${['instance-a', 'instance-b'].map((n) => `${logLines(control, n, 'Redis cannot be reached')}×`).join(' and ')}`);
      await redis.start();
      recorder.enterPhase({ name: 'redis back' });
      await waitSeconds(phase);
      control.note(`Redis started again; "Redis is reachable again" logged ${['instance-a', 'instance-b'].map((n) => `${logLines(control, n, 'Redis is reachable again')}×`).join(' and ')}`);
    },
  );
  writeReport(report, log);
  return report.checks.passed ? 0 : 1;
};

runScript('faults', main);
