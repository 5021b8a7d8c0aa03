import { z } from 'zod';
import { PRIORITIES } from '../validation/tickets';

export type Priority = (typeof PRIORITIES)[number];
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const hours = (what: string) =>
  z
    .number({ message: 'must be a number of hours' })
    .min(0.25, `the ${what} target must be at least 0.25 hours (15 minutes)`)
    .max(8760, `the ${what} target must be at most 8760 hours (a year)`);

const target = z.strictObject({
  firstResponseHours: hours('first-response').describe('Hours from opening until the first public reply by staff.'),
  resolutionHours: hours('resolution').describe('Hours from opening until the ticket is resolved.'),
});

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clockTime = z.string().regex(CLOCK_TIME, 'must be a time of day as HH:MM, e.g. 09:00');
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const openingHours = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((day) => !CLOCK_TIME.test(day.start) || !CLOCK_TIME.test(day.end) || minutesOf(day.start) < minutesOf(day.end), { message: 'end must be later than start', path: ['end'], params: { rule: 'after_start' } });

/** An IANA zone this server's Intl knows ("Europe/Paris", "UTC"); its offsets, DST included, come from Intl. */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const week = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, openingHours.nullable().describe(`Opening hours on ${day}, or null when closed.`)])) as Record<
    Weekday,
    z.ZodNullable<typeof openingHours>
  >,
);

/**
 * What an admin promises per priority (Help Desk settings). Counted in business hours, a target only runs while
 * the schedule is open in its time zone; holidays are not modelled.
 */
export const serviceLevelsSchema = z.strictObject({
  targets: z.strictObject(Object.fromEntries(PRIORITIES.map((p) => [p, target])) as Record<Priority, typeof target>),
  businessHours: z
    .strictObject({
      enabled: z.boolean(),
      timeZone: z.string().max(100).refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Paris or UTC', params: { rule: 'time_zone' } }),
      week,
    })
    .refine((b) => !b.enabled || WEEKDAYS.some((day) => b.week[day] !== null), {
      message: 'counting in business hours needs at least one open day',
      path: ['week'],
      params: { rule: 'open_day' },
    }),
});
export type ServiceLevels = z.infer<typeof serviceLevelsSchema>;

const nineToFive = { start: '09:00', end: '17:00' };

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  targets: {
    Critical: { firstResponseHours: 1, resolutionHours: 4 },
    High: { firstResponseHours: 4, resolutionHours: 24 },
    Medium: { firstResponseHours: 8, resolutionHours: 72 },
    Low: { firstResponseHours: 24, resolutionHours: 120 },
  },
  businessHours: {
    enabled: false,
    timeZone: 'UTC',
    week: { sunday: null, monday: nineToFive, tuesday: nineToFive, wednesday: nineToFive, thursday: nineToFive, friday: nineToFive, saturday: null },
  },
};
