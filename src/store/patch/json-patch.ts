import { ApiError } from '../types.js';
import { deepCopy, deepEqual, isMap } from './json-value.js';

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** RFC 6901 pointer to tokens (`~1` is `/`, `~0` is `~`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw bad(`invalid JSON pointer: "${pointer}"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function bad(msg: string): ApiError {
  return new ApiError(422, 'Invalid', msg);
}

function arrayIndex(tok: string, len: number, forAdd: boolean): number {
  if (forAdd && tok === '-') return len;
  if (!/^(0|[1-9][0-9]*)$/.test(tok)) throw bad(`invalid array index: ${tok}`);
  const i = Number(tok);
  if (forAdd ? i > len : i >= len) throw bad(`array index out of bounds: ${tok}`);
  return i;
}

/** Resolve the parent container of a pointer in a document that is being edited in place. */
function parentOf(doc: any, tokens: string[], path: string): any {
  let cur = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false)];
    else if (isMap(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw bad(`doc is missing path: "${path}": missing value`);
    if (typeof cur !== 'object' || cur === null) throw bad(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function getAt(doc: any, path: string): unknown {
  const tokens = parsePointer(path);
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false)];
    else if (isMap(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw bad(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function removeAt(doc: any, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw bad('cannot remove the whole document');
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    return parent.splice(i, 1)[0];
  }
  if (!Object.prototype.hasOwnProperty.call(parent, last)) throw bad(`doc is missing path: "${path}": missing value`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: any, path: string, value: unknown, replace: boolean): any {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    if (replace) parent[arrayIndex(last, parent.length, false)] = value;
    else parent.splice(arrayIndex(last, parent.length, true), 0, value);
  } else {
    if (replace && !Object.prototype.hasOwnProperty.call(parent, last)) throw bad(`doc is missing key: ${path}: missing value`);
    parent[last] = value;
  }
  return doc;
}

/**
 * JSON patch (RFC 6902) with add, remove, replace, move, copy and test, as
 * `kubectl patch --type json` applies it (evanphx/json-patch). Pure: returns a new document.
 */
export function applyJsonPatch(target: unknown, ops: unknown): any {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc: any = deepCopy(target);
  for (const raw of ops as JsonPatchOp[]) {
    if (!isMap(raw) || typeof raw.path !== 'string') throw bad('invalid JSON patch operation');
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, deepCopy(raw.value), false);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, deepCopy(raw.value), true);
        break;
      case 'move': {
        const v = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, v, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, deepCopy(getAt(doc, raw.from ?? '')), false);
        break;
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value)) throw bad(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw bad(`Unexpected kind: ${String((raw as { op: unknown }).op)}`);
    }
  }
  return doc;
}
