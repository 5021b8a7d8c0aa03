import type { Priority } from './policy';
import { indexedOf, nearestClock, stateOf, type SlaState, type SlaTimes } from './clocks';
import type { StatusRef } from '../services/views';

/** A ticket's service level as every listing and get_ticket show it: the due facts and the state now. */
export interface SlaView {
  /** null when no clock runs (resolved, closed, or paused with the first response given). */
  state: SlaState | null;
  first_response_due_at: string | null;
  first_responded_at: string | null;
  resolution_due_at: string | null;
  /** The resolution clock is paused (Waiting on Customer): resolution_due_at moves on by the time spent paused. */
  paused: boolean;
}

const isoOf = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** null for a ticket opened before service levels existed: it has no targets. */
export const slaViewOf = (t: SlaTimes, kind: StatusRef['kind'] | null, now: Date): SlaView | null => {
  if (t.first_response_due_at === null && t.resolution_due_at === null) return null;
  return {
    state: stateOf(indexedOf(t), now),
    first_response_due_at: isoOf(t.first_response_due_at),
    first_responded_at: isoOf(t.first_responded_at),
    resolution_due_at: isoOf(t.resolution_due_at),
    paused: kind === 'pending' && t.resolution_held_at !== null,
  };
};

const MINUTE = 60_000;

/** "45 min", "2 h", "3 d": how a person says a span, rounded down (never rounds "59 min" up to "1 h"). */
export const spanInWords = (ms: number): string => {
  const minutes = Math.max(1, Math.floor(Math.abs(ms) / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
};

/** Why a ticket is the one to take now, in words: "First response is 2 h overdue (High)". */
export const reasonFor = (t: SlaTimes, priority: Priority, now: Date): string => {
  const nearest = nearestClock(t);
  if (!nearest) return `No service-level clock is running on it; it is the oldest of the highest priority open tickets (${priority})`;
  const what = nearest.which === 'first_response' ? 'First response' : 'Resolution';
  const left = nearest.due.getTime() - now.getTime();
  return left <= 0
    ? `${what} is ${spanInWords(left)} overdue (${priority})`
    : `${what} is due in ${spanInWords(left)} (${priority})`;
};
