import { compareTables } from '../../printers/compare-tables.js';
import { getTable, type GetRequest } from '../../printers/get-table.js';
import type { AssertionEvaluator } from './types.js';

/**
 * `get: KIND | {kind, name, namespace, allNamespaces, selector, wide}` + `output`: what `kubectl get`
 * prints now, compared cell by cell (columns split on 2+ spaces; `*` matches any cell or any
 * run of characters inside one, for random hashes and ages).
 */
export const get: AssertionEvaluator = (a, ctx) => {
  const ref = a.get!;
  const req: GetRequest = typeof ref === 'string' ? { kind: ref } : { ...ref };
  if (req.namespace === undefined && a.namespace !== undefined) req.namespace = a.namespace;
  const command = `kubectl get ${req.kind}${req.name ? ` ${req.name}` : ''}${req.allNamespaces ? ' -A' : req.namespace && req.namespace !== 'default' ? ` -n ${req.namespace}` : ''}${req.selector ? ` -l ${req.selector}` : ''}${req.wide ? ' -o wide' : ''}`;
  const expected = a.output ?? '';
  const res = getTable(ctx.store, req, ctx.now);
  if (!res.ok) return { ok: false, message: `${command}: ${res.text}` };
  const shown = `expected:\n${indent(expected)}\nactual:\n${indent(res.text)}`;
  if (!res.table) {
    const ok = expected.trim() === res.text.trim();
    return { ok, message: ok ? `${command}: ${res.text.trim()}` : `${command}: printed no table`, diff: ok ? undefined : shown };
  }
  const cmp = compareTables(expected, res.table);
  if (cmp.ok) return { ok: true, message: `${command}: ${cmp.message}` };
  return { ok: false, message: `${command}: ${cmp.message}`, diff: shown };
};

function indent(s: string): string {
  return s
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
