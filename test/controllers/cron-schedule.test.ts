import { describe, expect, it } from 'vitest';
import { parseCronSchedule, zoneOffset } from '../../src/controllers/cron-schedule.js';
import { EPOCH_MS } from '../../src/api/time.js';

// 2024-04-17T00:00:00Z, a Wednesday.
const T0 = EPOCH_MS;
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

function nexts(spec: string, from: number, n: number, offset?: (ms: number) => number): number[] {
  const s = parseCronSchedule(spec, offset);
  const out: number[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    t = s.next(t)!;
    out.push(t);
  }
  return out;
}

describe('parseCronSchedule (robfig/cron v3 ParseStandard)', () => {
  it('every minute: the next whole minute strictly after t', () => {
    expect(nexts('*/1 * * * *', T0, 3)).toEqual([T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(nexts('* * * * *', T0 + 30_000, 1)).toEqual([T0 + MIN]);
  });

  it('descriptors', () => {
    expect(nexts('@hourly', T0, 2)).toEqual([T0 + H, T0 + 2 * H]);
    expect(nexts('@daily', T0, 1)).toEqual([T0 + D]);
    expect(nexts('@midnight', T0 + 1, 1)).toEqual([T0 + D]);
    // 2024-04-21 is the next Sunday; 2024-05-01 the next first of a month; 2025-01-01.
    expect(nexts('@weekly', T0, 1)).toEqual([T0 + 4 * D]);
    expect(nexts('@monthly', T0, 1)).toEqual([T0 + 14 * D]);
    expect(nexts('@yearly', T0, 1)).toEqual([T0 + 259 * D]);
    expect(nexts('@every 90s', T0 + 500, 2)).toEqual([T0 + 90_000, T0 + 180_000]);
  });

  it('"N/step" means N-max/step, and a step > 1 drops the star bit', () => {
    expect(nexts('5/15 * * * *', T0, 5)).toEqual([5, 20, 35, 50, 65].map((m) => T0 + m * MIN));
    expect(nexts('0 6-16/4 * * *', T0, 4)).toEqual([T0 + 6 * H, T0 + 10 * H, T0 + 14 * H, T0 + D + 6 * H]);
  });

  it('day of month OR day of week when both are restricted, AND when either is *', () => {
    // 00:00 on the 1st or on Mondays: Mon 22 Apr, Mon 29 Apr, Wed 1 May.
    expect(nexts('0 0 1 * MON', T0, 3)).toEqual([T0 + 5 * D, T0 + 12 * D, T0 + 14 * D]);
    // */10 in day-of-month has no star bit either: days 1, 11, 21, 31 OR Fridays (19, 21, 26 Apr).
    expect(nexts('0 0 */10 * fri', T0, 3)).toEqual([T0 + 2 * D, T0 + 4 * D, T0 + 9 * D]);
    // `*` day of week: only the 1st.
    expect(nexts('0 0 1 * *', T0, 1)).toEqual([T0 + 14 * D]);
    // `?` is a star too.
    expect(nexts('0 0 ? * SUN', T0, 1)).toEqual([T0 + 4 * D]);
  });

  it('names for months and weekdays, case-insensitive', () => {
    expect(nexts('0 12 * jun *', T0, 1)).toEqual([T0 + 45 * D + 12 * H]);
  });

  it('rejects what robfig rejects, with its messages', () => {
    const msg = (s: string) => {
      try {
        parseCronSchedule(s);
      } catch (e) {
        return (e as Error).message;
      }
      return 'ok';
    };
    expect(msg('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(msg('0 0 0 * * *')).toBe('expected exactly 5 fields, found 6: [0 0 0 * * *]');
    expect(msg('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(msg('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(msg('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(msg('5-2 * * * *')).toBe('beginning of range (5) beyond end of range (2): 5-2');
    expect(msg('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(msg('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(msg('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(msg('')).toBe('empty spec string');
  });

  it('31 February never comes: no next time within 5 years', () => {
    expect(parseCronSchedule('59 23 31 2 *').next(T0)).toBeUndefined();
  });

  it('evaluates the fields on the time zone wall clock', () => {
    const tokyo = zoneOffset('Asia/Tokyo')!;
    // Midnight in Tokyo (UTC+9) is 15:00 UTC the day before.
    expect(nexts('0 0 * * *', T0, 1, tokyo)).toEqual([T0 + 15 * H]);
    expect(zoneOffset('Mars/Olympus')).toBeUndefined();
    expect(zoneOffset('UTC')!(T0)).toBe(0);
  });
});
