import { ApiError } from '../types.js';
import { listMeta } from './patch-meta.js';
import { deepCopy, isMap, type JsonMap } from './json-value.js';

/*
 * Strategic merge patch, after staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (mergeMap / mergeSlice / normalizeElementOrder with MergeParallelList and
 * IgnoreUnmatchedNulls, as the API server applies a PATCH). Pure: inputs are not modified.
 */

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

function bad(msg: string): ApiError {
  return new ApiError(400, 'BadRequest', msg);
}

export function applyStrategicMergePatch(kind: string, original: unknown, patch: unknown): any {
  if (!isMap(patch)) throw bad('strategic merge patch must be a JSON object');
  return mergeMap(kind, [], isMap(original) ? deepCopy(original) : {}, deepCopy(patch));
}

function mergeMap(kind: string, path: string[], original: JsonMap, patch: JsonMap): JsonMap {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === 'replace') {
      delete patch[DIRECTIVE];
      return stripDirectives(patch);
    }
    if (d === 'delete') return {};
    if (d !== 'merge') throw bad(`Unknown patch type: ${String(d)} in map: ${JSON.stringify(patch)}`);
    delete patch[DIRECTIVE];
  }
  if (RETAIN_KEYS in patch) {
    const keep = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw bad('invalid patch: $retainKeys must be a list of strings');
    const set = new Set(keep);
    for (const k of Object.keys(original)) if (!set.has(k)) delete original[k];
  }
  // $setElementOrder lists are merged together with their list (mergePatchIntoOriginal).
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    const field = key.slice(SET_ORDER.length);
    if (!Array.isArray(order)) throw bad('invalid patch: $setElementOrder must be a list');
    const meta = listMeta(kind, [...path, field]);
    const origList = Array.isArray(original[field]) ? (original[field] as unknown[]) : undefined;
    const patchList = Array.isArray(patch[field]) ? (patch[field] as unknown[]) : undefined;
    if (!origList && !patchList) continue;
    let merged: unknown[];
    if (origList && patchList) merged = meta.strategy === 'merge' ? mergeSlice(kind, [...path, field], origList, patchList, meta.key, false) : patchList;
    else merged = (origList ?? stripDirectives(patchList!)) as unknown[];
    const [inOrder, serverOnly] = partition(merged, order, meta.key);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, origList ?? [], meta.key);
    delete patch[field];
  }
  for (const rawKey of Object.keys(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PRIMITIVE)) {
      key = rawKey.slice(DELETE_PRIMITIVE.length);
      isDeleteList = true;
    }
    const pv = patch[rawKey];
    if (pv === null) {
      delete original[key];
      continue;
    }
    if (!(key in original)) {
      if (!isDeleteList) original[key] = stripDirectives(pv);
      continue;
    }
    const ov = original[key];
    const sub = [...path, key];
    if (isMap(ov) && isMap(pv)) original[key] = mergeMap(kind, sub, ov, pv);
    else if (Array.isArray(ov) && Array.isArray(pv)) {
      const meta = listMeta(kind, sub);
      original[key] = meta.strategy === 'merge' ? mergeSlice(kind, sub, ov, pv, meta.key, isDeleteList) : stripDirectives(pv);
    } else original[key] = stripDirectives(pv);
  }
  return original;
}

function mergeSlice(kind: string, path: string[], original: unknown[], patch: unknown[], key: string | undefined, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mapElems = original.some(isMap) || patch.some(isMap);
  let merged: unknown[];
  if (!mapElems) {
    if (isDeleteList) {
      const del = new Set(patch);
      return original.filter((v) => !del.has(v));
    }
    merged = dedupe([...original, ...patch]);
  } else {
    if (!key) throw bad(`cannot merge lists without merge key for ${path.join('.')}`);
    // mergeSliceWithSpecialElements: $patch delete / replace items.
    const plain: unknown[] = [];
    let replace = false;
    let orig = original;
    for (const v of patch) {
      if (!isMap(v)) throw bad(`value for key ${path.join('.')} is not a map`);
      if (!(DIRECTIVE in v)) {
        plain.push(v);
        continue;
      }
      const d = v[DIRECTIVE];
      if (d === 'delete') {
        if (!(key in v)) throw bad(`map: ${JSON.stringify(v)} does not contain declared merge key: ${key}`);
        orig = orig.filter((o) => !(isMap(o) && o[key] === v[key]));
      } else if (d === 'replace') replace = true;
      else if (d === 'merge') throw bad('merging lists cannot yet be specified in the patch');
      else throw bad(`Unknown patch type: ${String(d)} in map: ${JSON.stringify(v)}`);
    }
    if (replace) return plain.map(stripDirectives);
    patch = plain;
    merged = orig.slice();
    for (const v of plain as JsonMap[]) {
      if (!(key in v)) throw bad(`map: ${JSON.stringify(v)} does not contain declared merge key: ${key}`);
      const i = merged.findIndex((o) => isMap(o) && o[key] === v[key]);
      if (i >= 0) merged[i] = mergeMap(kind, path, merged[i] as JsonMap, v);
      else merged.push(stripDirectives(v));
    }
    original = orig;
  }
  const [inPatch, serverOnly] = partition(merged, patch, key);
  return normalizeElementOrder(inPatch, serverOnly, patch, original, key);
}

function dedupe(list: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of list) {
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

function keyOf(v: unknown, key: string | undefined): unknown {
  return key ? (isMap(v) ? v[key] : undefined) : v;
}

function indexIn(list: unknown[], v: unknown, key: string | undefined): number {
  const k = keyOf(v, key);
  for (let i = 0; i < list.length; i++) if (keyOf(list[i], key) === k) return i;
  return -1;
}

function partition(list: unknown[], by: unknown[], key: string | undefined): [unknown[], unknown[]] {
  const a: unknown[] = [];
  const b: unknown[] = [];
  for (const v of list) (indexIn(by, v, key) >= 0 ? a : b).push(v);
  return [a, b];
}

function sortBy(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  return list
    .map((v, i) => ({ v, i, o: indexIn(order, v, key) }))
    .sort((x, y) => (x.o >= 0 && y.o >= 0 ? x.o - y.o : x.i - y.i))
    .map((x) => x.v);
}

/**
 * normalizeElementOrder: patch items in patch order, server-only items in live order, then
 * interleaved (mergeSortedSlice): a server-only item goes first only when the live list has
 * it in front of the next patch item.
 */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], key: string | undefined): unknown[] {
  const right = sortBy(patchItems, patchOrder, key);
  const left = sortBy(serverOnly, serverOrder, key);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Remove patch directives from a value that is taken as is (no original to merge into). */
export function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.filter((x) => !(isMap(x) && x[DIRECTIVE] === 'delete')).map(stripDirectives);
  if (!isMap(v)) return v;
  if (v[DIRECTIVE] === 'delete') return {};
  const out: JsonMap = {};
  for (const k of Object.keys(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE) || v[k] === null) continue;
    out[k] = stripDirectives(v[k]);
  }
  return out;
}
