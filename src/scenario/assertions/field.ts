import type { AssertionEvaluator } from './types.js';
import { lookup } from './resolve.js';
import { getField, parseFieldPath } from '../field-path.js';
import { compareValue, comparisonText } from './compare.js';
import { show } from './subset-match.js';

/** `field: {target, path}` with equals/min/max. A missing field compares as absent. */
export const field: AssertionEvaluator = (a, ctx) => {
  const f = a.field!;
  const { obj, label } = lookup(ctx, f.target, f.namespace ?? a.namespace);
  if (!obj) return { ok: false, message: `${label} not found (field ${f.path})` };
  const r = getField(obj, parseFieldPath(f.path));
  if (!r.found) {
    const ok = a.equals === null;
    return { ok, message: `${label} ${f.path}: absent (no ${r.missingAt})${ok ? '' : `, ${comparisonText(a)}`}` };
  }
  const why = compareValue(r.value, { equals: a.equals, min: a.min, max: a.max });
  if (!why) return { ok: true, message: `${label} ${f.path} = ${show(r.value)}` };
  return { ok: false, message: `${label} ${f.path}: ${why}` };
};
