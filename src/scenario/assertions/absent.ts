import type { AssertionEvaluator } from './types.js';
import { lookup } from './resolve.js';

/** `absent: kind/name`: no such object (a terminating object still exists). */
export const absent: AssertionEvaluator = (a, ctx) => {
  const { obj, label } = lookup(ctx, a.absent!, a.namespace);
  if (!obj) return { ok: true, message: `${label} is absent` };
  const bits: string[] = [];
  if (obj.status?.phase) bits.push(`phase ${obj.status.phase}`);
  if (obj.metadata.deletionTimestamp) bits.push(`terminating since ${obj.metadata.deletionTimestamp}`);
  if (obj.metadata.finalizers?.length) bits.push(`finalizers ${obj.metadata.finalizers.join(', ')}`);
  return { ok: false, message: `${label} exists${bits.length ? ` (${bits.join('; ')})` : ''}` };
};
