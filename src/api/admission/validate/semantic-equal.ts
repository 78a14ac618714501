/**
 * apiequality.Semantic.DeepEqual as it matters for JSON-shaped objects: nil and empty maps or
 * slices are equal (k8s.io/apimachinery third_party/forked/golang/reflect), and absent equals null.
 * Quantities compare by value when both sides parse.
 */
import { parseQuantity } from '../../quantity.js';

function emptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

export function semanticEqual(a: unknown, b: unknown, quantities = false): boolean {
  if (a === b) return true;
  if (emptyish(a) && emptyish(b) && (a === undefined || a === null || b === undefined || b === null || Array.isArray(a) === Array.isArray(b))) return true;
  if (quantities && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
    try {
      return parseQuantity(String(a)).cmp(parseQuantity(String(b))) === 0;
    } catch {
      return false;
    }
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    return a.every((x, i) => semanticEqual(x, bb[i], quantities));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k], quantities)) return false;
  return true;
}
