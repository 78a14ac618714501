import { resolveKind } from '../../api/kinds.js';
import type { KubeObject } from '../../store/types.js';
import type { AssertionEvaluator } from './types.js';
import { podReady } from './resolve.js';
import { compareValue, comparisonText } from './compare.js';

/** `count: {kind, namespace, selector, phase, ready, terminating, node}` with equals/min/max. */
export const count: AssertionEvaluator = (a, ctx) => {
  const f = a.count!;
  const info = resolveKind(f.kind)!;
  const opts: { namespace?: string; labelSelector?: string } = {};
  if (f.namespace !== undefined && info.namespaced) opts.namespace = f.namespace;
  if (f.selector !== undefined) opts.labelSelector = f.selector;
  let objs: KubeObject[] = ctx.store.list(info.kind, opts);
  if (f.phase !== undefined) objs = objs.filter((o) => o.status?.phase === f.phase);
  if (f.ready !== undefined) objs = objs.filter((o) => podReady(o) === f.ready);
  if (f.terminating !== undefined) objs = objs.filter((o) => Boolean(o.metadata.deletionTimestamp) === f.terminating);
  if (f.node !== undefined) objs = objs.filter((o) => o.spec?.nodeName === f.node);
  // Fixed order (never the user's key order) so messages are stable.
  const filters = (['namespace', 'selector', 'phase', 'ready', 'terminating', 'node'] as const)
    .filter((k) => f[k] !== undefined)
    .map((k) => `${k}=${String(f[k])}`)
    .join(' ');
  const what = `${info.resource}${filters ? ` (${filters})` : ''}`;
  const why = compareValue(objs.length, { equals: a.equals, min: a.min, max: a.max });
  if (!why) return { ok: true, message: `${objs.length} ${what}, ${comparisonText(a)}` };
  const names = objs.slice(0, 30).map((o) => `  ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}${o.status?.phase ? ` ${o.status.phase}` : ''}${o.metadata.deletionTimestamp ? ' Terminating' : ''}`);
  if (objs.length > 30) names.push(`  ... ${objs.length - 30} more`);
  return { ok: false, message: `count of ${what}: ${why}`, diff: names.length ? `matching now:\n${names.join('\n')}` : 'matching now: none' };
};
