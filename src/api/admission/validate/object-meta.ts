/**
 * ObjectMeta validation (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * ValidateObjectMetaAccessor, ValidateObjectMetaUpdate; metav1 validation ValidateLabels) and
 * the per-kind name rules (pkg/apis/core/validation: ValidatePodName = NameIsDNSSubdomain,
 * ValidateServiceName = NameIsDNS1035Label, ValidateNamespaceName = NameIsDNSLabel;
 * pkg/apis/apps/validation ValidateStatefulSetName = NameIsDNSLabel since 1.27).
 */
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, utf8Len } from '../../validation.js';
import { fieldErr, type FieldError, type PathIn } from '../field-error.js';

type Obj = Record<string, any>;
export type NameFn = (name: string, prefix: boolean) => string[];

/** maskTrailingDash: a generateName prefix may end in '-'. */
function mask(name: string, prefix: boolean): string {
  return prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}
export const nameIsDNSSubdomain: NameFn = (n, p) => isDNS1123Subdomain(mask(n, p));
export const nameIsDNSLabel: NameFn = (n, p) => isDNS1123Label(mask(n, p));
export const nameIsDNS1035Label: NameFn = (n, p) => isDNS1035Label(mask(n, p));
/** Event names are not validated beyond being present (ValidateEventCreate uses NameIsDNSSubdomain only for some). */
export const nameAny: NameFn = () => [];

const NAME_FNS: Record<string, NameFn> = {
  Service: nameIsDNS1035Label,
  Namespace: nameIsDNSLabel,
  StatefulSet: nameIsDNSLabel,
  Event: nameAny,
};

export function nameFnFor(kind: string): NameFn {
  return NAME_FNS[kind] ?? nameIsDNSSubdomain;
}

/** The same error with its structured path extended to a map entry (the field string is unchanged). */
function at(e: FieldError, k: string): FieldError {
  return { ...e, path: [...e.path, k] };
}

/** metav1validation.ValidateLabels: keys are qualified names, values label values (keys sorted). */
export function validateLabels(labels: unknown, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels || typeof labels !== 'object') return errs;
  const m = labels as Record<string, unknown>;
  for (const k of Object.keys(m).sort()) {
    // Kubernetes names only the map (`metadata.labels`); the structured path points at the entry.
    for (const msg of isQualifiedName(k)) errs.push(at(fieldErr.invalid(path, k, msg), k));
    const v = m[k];
    if (typeof v === 'string') for (const msg of isValidLabelValue(v)) errs.push(at(fieldErr.invalid(path, v, msg), k));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** apimachinery ValidateAnnotations: keys qualified names (checked lower-cased), total size 256 KiB. */
export function validateAnnotations(ann: unknown, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  if (!ann || typeof ann !== 'object') return errs;
  const m = ann as Record<string, unknown>;
  let size = 0;
  for (const k of Object.keys(m).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(at(fieldErr.invalid(path, k, msg), k));
    size += utf8Len(k) + (typeof m[k] === 'string' ? utf8Len(m[k] as string) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(fieldErr.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** ValidateObjectMeta: name (or generateName), namespace, generation, labels, annotations, finalizers. */
export function validateObjectMeta(meta: Obj | undefined, nameFn: NameFn, namespaced: boolean): FieldError[] {
  const m: Obj = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) for (const msg of nameFn(String(m.generateName), true)) errs.push(fieldErr.invalid(['metadata', 'generateName'], m.generateName, msg));
  if (!m.name) errs.push(fieldErr.required(['metadata', 'name'], 'name or generateName is required'));
  else for (const msg of nameFn(String(m.name), false)) errs.push(fieldErr.invalid(['metadata', 'name'], m.name, msg));
  if (namespaced && m.namespace) {
    for (const msg of isDNS1123Label(String(m.namespace))) errs.push(fieldErr.invalid(['metadata', 'namespace'], m.namespace, msg));
  }
  if (typeof m.generation === 'number' && m.generation < 0) errs.push(fieldErr.invalid(['metadata', 'generation'], m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, ['metadata', 'labels']));
  errs.push(...validateAnnotations(m.annotations, ['metadata', 'annotations']));
  if (Array.isArray(m.finalizers)) {
    const seen = new Set<string>();
    for (const f of m.finalizers) {
      if (typeof f !== 'string') continue;
      for (const msg of isQualifiedName(f)) errs.push(fieldErr.invalid(['metadata', 'finalizers'], f, msg));
      if (seen.has(f)) errs.push(fieldErr.duplicate(['metadata', 'finalizers'], f));
      seen.add(f);
    }
  }
  return errs;
}

/** ValidateObjectMetaUpdate (the parts a client can get wrong; the store owns uid/resourceVersion). */
export function validateObjectMetaUpdate(meta: Obj | undefined, old: Obj | undefined): FieldError[] {
  const m: Obj = meta ?? {};
  const o: Obj = old ?? {};
  const errs: FieldError[] = [];
  if (typeof m.generation === 'number' && typeof o.generation === 'number' && m.generation < o.generation) {
    errs.push(fieldErr.invalid(['metadata', 'generation'], m.generation, 'must not be decremented'));
  }
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (o[f] !== undefined && m[f] !== undefined && m[f] !== o[f]) errs.push(fieldErr.invalid(['metadata', f], m[f], 'field is immutable'));
  }
  if (o.deletionTimestamp && Array.isArray(m.finalizers)) {
    const had = new Set<string>(Array.isArray(o.finalizers) ? o.finalizers : []);
    const added = (m.finalizers as string[]).filter((f) => !had.has(f));
    if (added.length) {
      errs.push(fieldErr.forbidden(['metadata', 'finalizers'], `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((a) => JSON.stringify(a)).join(', ')}}`));
    }
  }
  errs.push(...validateLabels(m.labels, ['metadata', 'labels']));
  errs.push(...validateAnnotations(m.annotations, ['metadata', 'annotations']));
  return errs;
}

