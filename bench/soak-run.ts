import fs from 'fs';
import os from 'os';
import path from 'path';
import { APP_DIR } from './database';
import { onCleanup } from './exit-cleanup';
import { seedDemoHelpDesk, type FreshDatabase, type HelpDeskFixture } from './fresh-help-desk';
import { startServer, type RunningServer } from './servers';
import type { Instance } from './soak-client';
import { Recorder } from './soak-record';
import { buildReport, formatReport, renderSoakSvg, type RunReport } from './soak-report';
import { Traffic, newRunId } from './soak-traffic';
import { openDatabase, verifyRun } from './soak-verify';

/**
 * One run of traffic against the help desk, shared by `npm run soak` and `npm run faults`: seed a fresh database,
 * start the instances (production mode, their own processes), drive them while `schedule` runs (a plain wait, or a
 * sequence of faults), then check the database and write the report. Everything it starts is stopped by the
 * exit-cleanup registry, whatever happens.
 */

export interface RunOptions {
  script: 'soak' | 'faults';
  instances: number;
  concurrency: number;
  database: FreshDatabase;
  redis: { url: string; label: string } | null;
  /** Latency and throughput are summarised per bucket of this many seconds. */
  bucketSeconds: number;
  log: (message: string) => void;
}

/** What a schedule may do while the traffic runs. */
export interface RunControl {
  recorder: Recorder;
  /** The running servers, by name; a killed one stays in the list until it is started again. */
  servers: Map<string, RunningServer>;
  /** Starts a stopped or killed instance again on its address. */
  restart(name: string): Promise<void>;
  /** A line for the report (what a fault did, what the servers logged about it). */
  note(text: string): void;
  logDir: string;
  log: (message: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const waitSeconds = (seconds: number) => sleep(seconds * 1000);

export const resultsDir = path.join(APP_DIR, 'bench', 'results');

export const runTraffic = async (options: RunOptions, schedule: (control: RunControl) => Promise<void>): Promise<RunReport> => {
  const { log } = options;
  const runId = newRunId();
  const logDir = path.join(resultsDir, `${options.script}-logs`);
  fs.mkdirSync(logDir, { recursive: true });
  const env: Record<string, string> = {
    ...options.database.env,
    ...(options.redis ? { REDIS_URL: options.redis.url, HELPDESK_REDIS_PREFIX: `helpdesk-${options.script}-${runId}` } : {}),
  };
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();

  log(`seeding ${options.database.label} (the demo help desk and a key per account)…`);
  const fixture: HelpDeskFixture = await seedDemoHelpDesk(env, `${options.script} ${runId}`);
  log(`  ${fixture.callers.length} accounts (${fixture.callers.filter((c) => c.role === 'user').length} users, ${fixture.callers.filter((c) => c.role === 'staff').length} staff, ${fixture.callers.filter((c) => c.role === 'admin').length} admin), ${fixture.ticketIds.length} tickets`);

  const servers = new Map<string, RunningServer>();
  const names = Array.from({ length: options.instances }, (_, i) => `instance-${String.fromCharCode(97 + i)}`);
  const start = async (name: string, port?: number) => {
    const server = await startServer({ kind: 'helpdesk', env, logDir, name, ...(port ? { port, appendLog: true } : {}) });
    servers.set(name, server);
    onCleanup(`stop ${name}`, () => server.stop());
    return server;
  };
  log(`starting ${names.length} instance${names.length > 1 ? 's' : ''} (production mode)…`);
  const started = await Promise.all(names.map((name) => start(name)));
  const instances: Instance[] = started.map((s) => ({ name: s.name, baseUrl: s.baseUrl }));
  for (const s of started) log(`  ${s.name} ${s.baseUrl} pid ${s.pid}`);

  const recorder = new Recorder(options.bucketSeconds);
  const traffic = new Traffic({ fixture, instances, concurrency: options.concurrency, recorder, runId });
  await traffic.prime();
  const sampleMemory = () => recorder.sample(Object.fromEntries([...servers].map(([name, s]) => [name, s.rssMb()])));
  const sampler = setInterval(sampleMemory, 2_000);
  onCleanup('stop the memory sampler', async () => clearInterval(sampler));

  log(`traffic: ${options.concurrency} clients, run ${runId}…`);
  traffic.start();
  sampleMemory();
  const notes: string[] = [];
  const control: RunControl = {
    recorder,
    note: (text) => {
      notes.push(text);
      log(`  note: ${text}`);
    },
    logDir,
    servers,
    restart: async (name) => {
      const old = servers.get(name);
      if (!old) throw new Error(`no instance ${name}`);
      const port = Number(new URL(old.baseUrl).port);
      await start(name, port);
    },
    log,
  };
  const progress = setInterval(() => {
    const ops = [...recorder.operations.values()].reduce((n, o) => n + o.ok, 0);
    log(`  ${recorder.now().toFixed(0)} s, ${recorder.phase.name}: ${ops} operations ok, ${traffic.knownTickets} tickets known, 5xx unplanned ${recorder.unexpectedCount}`);
  }, 15_000);
  try {
    await schedule(control);
  } finally {
    clearInterval(progress);
    log('stopping the traffic…');
    await traffic.stop();
    recorder.finish();
    clearInterval(sampler);
    sampleMemory();
  }
  const seconds = recorder.now();

  log('checking the database…');
  const db = openDatabase(env);
  let verify;
  try {
    verify = await verifyRun(db, fixture.tables, recorder, runId);
  } finally {
    await db.destroy();
  }
  const report = buildReport(
    {
      script: options.script,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      database: options.database.label,
      redis: options.redis?.label ?? 'none',
      instances: options.instances,
      concurrency: options.concurrency,
      seconds,
      machine: { node: process.version, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverageAtStart },
    },
    recorder,
    verify,
    notes,
  );
  return report;
};

/** Writes `<script>-<time>.json/.svg` and `<script>-latest.json/.svg` under bench/results/ and prints the summary. */
export const writeReport = (report: RunReport, log: (message: string) => void): void => {
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = `${report.setup.script}-${report.setup.finishedAt.replace(/[:.]/g, '-')}`;
  const json = JSON.stringify(report, null, 2);
  const svg = renderSoakSvg(report);
  for (const name of [stamp, `${report.setup.script}-latest`]) {
    fs.writeFileSync(path.join(resultsDir, `${name}.json`), json);
    fs.writeFileSync(path.join(resultsDir, `${name}.svg`), svg);
  }
  log(`\n${formatReport(report)}\n\nwritten: bench/results/${stamp}.json and .svg (also ${report.setup.script}-latest.json, .svg)`);
};
