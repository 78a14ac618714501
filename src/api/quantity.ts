/**
 * resource.Quantity: Kubernetes' fixed-point number with a suffix
 * (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go, amount.go, suffix.go).
 *
 * A value is `unscaled * 10^exp` held in a BigInt, so it is exact like inf.Dec. Parsing rounds
 * non-zero values up (away from zero) to nano, caps BinarySI at 2^63-1, remembers the format
 * and, like upstream's fast path, keeps the input string when it is already canonical
 * (so `toString()` of a parsed `100m` is the input itself).
 */
/** BigInt constants (the build targets ES2017, which has no BigInt literals). */
const B0 = BigInt(0), B1 = BigInt(1), B7 = BigInt(7), B10 = BigInt(10), B63 = BigInt(63), B1024 = BigInt(1024);


export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** quantity.go ErrFormatWrong. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE}'`;
/** quantity.go ErrNumeric. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** quantity.go ErrSuffix. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const MAX_INT64 = (B1 << B63) - B1;
const MIN_INT64 = -(B1 << B63);
const NANO = -9;

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let v = pow10Cache[n];
    if (v === undefined) pow10Cache[n] = v = B10 ** BigInt(n);
    return v;
  }
  return B10 ** BigInt(n);
}

/** suffix.go: decimal suffixes by exponent, binary suffixes by power of 2. */
const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map<number, string>(Object.entries(DEC_SUFFIX).map(([s, e]) => [e, s]));
const BIN_BY_EXP = new Map<number, string>(Object.entries(BIN_SUFFIX).map(([s, e]) => [e, s]));

interface Interpreted {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** suffixHandler.interpret. */
function interpretSuffix(s: string): Interpreted | undefined {
  const d = DEC_SUFFIX[s];
  if (d !== undefined && Object.hasOwn(DEC_SUFFIX, s)) return { base: 10, exponent: d, format: 'DecimalSI' };
  const b = BIN_SUFFIX[s];
  if (b !== undefined && Object.hasOwn(BIN_SUFFIX, s)) return { base: 2, exponent: b, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'E' || s[0] === 'e')) {
    // strconv.ParseInt(s[1:], 10, 64) then int32(...)
    if (!/^[+-]?[0-9]+$/.test(s.slice(1))) return undefined;
    const v = BigInt(s.slice(1));
    if (v > MAX_INT64 || v < MIN_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, v)), format: 'DecimalExponent' };
  }
  return undefined;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: the fast scanner splitting sign, number, fraction and suffix. */
function scanQuantity(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }
  // strip leading zeros
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i]!)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  // a non-digit after the exponent sign
  throw new Error(ERR_FORMAT_WRONG);
}

/** Round `u * 10^exp` to exponent `target` away from zero (inf.RoundUp); returns [unscaled, exact]. */
function roundAway(u: bigint, exp: number, target: number): [bigint, boolean] {
  if (exp >= target) return [u * pow10(exp - target), true];
  const div = pow10(target - exp);
  const q = u / div; // truncates toward zero
  const r = u % div;
  if (r === B0) return [q, true];
  return [u > B0 ? q + B1 : q - B1, false];
}

function removeFactors(u: bigint, f: bigint): [bigint, number] {
  let times = 0;
  if (u === B0) return [u, 0];
  while (u % f === B0) {
    u /= f;
    times++;
  }
  return [u, times];
}

export class Quantity {
  /** Exact value is `unscaled * 10^exp`. */
  readonly unscaled: bigint;
  readonly exp: number;
  readonly format: QuantityFormat;
  /** The string kept from parsing when it was already canonical (Quantity.s). */
  private cached: string | undefined;

  constructor(unscaled: bigint, exp: number, format: QuantityFormat, cached?: string) {
    this.unscaled = unscaled;
    this.exp = unscaled === B0 ? 0 : exp;
    this.format = format;
    this.cached = cached;
  }

  isZero(): boolean {
    return this.unscaled === B0;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === B0 ? 0 : this.unscaled > B0 ? 1 : -1;
  }

  /** Cmp: -1, 0 or 1. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const e = Math.min(this.exp, other.exp);
    const a = this.unscaled * pow10(this.exp - e);
    const b = other.unscaled * pow10(other.exp - e);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** CmpInt64. */
  cmpInt(n: number | bigint): -1 | 0 | 1 {
    return this.cmp(new Quantity(BigInt(n), 0, 'DecimalSI'));
  }

  equal(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** Add: a zero receiver takes the other's format. Returns a new Quantity. */
  add(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    const e = Math.min(this.exp, y.exp);
    return new Quantity(this.unscaled * pow10(this.exp - e) + y.unscaled * pow10(y.exp - e), e, format);
  }

  /** Sub: a zero receiver takes the other's format. Returns a new Quantity. */
  sub(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    const e = Math.min(this.exp, y.exp);
    return new Quantity(this.unscaled * pow10(this.exp - e) - y.unscaled * pow10(y.exp - e), e, format);
  }

  /** Mul by an integer. */
  mul(n: number | bigint): Quantity {
    return new Quantity(this.unscaled * BigInt(n), this.exp, this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.exp, this.format);
  }

  /** Same value, another format (q.Format = f). */
  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.unscaled, this.exp, format);
  }

  /** RoundUp(scale): value rounded away from zero to 10^scale; `exact` false when precision was lost. */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.exp >= scale) return { quantity: this, exact: true };
    const [u, exact] = roundAway(this.unscaled, this.exp, scale);
    return { quantity: new Quantity(u, scale, this.format), exact };
  }

  /** ScaledValue(scale): ceil(|q| / 10^scale) with the sign kept (rounds away from zero). */
  scaledValue(scale: number): number {
    return Number(this.scaledBigInt(scale));
  }

  scaledBigInt(scale: number): bigint {
    return roundAway(this.unscaled, this.exp, scale)[0];
  }

  /** Value(): rounded up (away from zero) to an integer. */
  value(): number {
    return this.scaledValue(0);
  }

  /** MilliValue(): ceil(q * 1000). */
  milliValue(): number {
    return this.scaledValue(-3);
  }

  /** AsApproximateFloat64. */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.exp;
  }

  /** AsInt64: the value when it is an integer that fits int64. */
  asInt64(): { value: bigint; ok: boolean } {
    const [u, exact] = roundAway(this.unscaled, this.exp, 0);
    if (!exact || u > MAX_INT64 || u < MIN_INT64) return { value: B0, ok: false };
    return { value: u, ok: true };
  }

  /** Canonical form (CanonicalizeBytes): mantissa and suffix. */
  canonicalize(): { number: string; suffix: string } {
    if (this.isZero()) return { number: '0', suffix: '' };
    let format = this.format;
    let rounded = B0;
    if (format === 'BinarySI') {
      if (this.cmpInt(-1024) > 0 && this.cmpInt(1024) < 0) {
        format = 'DecimalSI';
      } else {
        const [u, exact] = roundAway(this.unscaled, this.exp, 0);
        if (!exact) format = 'DecimalSI';
        rounded = u;
      }
    }
    if (format === 'BinarySI') {
      const [amount, times] = removeFactors(rounded, B1024);
      return { number: amount.toString(), suffix: BIN_BY_EXP.get(times * 10) ?? '' };
    }
    // AsCanonicalBytes: factors of 10 into the exponent, then make it a multiple of 3
    let [amount, times] = removeFactors(this.unscaled, B10);
    let exponent = this.exp + times;
    const m = ((exponent % 3) + 3) % 3;
    if (m !== 0) {
      amount *= pow10(m);
      exponent -= m;
    }
    let suffix: string;
    if (format === 'DecimalSI') suffix = DEC_BY_EXP.get(exponent) ?? '';
    else suffix = exponent === 0 ? '' : `e${exponent}`;
    return { number: amount.toString(), suffix };
  }

  /** String(): the canonical form (or the parsed string when it already was canonical). */
  toString(): string {
    if (this.cached === undefined) {
      const { number, suffix } = this.canonicalize();
      this.cached = number + suffix;
    }
    return this.cached;
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * Parsed quantities by their text. A Quantity is immutable (its only mutable field caches its
 * own canonical string), so one instance can serve every parse of the same text: the same few
 * strings (`100m`, `64Mi`) are parsed for every pod by admission (QoS), the scheduler and the
 * kubelets. Bounded: cleared when full.
 */
const PARSED = new Map<string, Quantity>();
const PARSED_MAX = 4096;

/** resource.ParseQuantity. Throws an Error with Kubernetes' message when malformed. */
export function parseQuantity(str: string): Quantity {
  let q = PARSED.get(str);
  if (q === undefined) {
    q = parseQuantityText(str);
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(str, q);
  }
  return q;
}

function parseQuantityText(str: string): Quantity {
  if (str.length === 0) throw new Error(ERR_FORMAT_WRONG);
  if (str === '0') return new Quantity(B0, 0, 'DecimalSI', '0');
  const { positive, value, num, denom, suffix } = scanQuantity(str);
  const interp = interpretSuffix(suffix);
  if (!interp) throw new Error(ERR_SUFFIX);
  const { base, exponent } = interp;
  let format = interp.format;

  // Fast path (int64Amount): exact values with at most nano precision and no overflow.
  let precision = 0;
  let scale = 0;
  let mantissa = B1;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = B1 << BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(Math.fround(exponent) * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      let result = v * mantissa;
      if (result <= MAX_INT64) {
        if (!positive) result = -result;
        let canonical: boolean;
        if (format === 'BinarySI') canonical = exponent % 10 === 0 && (v & B7) !== B0;
        else canonical = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return new Quantity(result, scale, format, canonical ? str : undefined);
      }
    }
  }

  // Slow path (inf.Dec).
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2]!.length === 0 && (m[3] ?? '').length === 0)) throw new Error(ERR_NUMERIC);
  const frac = m[3] ?? '';
  let unscaled = BigInt((m[2] || '0') + frac);
  if (m[1] === '-') unscaled = -unscaled;
  let exp = -frac.length;
  if (base === 10) exp += exponent;
  else unscaled *= B1 << BigInt(exponent);

  const negative = unscaled < B0;
  let abs = negative ? -unscaled : unscaled;
  if (abs !== B0 && exp < NANO) {
    // round non-zero values up to the smallest representable value (nano)
    [abs] = roundAway(abs, exp, NANO);
    exp = NANO;
  }
  let q = new Quantity(abs, exp, format);
  if (format === 'BinarySI' && q.cmpInt(MAX_INT64) > 0) q = new Quantity(MAX_INT64, 0, format);
  if (format === 'BinarySI' && q.cmpInt(1) < 0 && q.sign() > 0) format = 'DecimalSI';
  return new Quantity(negative ? -q.unscaled : q.unscaled, q.exp, format);
}

/** resource.MustParse: throws `cannot parse '<s>': <err>`. */
export function mustParseQuantity(s: string): Quantity {
  try {
    return parseQuantity(s);
  } catch (e) {
    throw new Error(`cannot parse '${s}': ${(e as Error).message}`);
  }
}

/** Quantity of `value` in `format` (resource.NewQuantity). */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), 0, format);
}

/** value/1000 in `format` (resource.NewMilliQuantity). */
export function newMilliQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), -3, format);
}

/** value * 10^scale, DecimalSI (resource.NewScaledQuantity). */
export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return new Quantity(BigInt(value), scale, 'DecimalSI');
}

const memo = new Map<string, number>();
const memoMilli = new Map<string, number>();

/**
 * Bytes (Value(), rounded up) of a quantity string, for the model's hot paths (memory, storage).
 * Memoised: quantity strings repeat across thousands of pods.
 */
export function quantityBytes(s: string | number): number {
  const key = String(s);
  let v = memo.get(key);
  if (v === undefined) {
    v = parseQuantity(key).value();
    if (memo.size > 10000) memo.clear();
    memo.set(key, v);
  }
  return v;
}

/** Millis (MilliValue()) of a quantity string, e.g. cpu `250m` -> 250, `1` -> 1000. Memoised. */
export function quantityMillis(s: string | number): number {
  const key = String(s);
  let v = memoMilli.get(key);
  if (v === undefined) {
    v = parseQuantity(key).milliValue();
    if (memoMilli.size > 10000) memoMilli.clear();
    memoMilli.set(key, v);
  }
  return v;
}
