import { deepCopy, isMap } from './json-value.js';

/**
 * JSON merge patch (RFC 7386), as `kubectl patch --type merge` applies it: maps merge
 * recursively, `null` deletes a key, anything else (lists included) replaces.
 * Pure: neither argument is modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): any {
  if (!isMap(patch)) return deepCopy(patch);
  const out: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (pv === null) delete out[k];
    else out[k] = applyMergePatch(out[k], pv);
  }
  return out;
}
