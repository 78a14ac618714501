import type { AssertionEvaluator } from './types.js';
import { lookup } from './resolve.js';
import { formatMismatches, subsetMismatches } from './subset-match.js';

/** `object: kind/name` (+ `matches`): the object exists and contains the subset. */
export const object: AssertionEvaluator = (a, ctx) => {
  const { obj, label } = lookup(ctx, a.object!, a.namespace);
  if (!obj) return { ok: false, message: `${label} not found` };
  if (a.matches === undefined) return { ok: true, message: `${label} exists` };
  const ms = subsetMismatches(a.matches, obj);
  if (ms.length === 0) return { ok: true, message: `${label} matches` };
  return { ok: false, message: `${label} does not match (${ms.length} difference${ms.length === 1 ? '' : 's'})`, diff: formatMismatches(ms) };
};
