import { businessHoursCounter } from '../../src/plugins/helpdesk/server/src/service-levels/business-time';
import { afterStatusChange, indexedOf, startClocks, stateOf } from '../../src/plugins/helpdesk/server/src/service-levels/clocks';
import { DEFAULT_SERVICE_LEVELS, serviceLevelsSchema } from '../../src/plugins/helpdesk/server/src/service-levels/policy';
import { reasonFor } from '../../src/plugins/helpdesk/server/src/service-levels/view';

const HOUR = 3_600_000;
const day = { start: '09:00', end: '17:00' };
const weekdays = { sunday: null, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: null };
const paris = businessHoursCounter({ enabled: true, timeZone: 'Europe/Paris', week: weekdays });

describe('business hours', () => {
  it('crosses a weekend and the change to summer time: Friday 16:00 CET + 2 h is Monday 10:00 CEST', () => {
    // 26 March 2027 is a Friday (UTC+1); clocks go forward on Sunday 28 March; Monday is UTC+2.
    expect(paris.add(new Date('2027-03-26T15:00:00Z'), 2 * HOUR).toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('starts counting at the next opening when a ticket arrives after hours', () => {
    expect(paris.add(new Date('2027-03-26T20:00:00Z'), HOUR).toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('counts between two instants what add counted, and nothing when closed', () => {
    const from = new Date('2027-03-25T10:30:00Z');
    const to = paris.add(from, 13.5 * HOUR);
    expect(paris.between(from, to)).toBe(13.5 * HOUR);
    expect(paris.between(to, from)).toBe(-13.5 * HOUR);
    expect(paris.between(new Date('2027-03-27T08:00:00Z'), new Date('2027-03-28T20:00:00Z'))).toBe(0);
  });

  it('takes a day open until midnight', () => {
    const allDay = businessHoursCounter({ enabled: true, timeZone: 'UTC', week: { ...weekdays, friday: { start: '00:00', end: '24:00' } } });
    expect(allDay.add(new Date('2027-03-26T23:00:00Z'), 2 * HOUR).toISOString()).toBe('2027-03-29T10:00:00.000Z');
  });
});

describe('the policy', () => {
  it('names each field it refuses', () => {
    const result = serviceLevelsSchema.safeParse({
      ...DEFAULT_SERVICE_LEVELS,
      targets: { ...DEFAULT_SERVICE_LEVELS.targets, Low: { firstResponseHours: 24, resolutionHours: 100_000 } },
      businessHours: { enabled: true, timeZone: 'UTC', week: { ...weekdays, monday: null, tuesday: null, wednesday: null, thursday: null, friday: { start: '9:00', end: '17:00' } } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['targets.Low.resolutionHours', 'businessHours.week.friday.start']);
    const closed = serviceLevelsSchema.safeParse({ ...DEFAULT_SERVICE_LEVELS, businessHours: { enabled: true, timeZone: 'UTC', week: { ...weekdays, monday: null, tuesday: null, wednesday: null, thursday: null, friday: null } } });
    expect(closed.error?.issues.map((i) => i.path.join('.'))).toEqual(['businessHours.week']);
  });
});

describe('the clocks', () => {
  const wall = { add: (from: Date, ms: number) => new Date(from.getTime() + ms), between: (a: Date, b: Date) => b.getTime() - a.getTime() };
  const opened = new Date('2027-01-04T10:00:00Z');
  const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);

  it('never pauses a resolution clock that has already run out in Waiting on Customer', () => {
    const clocks = { ...startClocks(DEFAULT_SERVICE_LEVELS, wall, 'Critical', opened), first_responded_at: at(0.5) };
    const waiting = afterStatusChange(clocks, 'pending', at(5), wall);
    expect(waiting.resolution_held_at).toBeNull();
    expect(stateOf(indexedOf(waiting), at(6))).toBe('breached');
  });

  it('gives back, on reopening, the time a resolved ticket had left', () => {
    const clocks = { ...startClocks(DEFAULT_SERVICE_LEVELS, wall, 'High', opened), first_responded_at: at(1) };
    const resolved = afterStatusChange(clocks, 'resolved', at(10), wall);
    expect(stateOf(indexedOf(resolved), at(100))).toBeNull();
    const reopened = afterStatusChange(resolved, 'open', at(100), wall);
    expect(reopened.resolution_due_at?.toISOString()).toBe(at(114).toISOString());
  });

  it('says why in words, rounding down', () => {
    const clocks = startClocks(DEFAULT_SERVICE_LEVELS, wall, 'High', opened);
    expect(reasonFor(clocks, 'High', at(6.99))).toBe('First response is 2 h overdue (High)');
    expect(reasonFor(clocks, 'High', at(3.5))).toBe('First response is due in 30 min (High)');
    expect(reasonFor({ ...clocks, first_responded_at: at(1) }, 'High', at(21))).toBe('Resolution is due in 3 h (High)');
  });
});
