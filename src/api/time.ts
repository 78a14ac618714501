/**
 * Virtual time ↔ RFC 3339 timestamps without the wall clock. Virtual time 0 is the
 * scenario epoch, 2024-04-17T00:00:00Z (the Kubernetes 1.30 release day), so object
 * timestamps look like a real cluster's and are the same on every run.
 */
export const EPOCH_MS = 1713312000000; // 2024-04-17T00:00:00Z

/** RFC 3339 with second precision, as metav1.Time serialises: `2024-04-17T00:01:30Z`. */
export function toTimestamp(virtualMs: number): string {
  // Components stamp many objects within one second: the last second's text is reused (one
  // retained string instead of a rope of ~12 cons cells per object).
  const sec = Math.floor(virtualMs / 1000);
  if (sec === lastSecond) return lastSecondText;
  lastSecond = sec;
  lastSecondText = formatUnixMs(EPOCH_MS + virtualMs, false);
  return lastSecondText;
}
let lastSecond = NaN;
let lastSecondText = '';

/** RFC 3339 with microseconds, as metav1.MicroTime serialises (Event.eventTime, Lease renewTime). */
export function toMicroTimestamp(virtualMs: number): string {
  return formatUnixMs(EPOCH_MS + virtualMs, true);
}

/** Parse an RFC 3339 timestamp back to virtual ms (NaN when malformed). */
export function fromTimestamp(ts: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return NaN;
  const days = daysFromCivil(+m[1]!, +m[2]!, +m[3]!);
  let ms = days * 86400000 + (+m[4]! * 3600 + +m[5]! * 60 + +m[6]!) * 1000;
  if (m[7]) ms += Math.floor(+(m[7] + '000000000').slice(0, 9) / 1e6);
  if (m[8] !== 'Z') {
    const sign = m[8]![0] === '-' ? -1 : 1;
    ms -= sign * (+m[8]!.slice(1, 3) * 60 + +m[8]!.slice(4, 6)) * 60000;
  }
  return ms - EPOCH_MS;
}

function formatUnixMs(ms: number, micro: boolean): string {
  const days = Math.floor(ms / 86400000);
  let rem = ms - days * 86400000;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rem / 3600000);
  rem -= h * 3600000;
  const mi = Math.floor(rem / 60000);
  rem -= mi * 60000;
  const s = Math.floor(rem / 1000);
  const frac = rem - s * 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  // join builds one flat string (a template literal leaves a rope of cons cells in every stored object).
  return [p(y, 4), '-', p(mo), '-', p(d), 'T', p(h), ':', p(mi), ':', p(s), micro ? '.' + p(frac * 1000, 6) + 'Z' : 'Z'].join('');
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian, days since 1970-01-01).
/** Days since 1970-01-01 -> [year, month 1-12, day 1-31]. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** [year, month 1-12, day 1-31] -> days since 1970-01-01. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
