import type { Answer, Channel } from './soak-client';

/**
 * What a soak run saw, as it happened: every HTTP exchange (an attempt), what each logical operation came to after
 * its retries, the writes the server acknowledged (to be found in the database afterwards), and memory over time.
 * Only aggregates are kept for latencies beyond the per-kind samples, so a ten-minute run stays small.
 */

export type OperationKind = 'list' | 'get' | 'create' | 'reply' | 'status' | 'assign';
export const OPERATION_KINDS: OperationKind[] = ['list', 'get', 'create', 'reply', 'status', 'assign'];

/** A stretch of the run with a name (steady, database stopped, …) and what answers it expects. */
export interface Phase {
  name: string;
  /** `unavailable` answers (REST 503, MCP code unavailable) are the planned answer here, not a failure. */
  databaseAway?: boolean;
}

export interface AckedCreate {
  ticketId: string;
  subject: string;
  submitterId: string;
  attempts: number;
  /** The answer was the first attempt's result, returned again for the retry's Idempotency-Key. */
  deduplicated: boolean;
}
export interface AckedReply {
  replyId: string;
  ticketId: string;
  body: string;
  attempts: number;
  deduplicated: boolean;
}
export interface AckedStatus {
  ticketId: string;
  status: string;
}
export interface AckedAssign {
  ticketId: string;
  /** What the ticket's history records as the new assignment: the user's name, `group <name>`, or null. */
  to: string | null;
}

/** A write whose outcome the client never learned (connection lost, then it gave up): may or may not be stored. */
export interface UnknownWrite {
  kind: 'create' | 'reply';
  marker: string;
}

interface OperationTally {
  ok: number;
  /** Final answers that were not a success, by label (4xx are expected now and then: stale knowledge of a ticket). */
  refused: Record<string, number>;
  abandoned: number;
  /** Cut off by the end of the run before an answer that counts. */
  stopped: number;
  retried: number;
  deduplicated: number;
}

export interface Sample {
  /** Seconds since the traffic started. */
  t: number;
  rssMb: Record<string, number | null>;
}

export interface Bucket {
  /** Seconds since the start of the traffic, at the bucket's start. */
  t: number;
  okLatencies: number[];
  answered: number;
  failedToConnect: number;
  /** `unavailable` answers while the database was planned away. */
  plannedUnavailable: number;
  /** Every other 5xx: what fails the run. */
  unexpectedServerErrors: number;
}

/** An answer that fails the run: a 5xx where none was planned. Kept with enough context to chase it. */
export interface Unexpected {
  t: number;
  phase: string;
  instance: string;
  channel: Channel;
  kind: OperationKind | 'initialize';
  label: string;
}

export class Recorder {
  readonly started = performance.now();
  private current: Phase = { name: 'steady' };
  readonly phases: Array<Phase & { from: number; to: number | null }> = [{ name: 'steady', from: 0, to: null }];
  /** phase → answer label → count, every attempt. */
  readonly answers = new Map<string, Map<string, number>>();
  readonly operations = new Map<string, OperationTally>();
  /** `${kind} ${channel}` → latencies (ms) of attempts answered with success. */
  readonly latencies = new Map<string, number[]>();
  readonly buckets: Bucket[] = [];
  readonly unexpected: Unexpected[] = [];
  unexpectedCount = 0;
  missingRetryAfter = 0;
  readonly acked = { creates: [] as AckedCreate[], replies: [] as AckedReply[], statuses: [] as AckedStatus[], assigns: [] as AckedAssign[] };
  readonly unknownWrites: UnknownWrite[] = [];
  readonly samples: Sample[] = [];

  constructor(readonly bucketSeconds: number) {}

  /** Seconds since the start. */
  now(): number {
    return (performance.now() - this.started) / 1000;
  }

  get phase(): Phase {
    return this.current;
  }

  enterPhase(phase: Phase): void {
    const t = this.now();
    const open = this.phases[this.phases.length - 1];
    if (open) open.to = t;
    this.phases.push({ ...phase, from: t, to: null });
    this.current = phase;
  }

  finish(): void {
    const open = this.phases[this.phases.length - 1];
    if (open && open.to === null) open.to = this.now();
  }

  private bucketAt(t: number): Bucket {
    const index = Math.floor(t / this.bucketSeconds);
    for (let i = this.buckets.length; i <= index; i += 1) {
      this.buckets.push({ t: i * this.bucketSeconds, okLatencies: [], answered: 0, failedToConnect: 0, plannedUnavailable: 0, unexpectedServerErrors: 0 });
    }
    return this.buckets[index] as Bucket;
  }

  /** One HTTP exchange. `sentIn` is the phase when it was sent: a request sent while the database was away may be answered after it is back. */
  attempt(input: { sentIn: Phase; instance: string; channel: Channel; kind: OperationKind | 'initialize'; ms: number; answer: Answer }): void {
    const { answer } = input;
    const t = this.now();
    const phaseName = this.current.name;
    const perPhase = this.answers.get(phaseName) ?? new Map<string, number>();
    this.answers.set(phaseName, perPhase);
    perPhase.set(answer.label, (perPhase.get(answer.label) ?? 0) + 1);

    const bucket = this.bucketAt(t);
    if (answer.transport) bucket.failedToConnect += 1;
    else bucket.answered += 1;
    if (answer.ok && input.kind !== 'initialize') {
      bucket.okLatencies.push(input.ms);
      const key = `${input.kind} ${input.channel}`;
      const list = this.latencies.get(key) ?? [];
      list.push(input.ms);
      this.latencies.set(key, list);
    }
    if (answer.missingRetryAfter) this.missingRetryAfter += 1;

    const planned = answer.unavailable && (Boolean(input.sentIn.databaseAway) || Boolean(this.current.databaseAway));
    if (planned) bucket.plannedUnavailable += 1;
    if (answer.serverError && !planned) {
      bucket.unexpectedServerErrors += 1;
      this.unexpectedCount += 1;
      if (this.unexpected.length < 50) {
        this.unexpected.push({ t, phase: phaseName, instance: input.instance, channel: input.channel, kind: input.kind, label: answer.label });
      }
    }
  }

  private tally(kind: OperationKind, channel: Channel): OperationTally {
    const key = `${kind} ${channel}`;
    let tally = this.operations.get(key);
    if (!tally) {
      tally = { ok: 0, refused: {}, abandoned: 0, stopped: 0, retried: 0, deduplicated: 0 };
      this.operations.set(key, tally);
    }
    return tally;
  }

  /** What one logical operation came to after its retries. */
  operation(kind: OperationKind, channel: Channel, outcome: { result: 'ok' | 'refused' | 'abandoned' | 'stopped'; label?: string; attempts: number; deduplicated?: boolean }): void {
    const tally = this.tally(kind, channel);
    if (outcome.attempts > 1) tally.retried += 1;
    if (outcome.deduplicated) tally.deduplicated += 1;
    if (outcome.result === 'ok') tally.ok += 1;
    else if (outcome.result === 'refused') tally.refused[outcome.label ?? '?'] = (tally.refused[outcome.label ?? '?'] ?? 0) + 1;
    else if (outcome.result === 'abandoned') tally.abandoned += 1;
    else tally.stopped += 1;
  }

  sample(rssMb: Record<string, number | null>): void {
    this.samples.push({ t: this.now(), rssMb });
  }
}
