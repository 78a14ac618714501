/**
 * kuttl-style subset match (kudobuilder/kuttl pkg/test/utils/subset.go IsSubset): every key of
 * an expected map must be present with a matching value; lists match element by element in
 * order and must have the same length; scalars must be equal.
 */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  /** 'missing' key, list 'length', or a different 'value'. */
  kind: 'missing' | 'length' | 'value';
}

const SIMPLE = /^[A-Za-z0-9_$-]+$/;

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (SIMPLE.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** All mismatches of `actual` against the subset `expected` (empty when it matches). */
export function subsetMismatches(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (isMap(expected)) {
    if (!isMap(actual)) return [{ path, expected, actual, kind: 'value' }];
    const out: Mismatch[] = [];
    for (const k of Object.keys(expected)) {
      const p = join(path, k);
      if (!Object.hasOwn(actual, k)) {
        // An expected null matches an absent key (the API server drops nulls).
        if (expected[k] !== null) out.push({ path: p, expected: expected[k], actual: undefined, kind: 'missing' });
        continue;
      }
      out.push(...subsetMismatches(expected[k], actual[k], p));
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual, kind: 'value' }];
    if (expected.length !== actual.length) return [{ path, expected: expected.length, actual: actual.length, kind: 'length' }];
    const out: Mismatch[] = [];
    for (let i = 0; i < expected.length; i++) out.push(...subsetMismatches(expected[i], actual[i], join(path, i)));
    return out;
  }
  return scalarEqual(expected, actual) ? [] : [{ path, expected, actual, kind: 'value' }];
}

/** Scalars equal, treating a number and its exact decimal string as different (like kuttl). */
export function scalarEqual(a: unknown, b: unknown): boolean {
  return a === b || (a === null && b === undefined);
}

/** Deep equality of plain JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Compact one-line rendering of a value for diffs. */
export function show(v: unknown): string {
  if (v === undefined) return '<absent>';
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** Diff lines: `  spec.replicas: expected 3, got 2`. */
export function formatMismatches(ms: readonly Mismatch[]): string {
  return ms
    .map((m) =>
      m.kind === 'missing'
        ? `  ${m.path}: expected ${show(m.expected)}, but the field is absent`
        : m.kind === 'length'
          ? `  ${m.path}: expected a list of ${String(m.expected)} items, got ${String(m.actual)}`
          : `  ${m.path}: expected ${show(m.expected)}, got ${show(m.actual)}`,
    )
    .join('\n');
}
