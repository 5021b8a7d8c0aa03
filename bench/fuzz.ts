import fs from 'fs';
import os from 'os';
import path from 'path';
import { APP_DIR } from './database';
import { UsageError, isShuttingDown, runScript } from './exit-cleanup';
import { closeConnections } from './fuzz/http';
import { freshSeed } from './fuzz/random';
import { runDatabase, type DatabaseResult } from './fuzz/run-database';

/**
 * `npm run fuzz -- [--count 10000] [--seed S] [--database sqlite|postgres|both] [--only rest|mcp] [--max-seconds 900]`:
 * mutated REST bodies, JSON-RPC messages and token requests against the help desk on fresh databases, judged for
 * 5xx answers, unstructured errors, leaks, prototype pollution, a crash, and data changed by a refused request.
 * Loopback only; it stops its servers and drops its databases however it ends. Writes bench/results/fuzz-*.json.
 */

interface Options {
  count: number;
  seed: number;
  databases: Array<'sqlite' | 'postgres'>;
  only: 'rest' | 'mcp' | null;
  maxSeconds: number;
}

const USAGE = 'usage: npm run fuzz -- [--count N] [--seed S] [--database sqlite|postgres|both] [--only rest|mcp] [--max-seconds S]';

const parseOptions = (argv: string[]): Options => {
  const options: Options = { count: 10_000, seed: freshSeed(), databases: ['sqlite', 'postgres'], only: null, maxSeconds: 900 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const whole = (v: string, min: number) => {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number of at least ${min}\n${USAGE}`);
      return n;
    };
    if (flag === '--count') options.count = whole(value(), 1);
    else if (flag === '--seed') options.seed = whole(value(), 0);
    else if (flag === '--max-seconds') options.maxSeconds = whole(value(), 1);
    else if (flag === '--database') {
      const v = value();
      if (v === 'both') options.databases = ['sqlite', 'postgres'];
      else if (v === 'sqlite' || v === 'postgres') options.databases = [v];
      else throw new UsageError(`--database must be sqlite, postgres or both\n${USAGE}`);
    } else if (flag === '--only') {
      const v = value();
      if (v !== 'rest' && v !== 'mcp') throw new UsageError(`--only must be rest or mcp\n${USAGE}`);
      options.only = v;
    } else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
};

const log = (message: string) => process.stdout.write(`${message}\n`);

const top = (counts: Record<string, number>, n: number): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const summaryOf = (results: DatabaseResult[], options: Options): string => {
  const lines = [`fuzz summary (seed ${options.seed}${options.only ? `, only ${options.only}` : ''})`];
  for (const r of results) {
    const rate = r.seconds > 0 ? r.requests / r.seconds : 0;
    lines.push(
      `  ${r.client.padEnd(8)} ${String(r.requests).padStart(6)} requests in ${r.seconds.toFixed(0)} s (${rate.toFixed(0)}/s, start-up ${r.startupSeconds.toFixed(0)} s): ` +
        `${r.accepted} accepted (${r.acceptedThatChangedData} changed data), ${r.rejected} refused, ${r.failureCount} failures`,
    );
    lines.push(`           HTTP: ${top(r.byStatus, 12)}`);
    lines.push(`           refusals: ${top(r.byRejection, 8)}`);
    const logged = Object.values(r.serverLogErrors).reduce((n, c) => n + c, 0);
    lines.push(`           sentinel checks ${r.sentinelChecks}, server alive at the end: ${r.serverAliveAtEnd ? 'yes' : 'NO'}, error lines in its log: ${logged}${logged ? ` (${top(r.serverLogErrors, 3)})` : ''}`);
    for (const [kind, n] of Object.entries(r.byFailure).sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`           ${String(n).padStart(5)} × ${kind}`);
    if (r.stoppedEarly) lines.push(`           stopped early: ${r.stoppedEarly}`);
    for (const f of r.failures.slice(0, 10)) lines.push(`           FAILURE #${f.index} ${f.seed} [${f.mutations.join('; ')}]: ${f.reason.slice(0, 200)}`);
  }
  const failures = results.reduce((n, r) => n + r.failureCount, 0);
  if (isShuttingDown()) lines.push(`INTERRUPTED: partial results, ${failures} failures so far`);
  else lines.push(failures === 0 ? 'PASS: no 5xx, no crash, no unstructured error, no change from a refused request' : `FAIL: ${failures} failures; replay with --seed ${options.seed}`);
  return lines.join('\n');
};

const main = async (): Promise<number> => {
  const options = parseOptions(process.argv.slice(2));
  const resultsDir = path.join(APP_DIR, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  log(`fuzz: ${options.count} requests over ${options.databases.join(' and ')}, seed ${options.seed} (replay: npm run fuzz -- --seed ${options.seed} --count ${options.count}${options.databases.length === 1 ? ` --database ${options.databases[0]}` : ''})`);
  const startedAt = new Date();
  const results: DatabaseResult[] = [];
  // The count is split over the databases; each replays the same sequence of mutations from the seed.
  const share = Math.ceil(options.count / options.databases.length);
  for (const client of options.databases) {
    if (isShuttingDown()) break;
    results.push(await runDatabase({ client, count: share, seed: options.seed, only: options.only, maxSeconds: options.maxSeconds, resultsDir, log }));
  }
  closeConnections();
  const summary = summaryOf(results, options);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    machine: { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg() },
    results,
  };
  const stamp = report.finishedAt.replace(/[:.]/g, '-');
  const json = JSON.stringify(report, null, 2);
  fs.writeFileSync(path.join(resultsDir, `fuzz-${stamp}.json`), json);
  fs.writeFileSync(path.join(resultsDir, 'fuzz-latest.json'), json);
  log(`\n${summary}\n\nwritten: bench/results/fuzz-${stamp}.json (also fuzz-latest.json)`);
  if (isShuttingDown()) return 130;
  return results.some((r) => r.failureCount > 0) ? 1 : 0;
};

runScript('fuzz', main);
