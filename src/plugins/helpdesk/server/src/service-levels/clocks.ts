import type { StatusRef } from '../services/views';
import { hoursToMs, type TimeCounter } from './business-time';
import type { Priority, ServiceLevels } from './policy';

type Kind = StatusRef['kind'];
export type SlaState = 'ok' | 'due_soon' | 'breached';
export type SlaClock = 'first_response' | 'resolution';

/**
 * A ticket's two service-level clocks as stored on it. `*_warn_at` is when under 20% of the target is left;
 * `*_held_at` is when a clock stopped counting (Waiting on Customer, resolved, closed), so that on resuming the time
 * that was left is given back; `*_breach_recorded_at` makes the breach event happen once.
 */
export interface SlaTimes {
  first_response_due_at: Date | null;
  first_response_warn_at: Date | null;
  first_response_held_at: Date | null;
  first_responded_at: Date | null;
  first_response_breach_recorded_at: Date | null;
  resolution_due_at: Date | null;
  resolution_warn_at: Date | null;
  resolution_held_at: Date | null;
  resolution_breach_recorded_at: Date | null;
}

/**
 * What the lists filter and sort on, derived from the clocks that run: the nearest due time, the nearest warning
 * time, and the nearest due time whose breach is not on record yet (what the sweep looks for).
 */
export interface SlaIndexed {
  sla_due_at: Date | null;
  sla_warn_at: Date | null;
  sla_breach_check_at: Date | null;
}

export const SLA_TIME_COLUMNS = [
  'first_response_due_at',
  'first_response_warn_at',
  'first_response_held_at',
  'first_responded_at',
  'first_response_breach_recorded_at',
  'resolution_due_at',
  'resolution_warn_at',
  'resolution_held_at',
  'resolution_breach_recorded_at',
] as const satisfies ReadonlyArray<keyof SlaTimes>;
export const SLA_INDEXED_COLUMNS = ['sla_due_at', 'sla_warn_at', 'sla_breach_check_at'] as const satisfies ReadonlyArray<keyof SlaIndexed>;

export const NO_SLA: SlaTimes = Object.fromEntries(SLA_TIME_COLUMNS.map((c) => [c, null])) as unknown as SlaTimes;

/** How much of a target may be left when it becomes "due soon". */
const DUE_SOON_SHARE = 0.2;

const min = (dates: Array<Date | null>): Date | null =>
  dates.reduce<Date | null>((a, b) => (b === null ? a : a === null || b.getTime() < a.getTime() ? b : a), null);

interface ClockFields {
  due: Date | null;
  warn: Date | null;
  held: Date | null;
  breachRecorded: Date | null;
  met: boolean;
}

const clock = (t: SlaTimes, which: SlaClock): ClockFields =>
  which === 'first_response'
    ? { due: t.first_response_due_at, warn: t.first_response_warn_at, held: t.first_response_held_at, breachRecorded: t.first_response_breach_recorded_at, met: t.first_responded_at !== null }
    : { due: t.resolution_due_at, warn: t.resolution_warn_at, held: t.resolution_held_at, breachRecorded: t.resolution_breach_recorded_at, met: false };

/** Whether a clock is counting now: it has a target, is not met and is not held. */
export const isRunning = (t: SlaTimes, which: SlaClock): boolean => {
  const c = clock(t, which);
  return c.due !== null && c.held === null && !c.met;
};

export const indexedOf = (t: SlaTimes): SlaIndexed => {
  const running = (['first_response', 'resolution'] as const).filter((which) => isRunning(t, which)).map((which) => clock(t, which));
  return {
    sla_due_at: min(running.map((c) => c.due)),
    sla_warn_at: min(running.map((c) => c.warn)),
    sla_breach_check_at: min(running.filter((c) => c.breachRecorded === null).map((c) => c.due)),
  };
};

/** The clocks of a new ticket: both start now, with the policy's targets for its priority. */
export const startClocks = (levels: ServiceLevels, counter: TimeCounter, priority: Priority, now: Date): SlaTimes => {
  const { firstResponseHours, resolutionHours } = levels.targets[priority];
  const first = hoursToMs(firstResponseHours);
  const resolution = hoursToMs(resolutionHours);
  return {
    ...NO_SLA,
    first_response_due_at: counter.add(now, first),
    first_response_warn_at: counter.add(now, first * (1 - DUE_SOON_SHARE)),
    resolution_due_at: counter.add(now, resolution),
    resolution_warn_at: counter.add(now, resolution * (1 - DUE_SOON_SHARE)),
  };
};

const COUNTING_KINDS: Record<SlaClock, ReadonlySet<Kind>> = {
  // The first answer is owed while the ticket is open, Waiting on Customer included.
  first_response: new Set<Kind>(['new', 'open', 'pending']),
  // Waiting on Customer pauses the resolution clock; resolved and closed stop it.
  resolution: new Set<Kind>(['new', 'open']),
};

/**
 * A clock held at `held` resumes at `now` with the counted time it had left: the time spent held is added back. A
 * clock that had already run out when it was held stays as it was (overdue): the pause saves only time that was left.
 */
const resume = (due: Date, warn: Date | null, held: Date, now: Date, counter: TimeCounter): { due: Date; warn: Date | null } => {
  const left = counter.between(held, due);
  if (left <= 0) return { due, warn };
  const warnLeft = warn ? counter.between(held, warn) : 0;
  return { due: counter.add(now, left), warn: warnLeft > 0 ? counter.add(now, warnLeft) : now };
};

/**
 * The clocks after the ticket moves to a status of kind `to`. Waiting on Customer never pauses a resolution clock
 * that has already run out (a breach cannot be parked); resolving stops both clocks, and reopening resumes them.
 */
export const afterStatusChange = (t: SlaTimes, to: Kind, now: Date, counter: TimeCounter): SlaTimes => {
  const next = { ...t };
  for (const which of ['first_response', 'resolution'] as const) {
    const c = clock(t, which);
    if (c.due === null || c.met) continue;
    const overdue = c.due.getTime() <= now.getTime();
    const shouldCount = COUNTING_KINDS[which].has(to) || (which === 'resolution' && to === 'pending' && c.held === null && overdue);
    const heldKey = which === 'first_response' ? 'first_response_held_at' : 'resolution_held_at';
    if (c.held === null && !shouldCount) {
      next[heldKey] = now;
    } else if (c.held !== null && shouldCount) {
      const resumed = resume(c.due, c.warn, c.held, now, counter);
      next[heldKey] = null;
      if (which === 'first_response') Object.assign(next, { first_response_due_at: resumed.due, first_response_warn_at: resumed.warn });
      else Object.assign(next, { resolution_due_at: resumed.due, resolution_warn_at: resumed.warn });
    }
  }
  return next;
};

/** The first public answer by staff meets the first-response target (late or not); later replies change nothing. */
export const afterFirstResponse = (t: SlaTimes, now: Date): SlaTimes =>
  t.first_responded_at === null ? { ...t, first_responded_at: now, first_response_held_at: null } : t;

/** ok, due soon (under 20% of a running target left) or breached (a running target past due); null when none runs. */
export const stateOf = (indexed: SlaIndexed, now: Date): SlaState | null => {
  if (indexed.sla_due_at === null) return null;
  if (indexed.sla_due_at.getTime() <= now.getTime()) return 'breached';
  if (indexed.sla_warn_at !== null && indexed.sla_warn_at.getTime() <= now.getTime()) return 'due_soon';
  return 'ok';
};

/** The running clock that is due first: the one a person should act on. */
export const nearestClock = (t: SlaTimes): { which: SlaClock; due: Date } | null => {
  const running = (['first_response', 'resolution'] as const)
    .filter((which) => isRunning(t, which))
    .map((which) => ({ which, due: clock(t, which).due as Date }));
  return running.sort((a, b) => a.due.getTime() - b.due.getTime())[0] ?? null;
};

/** The running clocks that are past due and whose breach is not on record yet. */
export const unrecordedBreaches = (t: SlaTimes, now: Date): SlaClock[] =>
  (['first_response', 'resolution'] as const).filter((which) => {
    const c = clock(t, which);
    return isRunning(t, which) && c.breachRecorded === null && (c.due as Date).getTime() <= now.getTime();
  });
