/** metav1 validation ValidateLabelSelector / ValidateLabelSelectorRequirement (apimachinery pkg/apis/meta/v1/validation). */
import { isQualifiedName, isValidLabelValue } from '../../validation.js';
import { fieldErr, type FieldError, type PathIn } from '../field-error.js';
import { validateLabels } from './object-meta.js';

type Obj = Record<string, any>;

export function validateLabelSelector(ls: Obj | null | undefined, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  if (!ls || typeof ls !== 'object') return errs;
  errs.push(...validateLabels(ls.matchLabels, [...path, 'matchLabels']));
  const exprs: unknown[] = Array.isArray(ls.matchExpressions) ? ls.matchExpressions : [];
  exprs.forEach((e, i) => {
    const r = (e ?? {}) as Obj;
    const p: PathIn = [...path, 'matchExpressions', i];
    const values: unknown[] = Array.isArray(r.values) ? r.values : [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(fieldErr.required([...p, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldErr.forbidden([...p, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErr.invalid([...p, 'operator'], r.operator ?? '', 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(String(r.key ?? ''))) errs.push(fieldErr.invalid([...p, 'key'], r.key ?? '', msg));
    values.forEach((v, vi) => {
      for (const msg of isValidLabelValue(String(v))) errs.push(fieldErr.invalid([...p, 'values', vi], v, msg));
    });
  });
  return errs;
}
