/**
 * The cron schedules CronJobs use: github.com/robfig/cron/v3 ParseStandard, as
 * pkg/controller/cronjob calls it. Five fields (minute hour day-of-month month day-of-week), or
 * a descriptor (@yearly @annually @monthly @weekly @daily @midnight @hourly, @every <duration>).
 * Fields take `*` / `?`, numbers, names (JAN-DEC, SUN-SAT), ranges `a-b`, steps `*\/n`,
 * `a-b/n` and `a/n` (= a-max/n), and comma lists. Day matching follows robfig's dayMatches:
 * when day-of-month or day-of-week is a bare `*` (or `?`) both must match, otherwise either.
 * Written here (no npm cron parser reproduces robfig's rules and messages exactly); the
 * messages are robfig's. Times are Unix milliseconds; an optional time zone offset function
 * maps a UTC instant to that zone's offset.
 */
import { parseDuration } from '../api/duration.js';
import { civilFromDays, daysFromCivil } from '../api/time.js';

/** A field's set of allowed values, and robfig's star bit (the field was a bare `*` or `?`). */
interface Field {
  bits: boolean[];
  star: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: MONTH_NAMES };
const DOW: Bounds = { min: 0, max: 6, names: DOW_NAMES };

/** A parsed schedule: `next(t)` is the first activation strictly after t (ms), or undefined within 5 years. */
export interface CronSchedule {
  next(t: number): number | undefined;
}

function mustParseInt(expr: string): number {
  if (!/^-?[0-9]+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  return mustParseInt(expr);
}

/** robfig getRange: the values of one comma-separated part, OR-ed into `into`. */
function getRange(expr: string, r: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else throw new Error(`too many slashes: ${expr}`);
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.bits[i] = true;
  if (star) into.star = true;
}

function getField(field: string, r: Bounds): Field {
  const f: Field = { bits: [], star: false };
  for (const expr of field.split(',')) getRange(expr, r, f);
  return f;
}

const has = (f: Field, i: number): boolean => f.bits[i] === true;

const DAY = 86_400_000;

class SpecSchedule implements CronSchedule {
  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly offset: (utcMs: number) => number,
  ) {}

  private dayMatches(dom: number, dow: number): boolean {
    const domMatch = has(this.dom, dom);
    const dowMatch = has(this.dow, dow);
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(t: number): number | undefined {
    // Work on the zone's wall clock, in whole minutes after t.
    const off = this.offset(t);
    const local = t + off;
    let minuteStart = Math.floor(local / 60_000) * 60_000 + 60_000;
    let day = Math.floor(minuteStart / DAY);
    const lastDay = day + 5 * 366;
    for (; day <= lastDay; day++) {
      const [, m, d] = civilFromDays(day);
      const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      if (!has(this.month, m) || !this.dayMatches(d, dow)) continue;
      const dayStart = day * DAY;
      const from = Math.max(0, Math.round((minuteStart - dayStart) / 60_000));
      for (let mod = from; mod < 1440; mod++) {
        const h = Math.floor(mod / 60);
        if (!has(this.hour, h)) {
          mod = h * 60 + 59;
          continue;
        }
        if (!has(this.minute, mod % 60)) continue;
        const wall = dayStart + mod * 60_000;
        // Back to UTC with the zone's offset at that wall time.
        const utc = wall - this.offset(wall - off);
        if (utc > t) return utc;
      }
      minuteStart = (day + 1) * DAY;
    }
    return undefined;
  }
}

class EverySchedule implements CronSchedule {
  constructor(private readonly delayMs: number) {}
  /** ConstantDelaySchedule.Next: t + delay, rounded down to the second. */
  next(t: number): number {
    return Math.floor((t + this.delayMs) / 1000) * 1000;
  }
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * cron.ParseStandard. `offset(utcMs)` is the schedule's time zone offset in ms (UTC: 0).
 * Throws an Error with robfig's message.
 */
export function parseCronSchedule(spec: string, offset: (utcMs: number) => number = () => 0): CronSchedule {
  if (spec.length === 0) throw new Error('empty spec string');
  const s = spec.trim();
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      let ms: number;
      try {
        ms = parseDuration(s.slice('@every '.length));
      } catch {
        throw new Error(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s.slice('@every '.length))}`);
      }
      // Every: at least one second, rounded down to a whole second.
      return new EverySchedule(Math.max(1000, Math.floor(ms / 1000) * 1000));
    }
    const d = DESCRIPTORS[s];
    if (!d) throw new Error(`unrecognized descriptor: ${s}`);
    return parseCronSchedule(d, offset);
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${JSON.stringify(fields).replace(/","/g, ' ').replace(/^\["/, '[').replace(/"\]$/, ']')}`);
  return new SpecSchedule(getField(fields[0]!, MINUTES), getField(fields[1]!, HOURS), getField(fields[2]!, DOM), getField(fields[3]!, MONTHS), getField(fields[4]!, DOW), offset);
}

/**
 * The UTC offset (ms) of an IANA time zone at an instant, from the runtime's ICU data (as Go's
 * time.LoadLocation reads the tz database); undefined for an unknown zone. "" and "UTC" are UTC.
 */
export function zoneOffset(timeZone: string): ((utcMs: number) => number) | undefined {
  if (timeZone === '' || timeZone === 'UTC' || timeZone === 'Etc/UTC') return () => 0;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    return undefined;
  }
  return (utcMs: number) => {
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const days = daysFromCivil(parts.year!, parts.month!, parts.day!);
    const wall = days * DAY + parts.hour! * 3_600_000 + parts.minute! * 60_000 + parts.second! * 1000;
    return wall - Math.floor(utcMs / 1000) * 1000;
  };
}
