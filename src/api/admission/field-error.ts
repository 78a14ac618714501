/**
 * Field-level validation errors, worded like k8s.io/apimachinery/pkg/util/validation/field/errors.go
 * (`Error.ErrorBody`, `ErrorType.String`) and printed with `Path.String()` (`a.b[0].c`, map keys `[key]`).
 */
export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound'
  | 'UnknownField';

export type FieldPath = Array<string | number>;

export interface FieldError {
  /** Kubernetes' field path string: `spec.template.spec.containers[0].image`. */
  field: string;
  type: FieldErrorType;
  /** `ErrorBody()`: the message without the field, e.g. `Invalid value: "x": must be ...`. */
  message: string;
  /** Structured path for mapping to YAML positions. */
  path: FieldPath;
}

/** A bad value already rendered the way Go's `%#v` would print it (maps, structs). */
export interface GoRendered {
  go: string;
}

const TYPE_WORDS: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotFound: 'Not found',
  UnknownField: 'Unknown field',
};

/** field.Path.String(): dots between names, `[i]` for indices, `[key]` for map keys. */
export function pathString(path: FieldPath, mapKeys?: ReadonlySet<number>): string {
  let s = '';
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (typeof p === 'number') s += `[${p}]`;
    else if (mapKeys?.has(i)) s += `[${p}]`;
    else s += s === '' ? p : `.${p}`;
  }
  return s;
}

/** Go's strconv.Quote (one implementation, in the validation helpers). */
import { goQuote } from '../validation.js';
export { goQuote };

/** The bad value as ErrorBody prints it (`%v` for numbers/bools, `%q` for strings, `null`). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && 'go' in (v as object)) return (v as GoRendered).go;
  return JSON.stringify(v);
}

/** Go `%#v` of a map[string]string, keys sorted as Go's fmt prints maps. */
export function goStringMap(m: Record<string, string> | undefined): GoRendered {
  if (!m) return { go: 'map[string]string(nil)' };
  const keys = Object.keys(m).sort();
  return { go: `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`).join(', ')}}` };
}

/** Go `%#v` of a []string. */
export function goStringSlice(v: readonly string[] | undefined | null): GoRendered {
  if (!v) return { go: '[]string(nil)' };
  return { go: `[]string{${v.map(goQuote).join(', ')}}` };
}

/**
 * Go `%#v` of an intstr.IntOrString value (K8s 1.30: the String() method has a pointer
 * receiver, so field.ErrorBody prints the struct: `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`).
 */
export function goIntOrString(v: unknown): GoRendered {
  if (typeof v === 'string') return { go: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}` };
  const n = typeof v === 'number' ? v : 0;
  return { go: `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}` };
}

/** Go `%#v` of a metav1.LabelSelector value (field.ErrorBody dereferences the pointer). */
export function goLabelSelector(ls: { matchLabels?: Record<string, string> | null; matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] | null }> | null } | undefined | null): GoRendered {
  if (!ls) return { go: 'null' };
  const ml = ls.matchLabels ? goStringMap(ls.matchLabels).go : 'map[string]string(nil)';
  const me = ls.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map((r) => `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${goStringSlice(r.values).go}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return { go: `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}` };
}

function make(type: FieldErrorType, path: FieldPath, body: string, detail: string, mapKeys?: ReadonlySet<number>): FieldError {
  return { field: pathString(path, mapKeys), type, message: detail ? `${body}: ${detail}` : body, path };
}

/** Map-key segments print as `[key]`: callers mark them with `key()` in the path. */
export class MapKey {
  constructor(readonly key: string) {}
}

/** Paths may contain MapKey segments; normalise to the plain path plus the map-key positions. */
function norm(path: Array<string | number | MapKey>): [FieldPath, Set<number> | undefined] {
  let keys: Set<number> | undefined;
  const out: FieldPath = [];
  path.forEach((p, i) => {
    if (p instanceof MapKey) {
      (keys ??= new Set()).add(i);
      out.push(p.key);
    } else out.push(p);
  });
  return [out, keys];
}

export type PathIn = Array<string | number | MapKey>;

export const fieldErr = {
  invalid(path: PathIn, value: unknown, detail: string): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueInvalid', p, `Invalid value: ${goValue(value)}`, detail, k);
  },
  typeInvalid(path: PathIn, value: unknown, detail: string): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueTypeInvalid', p, `Invalid value: ${goValue(value)}`, detail, k);
  },
  required(path: PathIn, detail = ''): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueRequired', p, 'Required value', detail, k);
  },
  notSupported(path: PathIn, value: unknown, valid: string[]): FieldError {
    const [p, k] = norm(path);
    const detail = valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
    return make('FieldValueNotSupported', p, `Unsupported value: ${goValue(value)}`, detail, k);
  },
  duplicate(path: PathIn, value: unknown): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueDuplicate', p, `Duplicate value: ${goValue(value)}`, '', k);
  },
  notFound(path: PathIn, value: unknown): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueNotFound', p, `Not found: ${goValue(value)}`, '', k);
  },
  forbidden(path: PathIn, detail: string): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueForbidden', p, 'Forbidden', detail, k);
  },
  tooLong(path: PathIn, maxLength: number): FieldError {
    const [p, k] = norm(path);
    return make('FieldValueTooLong', p, 'Too long', `must have at most ${maxLength} bytes`, k);
  },
  /** field.Error.Error(): `<field>: <body>`. */
  toString(e: FieldError): string {
    return `${e.field}: ${e.message}`;
  },
};

export function key(k: string): MapKey {
  return new MapKey(k);
}

/**
 * errors.ToAggregate().Error(): duplicates (by full message) dropped; one error alone, several
 * as `[a, b]` (k8s.io/apimachinery/pkg/util/errors/errors.go aggregate.Error).
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const m = fieldErr.toString(e);
    if (seen.has(m)) continue;
    seen.add(m);
    msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}
