import { OPERATION_KINDS, type Bucket, type Recorder } from './soak-record';
import type { VerifyReport } from './soak-verify';

/**
 * The soak's and the faults run's summary: a text for the terminal, the same figures as JSON, and an SVG of latency,
 * throughput and memory over time, drawn by hand like report.ts (no chart library).
 */

export interface RunSetup {
  script: 'soak' | 'faults';
  startedAt: string;
  finishedAt: string;
  database: string;
  redis: string;
  instances: number;
  concurrency: number;
  seconds: number;
  machine: { node: string; cpus: number; memoryGb: number; loadAverageAtStart: number[] };
}

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RunReport {
  setup: RunSetup;
  /** What the schedule did and saw (faults: what the servers logged about each one). */
  notes: string[];
  phases: Array<{ name: string; from: number; to: number | null; databaseAway: boolean }>;
  answersByPhase: Record<string, Record<string, number>>;
  operations: Record<string, { ok: number; refused: Record<string, number>; abandoned: number; stopped: number; retried: number; deduplicated: number }>;
  latencyMs: Record<string, Percentiles>;
  /** Width of the time buckets of `overTime`, in seconds. */
  bucketSeconds: number;
  overTime: Array<{
    t: number;
    okPerSecond: number;
    p50: number | null;
    p99: number | null;
    failedToConnect: number;
    plannedUnavailable: number;
    unexpectedServerErrors: number;
  }>;
  rssMb: { samples: Array<{ t: number; rssMb: Record<string, number | null> }>; byInstance: Record<string, { first: number; max: number; last: number }> };
  checks: {
    verify: VerifyReport;
    unexpectedServerErrors: number;
    unexpectedExamples: Recorder['unexpected'];
    missingRetryAfter: number;
    passed: boolean;
  };
}

const percentiles = (values: number[]): Percentiles => {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  return { count: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted[sorted.length - 1] as number) };
};

const round = (n: number) => Math.round(n * 10) / 10;

export const buildReport = (setup: RunSetup, recorder: Recorder, verify: VerifyReport, notes: string[] = []): RunReport => {
  const latencyMs: Record<string, Percentiles> = {};
  for (const kind of OPERATION_KINDS) {
    for (const channel of ['rest', 'mcp']) {
      const values = recorder.latencies.get(`${kind} ${channel}`);
      if (values) latencyMs[`${kind} ${channel}`] = percentiles(values);
    }
  }
  latencyMs.all = percentiles([...recorder.latencies.values()].flat());
  const byInstance: RunReport['rssMb']['byInstance'] = {};
  for (const sample of recorder.samples) {
    for (const [name, mb] of Object.entries(sample.rssMb)) {
      if (mb === null) continue;
      const entry = byInstance[name];
      if (!entry) byInstance[name] = { first: mb, max: mb, last: mb };
      else {
        entry.max = Math.max(entry.max, mb);
        entry.last = mb;
      }
    }
  }
  const end = recorder.now();
  const overTime = recorder.buckets.map((b: Bucket) => {
    const p = percentiles(b.okLatencies);
    // The last bucket is cut short by the end of the run: its rate is over the time it covers.
    const covered = Math.max(0.5, Math.min(recorder.bucketSeconds, end - b.t));
    return {
      t: b.t,
      okPerSecond: round(b.okLatencies.length / covered),
      p50: p.count > 0 ? p.p50 : null,
      p99: p.count > 0 ? p.p99 : null,
      failedToConnect: b.failedToConnect,
      plannedUnavailable: b.plannedUnavailable,
      unexpectedServerErrors: b.unexpectedServerErrors,
    };
  });
  const answersByPhase: RunReport['answersByPhase'] = {};
  for (const [phase, labels] of recorder.answers) answersByPhase[phase] = Object.fromEntries([...labels].sort((a, b) => b[1] - a[1]));
  return {
    setup,
    notes,
    phases: recorder.phases.map((p) => ({ name: p.name, from: round(p.from), to: p.to === null ? null : round(p.to), databaseAway: Boolean(p.databaseAway) })),
    answersByPhase,
    operations: Object.fromEntries(recorder.operations),
    latencyMs,
    bucketSeconds: recorder.bucketSeconds,
    overTime,
    rssMb: { samples: recorder.samples.map((s) => ({ t: round(s.t), rssMb: s.rssMb })), byInstance },
    checks: {
      verify,
      unexpectedServerErrors: recorder.unexpectedCount,
      unexpectedExamples: recorder.unexpected,
      missingRetryAfter: recorder.missingRetryAfter,
      passed: verify.failures === 0 && recorder.unexpectedCount === 0 && recorder.missingRetryAfter === 0,
    },
  };
};

const pad = (text: string | number, width: number) => String(text).padStart(width);

/** The summary printed at the end. */
export const formatReport = (report: RunReport): string => {
  const { setup, checks } = report;
  const v = checks.verify;
  const out: string[] = [];
  out.push(
    `${setup.script}: ${setup.instances} instance${setup.instances > 1 ? 's' : ''}, ${setup.concurrency} clients, ${Math.round(setup.seconds)} s of traffic; ${setup.database}; Redis: ${setup.redis}`,
    `  ${setup.startedAt} → ${setup.finishedAt}; node ${setup.machine.node}, ${setup.machine.cpus} cores, ${setup.machine.memoryGb} GB, load average ${setup.machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')} at start`,
    '',
    'operations (after retries)      ok  refused (4xx)  abandoned  retried  deduplicated',
  );
  let total = 0;
  for (const [key, op] of Object.entries(report.operations).sort()) {
    const refused = Object.values(op.refused).reduce((a, b) => a + b, 0);
    total += op.ok + refused + op.abandoned + op.stopped;
    out.push(`  ${key.padEnd(22)} ${pad(op.ok, 9)} ${pad(refused, 14)} ${pad(op.abandoned, 10)} ${pad(op.retried, 8)} ${pad(op.deduplicated, 13)}`);
  }
  const seconds = Math.max(1, setup.seconds);
  out.push(`  ${total.toLocaleString('en-US')} operations, ${(total / seconds).toFixed(0)} per second`);
  const refusedLabels = new Map<string, number>();
  for (const op of Object.values(report.operations)) for (const [label, n] of Object.entries(op.refused)) refusedLabels.set(label, (refusedLabels.get(label) ?? 0) + n);
  if (refusedLabels.size > 0) out.push(`  refused: ${[...refusedLabels].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} × ${n}`).join(', ')}`);

  out.push('', 'latency of successful answers (ms)   count      p50      p99      max');
  for (const [key, p] of Object.entries(report.latencyMs)) {
    out.push(`  ${key.padEnd(32)} ${pad(p.count, 7)} ${pad(p.p50, 8)} ${pad(p.p99, 8)} ${pad(p.max, 8)}`);
  }

  out.push('', 'answers by phase (every HTTP exchange, retries included)');
  for (const phase of report.phases) {
    const answers = report.answersByPhase[phase.name];
    if (!answers) continue;
    const span = `${phase.from.toFixed(0)}–${phase.to === null ? '?' : phase.to.toFixed(0)} s`;
    out.push(`  ${phase.name} (${span})${phase.databaseAway ? ', database away: unavailable is the planned answer' : ''}`);
    out.push(`    ${Object.entries(answers).map(([label, n]) => `${label}: ${n}`).join(', ')}`);
  }

  if (report.notes.length > 0) out.push('', 'notes', ...report.notes.map((n) => `  ${n}`));

  out.push('', 'memory (RSS, MB)   first    max   last');
  for (const [name, r] of Object.entries(report.rssMb.byInstance)) out.push(`  ${name.padEnd(16)} ${pad(r.first, 6)} ${pad(r.max, 6)} ${pad(r.last, 6)}`);

  const line = (ok: boolean, text: string) => `  ${ok ? 'ok  ' : 'FAIL'} ${text}`;
  out.push(
    '',
    'checks',
    line(v.creates.missing.length === 0, `created tickets acknowledged ${v.creates.acknowledged}, in the database ${v.creates.found}`),
    line(v.replies.missing.length === 0, `replies acknowledged ${v.replies.acknowledged}, in the database ${v.replies.found}`),
    line(v.statuses.missing.length === 0, `status changes acknowledged ${v.statuses.acknowledged}, in the history ${v.statuses.found}`),
    line(v.assigns.missing.length === 0, `assignments acknowledged ${v.assigns.acknowledged}, in the history ${v.assigns.found}`),
    line(v.duplicates.tickets.length + v.duplicates.replies.length === 0, `stored twice after a retry: ${v.duplicates.tickets.length} tickets, ${v.duplicates.replies.length} replies`),
    line(
      v.statusChains.broken.length + v.statusChains.notCurrent.length === 0,
      `status history chains: ${v.statusChains.tickets} tickets, ${v.statusChains.rows} rows, ${v.statusChains.broken.length} broken links, ${v.statusChains.notCurrent.length} not ending at the current status`,
    ),
    line(
      v.assignmentChains.broken.length + v.assignmentChains.notCurrent.length === 0,
      `assignment history chains: ${v.assignmentChains.tickets} tickets, ${v.assignmentChains.rows} rows, ${v.assignmentChains.broken.length} broken links, ${v.assignmentChains.notCurrent.length} not ending at the current assignment`,
    ),
    line(checks.unexpectedServerErrors === 0, `5xx outside a planned database outage: ${checks.unexpectedServerErrors}`),
    line(checks.missingRetryAfter === 0, `503/429 without Retry-After: ${checks.missingRetryAfter}`),
    `  info writes whose answer was lost and never retried to success: ${v.unknownWrites.total} (stored anyway: ${v.unknownWrites.stored})`,
  );
  for (const u of checks.unexpectedExamples.slice(0, 10)) out.push(`       ${u.t.toFixed(1)} s ${u.phase} ${u.instance} ${u.kind} ${u.channel}: ${u.label}`);
  const missing = [...v.creates.missing, ...v.replies.missing, ...v.statuses.missing, ...v.assigns.missing].slice(0, 10);
  for (const m of missing) out.push(`       missing: ${m}`);
  for (const b of [...v.statusChains.broken, ...v.assignmentChains.broken].slice(0, 10)) out.push(`       broken: ticket ${b.ticketId} row ${b.auditRow}: from ${b.from}, previous to ${b.previousTo}`);
  for (const n of [...v.statusChains.notCurrent, ...v.assignmentChains.notCurrent].slice(0, 10)) out.push(`       not current: ticket ${n.ticketId}: history ends at ${n.lastTo}, ticket holds ${n.now}`);
  out.push('', checks.passed ? 'PASSED' : 'FAILED');
  return out.join('\n');
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Panel {
  title: string;
  unit: string;
  series: Array<{ label: string; color: string; points: Array<[number, number | null]> }>;
  log?: boolean;
}

/** 1, 2 or 5 times a power of ten: axis ticks people can read. */
const niceStep = (rough: number): number => {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  const scaled = rough / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
};

const COLORS = ['#1f5fa8', '#c0392b', '#2f8a2f', '#8e44ad', '#d35400', '#16a085'];

/** Three panels sharing the time axis (latency, throughput, memory), with the phases shaded behind them. */
export const renderSoakSvg = (report: RunReport): string => {
  const width = 980;
  const left = 70;
  const right = 150;
  const panelHeight = 170;
  const gap = 50;
  const top = 100;
  const end = Math.max(1, ...report.phases.map((p) => p.to ?? p.from));
  const x = (t: number) => left + (t / end) * (width - left - right);
  const { bucketSeconds } = report;
  const bucketMid = (t: number) => Math.min(end, t + bucketSeconds / 2);
  const instances = Object.keys(report.rssMb.byInstance);
  const panels: Panel[] = [
    {
      title: 'latency of successful answers (ms, log scale)',
      unit: 'ms',
      log: true,
      series: [
        { label: 'p50', color: COLORS[0] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.p50]) },
        { label: 'p99', color: COLORS[1] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.p99]) },
      ],
    },
    {
      title: `successful answers per second; other answers per ${bucketSeconds} s`,
      unit: '/s',
      series: [
        { label: 'ok / s', color: COLORS[2] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.okPerSecond]) },
        { label: 'no connection', color: COLORS[4] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.failedToConnect]) },
        { label: '503 (planned)', color: COLORS[0] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.plannedUnavailable]) },
        { label: 'unexpected 5xx', color: COLORS[1] as string, points: report.overTime.map((b) => [bucketMid(b.t), b.unexpectedServerErrors]) },
      ],
    },
    {
      title: 'resident memory of each instance (MB)',
      unit: 'MB',
      series: instances.map((name, i) => ({
        label: name,
        color: COLORS[(i + 3) % COLORS.length] as string,
        points: report.rssMb.samples.map((s) => [s.t, s.rssMb[name] ?? null] as [number, number | null]),
      })),
    },
  ];
  const height = top + panels.length * (panelHeight + gap) + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(`Open Help Desk ${report.setup.script}: ${report.setup.instances} instance(s), ${report.setup.concurrency} clients`)}</text>`,
    `<text x="10" y="38">${escapeXml(`${report.setup.database}; ${report.setup.finishedAt}; ${report.checks.passed ? 'all checks passed' : 'CHECKS FAILED'}`)}</text>`,
  ];
  panels.forEach((panel, index) => {
    const y0 = top + index * (panelHeight + gap);
    const values = panel.series.flatMap((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null && v > 0));
    const max = Math.max(panel.log ? 10 : 1, ...values);
    const min = panel.log ? Math.max(1, Math.min(...values, max)) : 0;
    const logMin = Math.floor(Math.log10(min));
    const logMax = Math.ceil(Math.log10(max));
    const y = (v: number) =>
      panel.log
        ? y0 + panelHeight - ((Math.log10(Math.max(v, 10 ** logMin)) - logMin) / Math.max(1, logMax - logMin)) * panelHeight
        : y0 + panelHeight - (v / (max * 1.05)) * panelHeight;
    // Phases in alternating shades (the database outage in red), each named above the first panel, staggered.
    report.phases.forEach((phase, i) => {
      const x1 = x(phase.from);
      const x2 = x(phase.to ?? end);
      const fill = phase.databaseAway ? '#fde2e2' : i % 2 === 1 ? '#eef2f7' : '#ffffff';
      parts.push(`<rect x="${x1}" y="${y0}" width="${Math.max(1, x2 - x1)}" height="${panelHeight}" fill="${fill}"/>`);
      if (i > 0) parts.push(`<line x1="${x1}" y1="${y0}" x2="${x1}" y2="${y0 + panelHeight}" stroke="#bbb" stroke-dasharray="3,3"/>`);
      if (index === 0 && report.phases.length > 1) {
        parts.push(`<text x="${x1 + 2}" y="${y0 - 4 - (i % 2) * 11}" fill="#555" font-size="10">${escapeXml(phase.name)}</text>`);
      }
    });
    parts.push(`<text x="${left}" y="${y0 - (index === 0 && report.phases.length > 1 ? 30 : 10)}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    parts.push(`<line x1="${left}" y1="${y0 + panelHeight}" x2="${width - right}" y2="${y0 + panelHeight}" stroke="#999"/>`);
    parts.push(`<line x1="${left}" y1="${y0}" x2="${left}" y2="${y0 + panelHeight}" stroke="#999"/>`);
    const ticks = panel.log
      ? Array.from({ length: logMax - logMin + 1 }, (_, i) => 10 ** (logMin + i))
      : Array.from({ length: Math.floor(max / niceStep(max / 4)) + 1 }, (_, i) => i * niceStep(max / 4));
    for (const tick of ticks) {
      parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${width - right}" y2="${y(tick)}" stroke="#eee"/>`);
      parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#666">${tick.toLocaleString('en-US')}</text>`);
    }
    const step = end > 600 ? 120 : end > 120 ? 30 : 10;
    for (let t = 0; t <= end; t += step) parts.push(`<text x="${x(t)}" y="${y0 + panelHeight + 14}" text-anchor="middle" fill="#666">${t} s</text>`);
    panel.series.forEach((series, i) => {
      const segments: string[][] = [[]];
      for (const [t, v] of series.points) {
        if (v === null || (panel.log && v <= 0)) segments.push([]);
        else (segments[segments.length - 1] as string[]).push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
      }
      for (const segment of segments.filter((s) => s.length > 0)) {
        parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="1.5" points="${segment.join(' ')}"/>`);
      }
      parts.push(`<rect x="${width - right + 10}" y="${y0 + i * 16}" width="10" height="10" fill="${series.color}"/>`);
      parts.push(`<text x="${width - right + 24}" y="${y0 + i * 16 + 9}">${escapeXml(series.label)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
};
