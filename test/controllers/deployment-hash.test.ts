import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, semanticEqual } from '../../src/controllers/deployment-hash.js';

// semanticEqual is canonicalJson equality (nil == empty, key order ignored) without the strings.

/** A copy of `v` with keys reversed and nil-like members (null, [], {}, {x: null}) added to objects. */
function noisy(v: unknown, salt: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => noisy(x, salt + i));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse()) out[k] = noisy((v as Record<string, unknown>)[k], salt + k.length);
  const nils = [null, [], {}, { x: null, y: [] }, undefined];
  out[`zz${salt % 3}`] = nils[salt % nils.length];
  return out;
}

// JSON without `__proto__` keys (normalize's plain-object copy cannot hold one; Kubernetes objects have none).
const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => !JSON.stringify(v).includes('__proto__'));

describe('semanticEqual', () => {
  it('agrees with canonicalJson string equality', () => {
    fc.assert(
      fc.property(json, json, fc.nat(20), (a, b, salt) => {
        expect(semanticEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        const c = noisy(a, salt);
        expect(semanticEqual(a, c)).toBe(canonicalJson(a) === canonicalJson(c));
        expect(semanticEqual(c, a)).toBe(canonicalJson(c) === canonicalJson(a));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('treats missing, null and empty as equal, and order of keys as irrelevant, but not order of list items', () => {
    expect(semanticEqual({ a: 1, b: [] }, { a: 1 })).toBe(true);
    expect(semanticEqual({ a: 1, b: { c: null } }, { b: undefined, a: 1 })).toBe(true);
    expect(semanticEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(semanticEqual({ a: [{}] }, { a: [null] })).toBe(true);
    expect(semanticEqual({ a: 0 }, {})).toBe(false);
    expect(semanticEqual({ a: '1' }, { a: 1 })).toBe(false);
  });
});
