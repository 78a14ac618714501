/**
 * equals / min / max on one value. Numbers compare as numbers; strings that are Kubernetes
 * quantities (`1Gi`, `500m`) compare as quantities, so `min: 1Gi` works on capacities.
 */
import { parseQuantity } from '../../api/quantity.js';
import { deepEqual, show } from './subset-match.js';

function asComparable(v: unknown): { n: number } | { q: ReturnType<typeof parseQuantity> } | undefined {
  if (typeof v === 'number') return { n: v };
  if (typeof v === 'string') {
    try {
      return { q: parseQuantity(v) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** -1/0/1, or undefined when the values cannot be ordered. */
export function order(a: unknown, b: unknown): number | undefined {
  const x = asComparable(a);
  const y = asComparable(b);
  if (!x || !y) return undefined;
  if ('n' in x && 'n' in y) return Math.sign(x.n - y.n);
  const qx = 'q' in x ? x.q : parseQuantity(String(x.n));
  const qy = 'q' in y ? y.q : parseQuantity(String(y.n));
  return qx.cmp(qy);
}

export interface Comparison {
  equals?: unknown;
  min?: unknown;
  max?: unknown;
}

/** Undefined when `actual` satisfies every given bound, else why not. */
export function compareValue(actual: unknown, c: Comparison): string | undefined {
  if (c.equals !== undefined) {
    const eq = deepEqual(c.equals, actual) || (typeof actual !== 'object' && typeof c.equals !== 'object' && order(actual, c.equals) === 0 && typeof actual === typeof c.equals);
    if (!eq) return `expected ${show(c.equals)}, got ${show(actual)}`;
  }
  if (c.min !== undefined) {
    const o = order(actual, c.min);
    if (o === undefined) return `expected at least ${show(c.min)}, got ${show(actual)} (not a number or quantity)`;
    if (o < 0) return `expected at least ${show(c.min)}, got ${show(actual)}`;
  }
  if (c.max !== undefined) {
    const o = order(actual, c.max);
    if (o === undefined) return `expected at most ${show(c.max)}, got ${show(actual)} (not a number or quantity)`;
    if (o > 0) return `expected at most ${show(c.max)}, got ${show(actual)}`;
  }
  return undefined;
}

/** `equals 3`, `min 2 max 4`. */
export function comparisonText(c: Comparison): string {
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(`equals ${show(c.equals)}`);
  if (c.min !== undefined) parts.push(`min ${show(c.min)}`);
  if (c.max !== undefined) parts.push(`max ${show(c.max)}`);
  return parts.join(' ');
}
