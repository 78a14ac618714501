/**
 * What the API server's JSON decoder reports before any validation runs
 * (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go with sigs.k8s.io/json):
 * - type errors, Go's `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
 *   of type int32` (the first one in decoding order; the struct is the innermost Go struct, the path
 *   joins JSON field names without list indices);
 * - with fieldValidation=Strict (kubectl's default), unknown fields with their full path,
 *   `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`.
 * kubectl sends JSON marshalled from a map, so keys arrive sorted; we walk them in that order.
 */
import fieldTree from '../../../generated/k8s-fields.json' with { type: 'json' };
import type { FieldError, FieldPath } from './field-error.js';
import { parseQuantity } from '../quantity.js';

interface FieldTree {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
}
const tree = fieldTree as unknown as FieldTree;

export interface DecodeResult {
  /**
   * An error that aborts decoding (a custom UnmarshalJSON failing: Quantity's regular-expression
   * error, IntOrString given neither string nor number). It wins over saved type errors.
   */
  fatal?: FieldError;
  /** The first JSON type error (Go wording), if any. */
  typeError?: FieldError;
  /** Unknown fields in decoding order. */
  unknown: FieldError[];
}

/** Whether the field tree knows this kind. */
export function knowsKind(kind: string): boolean {
  return kind in tree.kinds;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Go's reflect type name for a type expression: `int32`, `[]v1.Container`, `map[string]string`. */
function goTypeName(t: string): string {
  if (t.startsWith('[]')) return `[]${goTypeName(t.slice(2))}`;
  if (t.startsWith('map[string]')) return `map[string]${goTypeName(t.slice(11))}`;
  if (t === 'quantity') return 'resource.Quantity';
  if (t === 'intstr') return 'intstr.IntOrString';
  if (t === 'time') return 'v1.Time';
  if (t.includes('.') && t.includes('/')) {
    const [gv, name] = [t.slice(0, t.indexOf('.')), t.slice(t.indexOf('.') + 1)];
    return `${gv.split('/')[1]}.${name.split('.')[0]}`;
  }
  return t;
}

function structName(typeId: string): string {
  return typeId.slice(typeId.indexOf('.') + 1).split('.')[0]!;
}

class Walker {
  fatal: FieldError | undefined;
  typeError: FieldError | undefined;
  readonly unknown: FieldError[] = [];

  /** `path` is the full path (with indices); `goPath` the field names only (Go's FieldStack). */
  value(v: unknown, t: string, path: FieldPath, goPath: string[], struct: string): void {
    if (v === null || v === undefined || t === 'any' || t === 'time' || this.fatal) return;
    if (t === 'quantity') {
      // resource.Quantity.UnmarshalJSON: ParseQuantity(strings.TrimSpace(raw)).
      const raw = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : JSON.stringify(v);
      try {
        parseQuantity(raw);
      } catch (e) {
        this.fatal = { field: pathText(path), type: 'FieldValueTypeInvalid', message: (e as Error).message, path };
      }
      return;
    }
    if (t === 'intstr') {
      // intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into int32; the decoder
      // adds the struct/field context to that UnmarshalTypeError (addErrorContext).
      if (typeof v === 'string') return;
      const bad = typeof v !== 'number' ? jsonKind(v) : !Number.isInteger(v) || v >= 2 ** 31 || v < -(2 ** 31) ? `number ${goNumber(v)}` : undefined;
      if (bad) {
        const field = goPath.join('.');
        this.fatal = { field: pathText(path), type: 'FieldValueTypeInvalid', message: `json: cannot unmarshal ${bad} into Go struct field ${struct}.${field} of type int32`, path };
      }
      return;
    }
    const mismatch = (value: string): void => {
      if (this.typeError) return;
      const field = goPath.join('.');
      this.typeError = {
        field: pathText(path),
        type: 'FieldValueTypeInvalid',
        message: `json: cannot unmarshal ${value} into Go struct field ${struct}.${field} of type ${goTypeName(t)}`,
        path,
      };
    };
    if (t === 'string') {
      if (typeof v !== 'string') mismatch(jsonKind(v));
      return;
    }
    if (t === 'bool') {
      if (typeof v !== 'boolean') mismatch(jsonKind(v));
      return;
    }
    if (t === 'int32' || t === 'int64') {
      if (typeof v !== 'number') return mismatch(jsonKind(v));
      const lim = t === 'int32' ? 2 ** 31 : 2 ** 63;
      if (!Number.isInteger(v) || v >= lim || v < -lim) mismatch(`number ${goNumber(v)}`);
      return;
    }
    if (t.startsWith('[]')) {
      if (!Array.isArray(v)) return mismatch(jsonKind(v));
      const et = t.slice(2);
      v.forEach((e, i) => this.value(e, et, [...path, i], goPath, struct));
      return;
    }
    if (t.startsWith('map[string]')) {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch(jsonKind(v));
      const et = t.slice(11);
      for (const k of Object.keys(v as object).sort()) this.value((v as Record<string, unknown>)[k], et, [...path, k], goPath, struct);
      return;
    }
    const fields = tree.types[t];
    if (!fields) return;
    if (typeof v !== 'object' || Array.isArray(v)) return mismatch(jsonKind(v));
    const sname = structName(t);
    for (const k of Object.keys(v as object).sort()) {
      const ft = fields[k];
      const child = (v as Record<string, unknown>)[k];
      if (ft === undefined) {
        const p = [...path, k];
        this.unknown.push({ field: pathText(p), type: 'UnknownField', message: `unknown field ${JSON.stringify(pathText(p))}`, path: p });
        continue;
      }
      this.value(child, ft, [...path, k], [...goPath, k], sname);
    }
  }
}

/** Go's %v of a float64 as the decoder quotes the literal (JSON literal text). */
function goNumber(n: number): string {
  return String(n);
}

/** sigs.k8s.io/json path form: `spec.containers[0].name`. */
function pathText(path: FieldPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/**
 * Decode-time checks of one object against its kind's field tree. Unknown kinds give an empty
 * result (nothing to check against).
 */
export function strictDecode(obj: unknown): DecodeResult {
  const w = new Walker();
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { unknown: [] };
  const kind = (obj as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in tree.kinds)) return { unknown: [] };
  const t = tree.kinds[kind]!;
  w.value(obj, t, [], [], structName(t));
  const out: DecodeResult = { unknown: w.unknown };
  if (w.fatal) out.fatal = w.fatal;
  if (w.typeError) out.typeError = w.typeError;
  return out;
}

/** `strict decoding error: unknown field "a", unknown field "b"` (runtime.strictDecodingError). */
export function strictDecodingMessage(unknown: readonly FieldError[]): string {
  return `strict decoding error: ${unknown.map((u) => u.message).join(', ')}`;
}
