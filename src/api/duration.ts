/**
 * Go time.ParseDuration and time.Duration.String (go/src/time/format.go, time.go), in
 * milliseconds: scenario files write Go-style durations (`1m30s`, `500ms`, `1.5h`) and the
 * model prints them the way Kubernetes components do. Arithmetic is done in exact
 * nanoseconds (BigInt) so the results and error messages match Go.
 */
/** BigInt constants (the build targets ES2017, which has no BigInt literals). */
const B0 = BigInt(0), B1 = BigInt(1), B10 = BigInt(10), B60 = BigInt(60), B63 = BigInt(63), B1000 = BigInt(1000);


const NS_PER: Record<string, bigint> = {
  ns: B1,
  us: B1000,
  'µs': B1000, // U+00B5 micro sign
  'μs': B1000, // U+03BC Greek mu
  ms: BigInt(1000000),
  s: BigInt(1000000000),
  m: BigInt(60000000000),
  h: BigInt(3600000000000),
};

const TWO63 = B1 << B63;

/** time's quote(): ASCII printable kept, everything else as \xNN bytes. */
function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** time.ParseDuration in exact nanoseconds. Throws Go's error messages. */
export function parseDurationNanos(orig: string): bigint {
  const invalid = (): Error => new Error('time: invalid duration ' + goTimeQuote(orig));
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return B0;
  if (s === '') throw invalid();
  let d = B0;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    // leadingInt
    let i = 0;
    let v = B0;
    while (i < s.length && isDigit(s[i])) {
      if (v > TWO63 / B10) throw invalid();
      v = v * B10 + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO63) throw invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = B0;
    let scale = 1;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      // leadingFraction
      let j = 0;
      let overflow = false;
      while (j < s.length && isDigit(s[j])) {
        if (!overflow) {
          if (f > (TWO63 - B1) / B10) overflow = true;
          else {
            const y = f * B10 + BigInt(s.charCodeAt(j) - 48);
            if (y > TWO63) overflow = true;
            else {
              f = y;
              scale *= 10;
            }
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let k = 0;
    while (k < s.length && !(s[k] === '.' || isDigit(s[k]))) k++;
    if (k === 0) throw new Error('time: missing unit in duration ' + goTimeQuote(orig));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = Object.hasOwn(NS_PER, u) ? NS_PER[u] : undefined;
    if (unit === undefined) throw new Error('time: unknown unit ' + goTimeQuote(u) + ' in duration ' + goTimeQuote(orig));
    if (v > TWO63 / unit) throw invalid();
    v *= unit;
    if (f > B0) {
      // float64 arithmetic, as Go does, to be nanosecond accurate for fractions of hours
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) throw invalid();
    }
    d += v;
    if (d > TWO63) throw invalid();
  }
  if (neg) return -d;
  if (d > TWO63 - B1) throw invalid();
  return d;
}

/**
 * time.ParseDuration, result in milliseconds (may be fractional: `1.5ms` → 1.5, `1ns` → 0.000001).
 * Throws `time: invalid duration "x"`, `time: missing unit in duration "1"`,
 * `time: unknown unit "x" in duration "1x"` exactly as Go.
 */
export function parseDuration(s: string): number {
  const ns = parseDurationNanos(s);
  const ms = ns / BigInt(1000000);
  const rem = ns % BigInt(1000000);
  return Number(ms) + Number(rem) / 1e6;
}

/** Milliseconds (possibly fractional) to exact integer nanoseconds. */
export function msToNanos(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * BigInt(1000000) + BigInt(Math.round((ms - whole) * 1e6));
}

/** fmtFrac: the fraction of v/10^prec without trailing zeros (and without '.' when zero). */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % B10;
    print = print || digit !== B0;
    if (print) out = digit.toString() + out;
    v /= B10;
  }
  if (print) out = '.' + out;
  return [out, v];
}

/** time.Duration.String of exact nanoseconds: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1µs`, `0s`. */
export function formatDurationNanos(d: bigint): string {
  const neg = d < B0;
  let u = neg ? -d : d;
  let out: string;
  if (u < BigInt(1000000000)) {
    if (u === B0) return '0s';
    let prec: number;
    let unit: string;
    if (u < B1000) {
      prec = 0;
      unit = 'ns';
    } else if (u < BigInt(1000000)) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = rest.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % B60).toString() + frac + 's';
    u /= B60;
    if (u > B0) {
      out = (u % B60).toString() + 'm' + out;
      u /= B60;
      if (u > B0) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** Go Duration.String() of a duration given in milliseconds (fractions down to the nanosecond). */
export function formatDuration(ms: number): string {
  return formatDurationNanos(msToNanos(ms));
}
