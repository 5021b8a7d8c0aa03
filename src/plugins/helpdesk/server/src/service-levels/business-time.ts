import { minutesOf, WEEKDAYS, type ServiceLevels } from './policy';

/**
 * How a service-level clock counts time: every millisecond (wall clock), or only while the weekly schedule is open
 * in its time zone. `add` finds when `ms` of counted time have passed after `from`; `between` is the counted time
 * from `a` to `b` (negative when b is earlier). Time-zone offsets, daylight saving included, come from Intl.
 */
export interface TimeCounter {
  add(from: Date, ms: number): Date;
  between(a: Date, b: Date): number;
}

export const WALL_CLOCK: TimeCounter = {
  add: (from, ms) => new Date(from.getTime() + ms),
  between: (a, b) => b.getTime() - a.getTime(),
};

/** A business-hours target longer than this many calendar days is refused rather than walked for ever. */
const MAX_DAYS = 20_000;
const MINUTE = 60_000;

interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
};

/** The zone's wall-clock fields at an instant, as if they were UTC (ms). */
const wallClockAt = (zone: string, instant: number): number => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
};

/** The zone's offset from UTC at an instant, in ms (seconds are dropped: no zone in use has them). */
const offsetAt = (zone: string, instant: number): number => wallClockAt(zone, instant) - Math.floor(instant / 1000) * 1000;

const localDateOf = (zone: string, instant: number): LocalDate => {
  const wall = new Date(wallClockAt(zone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth(), day: wall.getUTCDate(), weekday: wall.getUTCDay() };
};

/** The instant when the zone's clocks show `minutes` after midnight on a date (a time skipped by DST moves on). */
const instantOf = (zone: string, date: LocalDate, minutes: number): number => {
  const wall = Date.UTC(date.year, date.month, date.day, 0, minutes);
  const guess = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, guess);
};

const nextDate = (date: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(date.year, date.month, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth(), day: next.getUTCDate(), weekday: next.getUTCDay() };
};

export const businessHoursCounter = (hours: ServiceLevels['businessHours']): TimeCounter => {
  const zone = hours.timeZone;
  const windowOf = (date: LocalDate): [number, number] | null => {
    const day = hours.week[WEEKDAYS[date.weekday] as (typeof WEEKDAYS)[number]];
    return day ? [instantOf(zone, date, minutesOf(day.start)), instantOf(zone, date, minutesOf(day.end))] : null;
  };

  /** Each open window from the day holding `from` on, clipped to start no earlier than `from`. */
  function* windowsFrom(from: number): Generator<[number, number]> {
    let date = localDateOf(zone, from);
    for (let i = 0; i < MAX_DAYS; i += 1) {
      const window = windowOf(date);
      if (window && window[1] > from) yield [Math.max(window[0], from), window[1]];
      date = nextDate(date);
    }
    throw new Error('helpdesk: a business-hours target runs past the schedule horizon');
  }

  return {
    add(from, ms) {
      let left = Math.max(0, ms);
      for (const [open, close] of windowsFrom(from.getTime())) {
        if (left <= close - open) return new Date(open + left);
        left -= close - open;
      }
      /* c8 ignore next */
      throw new Error('unreachable');
    },
    between(a, b) {
      if (b.getTime() < a.getTime()) return -this.between(b, a);
      let counted = 0;
      for (const [open, close] of windowsFrom(a.getTime())) {
        if (open >= b.getTime()) break;
        counted += Math.min(close, b.getTime()) - open;
      }
      return counted;
    },
  };
};

export const counterFor = (levels: ServiceLevels): TimeCounter =>
  levels.businessHours.enabled ? businessHoursCounter(levels.businessHours) : WALL_CLOCK;

export const hoursToMs = (hours: number): number => Math.round(hours * 60 * MINUTE);
