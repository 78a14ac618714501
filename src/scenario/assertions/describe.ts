import { describeContains, describeObject } from '../../printers/describe/index.js';
import { mustParseTarget } from '../target.js';
import type { AssertionEvaluator } from './types.js';

/**
 * `describe: KIND/NAME` (+ `namespace`) + `contains: TEXT | [TEXT..]`: what `kubectl describe`
 * prints now contains every given text. Lines are compared with their spaces/tabs runs made one
 * space and trimmed (describe's column padding changes with the widest label), see
 * printers/describe/describe-contains.ts. Without `contains`, the object must be describable.
 */
export const describe: AssertionEvaluator = (a, ctx) => {
  const ref = mustParseTarget(a.describe!, a.namespace);
  const command = `kubectl describe ${ref.info.singular} ${ref.name}${ref.namespace && ref.namespace !== 'default' ? ` -n ${ref.namespace}` : ''}`;
  const res = describeObject(ctx.store, ref.kind, ref.namespace, ref.name, ctx.now);
  if (!res.ok) return { ok: false, message: `${command}: ${res.text}` };
  const wanted = a.contains === undefined ? [] : Array.isArray(a.contains) ? a.contains : [a.contains];
  const missing = describeContains(res.text, wanted);
  if (missing.length === 0) return { ok: true, message: `${command}: contains ${wanted.length} expected text${wanted.length === 1 ? '' : 's'}` };
  return {
    ok: false,
    message: `${command}: output lacks ${missing.map((m) => JSON.stringify(m.trim())).join(', ')}`,
    diff: `missing (compared with blank runs as one space):\n${missing.map((m) => indent(m)).join('\n')}\nactual:\n${indent(res.text)}`,
  };
};

function indent(s: string): string {
  return s
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
