/**
 * pod-template-hash, as `controller.ComputeHash` (pkg/controller/controller_utils.go) computes it:
 * FNV-32a over the pod template, then the collisionCount as 8 little-endian bytes (only when
 * status.collisionCount is set), then `rand.SafeEncodeString` of the decimal uint32.
 *
 * Not bit-identical to Go: upstream hashes `spew.Fprintf("%#v", template)` of the Go struct
 * (hashutil.DeepHashObject), which depends on Go type names and field order. We hash the
 * template's canonical JSON (keys sorted, nulls and empty maps/lists dropped) instead, so the
 * hash is a deterministic function of the template's meaning, the same on every run, changes
 * with any template change, and has the same alphabet and length as the real one.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(canonicalJson(template));
  for (let i = 0; i < bytes.length; i++) h = fnvStep(h, bytes[i]!);
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    for (let i = 0; i < 8; i++) h = fnvStep(h, i < 4 ? (c >>> (8 * i)) & 0xff : 0);
  }
  return safeEncodeString(String(h >>> 0));
}

function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193) >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand SafeEncodeString: no vowels, no 0/1/3 (no bad words). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function safeEncodeString(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) r += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return r;
}

/** JSON with sorted keys; null/undefined, empty objects and empty arrays are dropped (nil == empty, as Semantic.DeepEqual). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(normalize(v)) ?? 'null';
}

function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    return v.map((x) => normalize(x) ?? null);
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** canonicalJson(a) === canonicalJson(b), without building the strings. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = isNil(a);
  const nb = isNil(b);
  if (na || nb) return na && nb;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b || (typeof a === 'number' && typeof b === 'number' && JSON.stringify(a) === JSON.stringify(b));
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  for (const k in oa) if (!semanticEqual(oa[k], ob[k])) return false;
  for (const k in ob) if (!(k in oa) && !isNil(ob[k])) return false;
  return true;
}

/** normalize(v) === undefined: null/undefined, an empty array, or an object of such values only. */
function isNil(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length === 0;
  for (const k in v as object) if (!isNil((v as Record<string, unknown>)[k])) return false;
  return true;
}

