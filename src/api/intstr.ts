/**
 * intstr.IntOrString and its percentage helpers
 * (staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go).
 */
import { goQuote } from './validation.js';

export type IntOrString = { type: 'Int'; intVal: number } | { type: 'String'; strVal: string };

/** A raw manifest value (`maxSurge: 1` or `maxSurge: "25%"`) or an already parsed IntOrString. */
export type IntOrStringInput = IntOrString | number | string;

/**
 * As UnmarshalJSON does: a number is Int, a string is String (even `"5"`, which therefore is
 * not a valid percentage for GetScaledValueFromIntOrPercent).
 */
export function parseIntOrString(v: IntOrStringInput): IntOrString {
  if (typeof v === 'number') return { type: 'Int', intVal: Math.trunc(v) };
  if (typeof v === 'string') return { type: 'String', strVal: v };
  return v;
}

/** intstr.FromInt32. */
export function fromInt(v: number): IntOrString {
  return { type: 'Int', intVal: v };
}

/** intstr.FromString. */
export function fromString(v: string): IntOrString {
  return { type: 'String', strVal: v };
}

/** intstr.Parse: an int32 when the string parses as one, else a String. */
export function intstrParse(val: string): IntOrString {
  if (/^[+-]?[0-9]+$/.test(val)) {
    const n = Number(val);
    if (n >= -2147483648 && n <= 2147483647) return { type: 'Int', intVal: n };
  }
  return { type: 'String', strVal: val };
}

/** IntOrString.String(). */
export function intOrStringToString(v: IntOrStringInput): string {
  const p = parseIntOrString(v);
  return p.type === 'String' ? p.strVal : String(p.intVal);
}

/** Go strconv.Atoi: the value, or the error text (`strconv.Atoi: parsing "x": invalid syntax`). */
function atoi(s: string): { value: number } | { error: string } {
  if (!/^[+-]?[0-9]+$/.test(s)) return { error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const b = BigInt(s);
  if (b > BigInt('9223372036854775807') || b < -BigInt('9223372036854775808')) {
    return { error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  }
  return { value: Number(b) };
}

/** IntOrString.IntValue(): a String is Atoi'd, 0 on error. */
export function intValue(v: IntOrStringInput): number {
  const p = parseIntOrString(v);
  if (p.type === 'Int') return p.intVal;
  const r = atoi(p.strVal);
  return 'value' in r ? r.value : 0;
}

function scale(value: number, total: number, roundUp: boolean): number {
  return roundUp ? Math.ceil((value * total) / 100) : Math.floor((value * total) / 100);
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an Int as is; `"N%"` as ceil/floor(N*total/100);
 * any other string throws `invalid value for IntOrString: invalid type: string is not a percentage`.
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrStringInput | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v == null) throw new Error('nil value for IntOrString');
  const p = parseIntOrString(v);
  if (p.type === 'Int') return p.intVal;
  if (!p.strVal.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  const r = atoi(p.strVal.slice(0, -1));
  if ('error' in r) throw new Error(`invalid value for IntOrString: invalid value ${goQuote(p.strVal)}: ${r.error}`);
  return scale(r.value, total, roundUp);
}

/**
 * intstr.GetValueFromIntOrPercent (deprecated): every string is a percentage, with or without
 * `%` (`"5"` is 5%), every `%` removed before parsing.
 */
export function getValueFromIntOrPercent(v: IntOrStringInput | null | undefined, total: number, roundUp: boolean): number {
  if (v == null) throw new Error('nil value for IntOrString');
  const p = parseIntOrString(v);
  if (p.type === 'Int') return p.intVal;
  const r = atoi(p.strVal.replaceAll('%', ''));
  if ('error' in r) throw new Error(`invalid value for IntOrString: invalid value ${goQuote(p.strVal)}: ${r.error}`);
  return scale(r.value, total, roundUp);
}
