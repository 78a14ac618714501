import type { AssertionEvaluator } from './types.js';
import { conditionSummary, lookup } from './resolve.js';

/** `condition: {target, type, status, reason, message}` on status.conditions. */
export const condition: AssertionEvaluator = (a, ctx) => {
  const f = a.condition!;
  const { obj, label } = lookup(ctx, f.target, f.namespace ?? a.namespace);
  if (!obj) return { ok: false, message: `${label} not found (condition ${f.type})` };
  const want = f.status ?? 'True';
  const conds: Array<{ type?: string; status?: string; reason?: string; message?: string }> = Array.isArray(obj.status?.conditions) ? obj.status.conditions : [];
  const c = conds.find((x) => x.type === f.type);
  const wantText = `${f.type}=${want}${f.reason !== undefined ? ` (${f.reason})` : ''}`;
  if (!c) return { ok: false, message: `${label} has no ${f.type} condition (want ${wantText}; has ${conditionSummary(obj)})` };
  const bad: string[] = [];
  if (c.status !== want) bad.push(`status ${c.status}`);
  if (f.reason !== undefined && c.reason !== f.reason) bad.push(`reason ${c.reason ?? '<none>'}`);
  if (f.message !== undefined && !String(c.message ?? '').includes(f.message)) bad.push(`message ${JSON.stringify(c.message ?? '')}`);
  if (bad.length === 0) return { ok: true, message: `${label} ${wantText}` };
  return { ok: false, message: `${label} condition ${f.type}: want ${wantText}, got ${bad.join(', ')}${c.message ? ` (${c.message})` : ''}` };
};
