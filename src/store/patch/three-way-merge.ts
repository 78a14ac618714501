import { listMeta } from './patch-meta.js';
import { deepCopy, deepEqual, isMap, type JsonMap } from './json-value.js';

/*
 * The result of `kubectl apply` (client-side): kubectl computes
 * CreateThreeWayMergePatch(lastApplied, modified, live) and the server applies it as a
 * strategic merge patch (staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go,
 * strategicpatch.CreateThreeWayMergePatch). This computes the same outcome directly:
 *   - a field in the new manifest wins over the live value;
 *   - a field that was in the last-applied manifest but is gone from the new one is deleted;
 *   - a field that only the live object has (set by defaulting or controllers) is kept.
 * Merge lists (containers by name, env by name, ...) are matched element by element by their
 * key; atomic lists are replaced whole. Element order follows the manifest, with live-only
 * elements kept at their relative place ($setElementOrder semantics). Pure.
 */
export function threeWayMerge(kind: string, lastApplied: JsonMap | undefined, modified: JsonMap, live: JsonMap): JsonMap {
  return mergeMap3(kind, [], lastApplied ?? {}, modified, live);
}

function mergeMap3(kind: string, path: string[], last: JsonMap, mod: JsonMap, live: JsonMap): JsonMap {
  const out: JsonMap = { ...live };
  for (const k of Object.keys(last)) {
    if (!(k in mod)) delete out[k];
  }
  for (const k of Object.keys(mod)) {
    const mv = mod[k];
    if (mv === null || mv === undefined) {
      delete out[k];
      continue;
    }
    const lv = live[k];
    const av = last[k];
    const sub = [...path, k];
    if (isMap(mv) && isMap(lv)) out[k] = mergeMap3(kind, sub, isMap(av) ? av : {}, mv, lv);
    else if (Array.isArray(mv) && Array.isArray(lv)) out[k] = mergeList3(kind, sub, Array.isArray(av) ? av : [], mv, lv);
    else out[k] = deepEqual(lv, mv) ? lv : deepCopy(mv);
  }
  return out;
}

function mergeList3(kind: string, path: string[], last: unknown[], mod: unknown[], live: unknown[]): unknown[] {
  const meta = listMeta(kind, path);
  if (meta.strategy !== 'merge') return deepEqual(live, mod) ? live : deepCopy(mod);
  const key = meta.key;
  const k = (v: unknown): unknown => (key ? (isMap(v) ? v[key] : undefined) : v);
  const modKeys = new Set(mod.map(k));
  const removed = new Set(last.map(k).filter((x) => !modKeys.has(x)));
  const liveKept = live.filter((v) => !removed.has(k(v)));
  // Elements of the manifest, merged with their live counterpart.
  const fromMod = mod.map((mv) => {
    const lv = liveKept.find((x) => k(x) === k(mv));
    if (lv === undefined) return deepCopy(mv);
    if (key && isMap(mv) && isMap(lv)) {
      const av = last.find((x) => k(x) === k(mv));
      return mergeMap3(kind, path, isMap(av) ? av : {}, mv, lv);
    }
    return lv;
  });
  const serverOnly = liveKept.filter((v) => !modKeys.has(k(v)));
  if (serverOnly.length === 0) return fromMod;
  // Interleave like normalizeElementOrder / mergeSortedSlice with the live order.
  const liveIndex = (v: unknown): number => live.findIndex((x) => k(x) === k(v));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < fromMod.length) {
    if (i >= serverOnly.length) out.push(fromMod[j++]);
    else if (j >= fromMod.length) out.push(serverOnly[i++]);
    else {
      const li = liveIndex(serverOnly[i]);
      const ri = liveIndex(fromMod[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(fromMod[j++]);
    }
  }
  return out;
}
