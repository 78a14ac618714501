import { parseQuantity } from '../../api/quantity.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { cmp, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-format.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { quantityString } from './pod-template.js';

/** describeLimitRangeSpec: one row per resource named in any of the item's maps; `-` when unset. */
export function limitRangeRows(lr: KubeObject, prefix: string, w: PrefixWriter): void {
  for (const item of lr.spec?.limits ?? []) {
    const maps = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio] as Array<Record<string, unknown> | undefined>;
    // Go iterates a map (random order); sorted here for determinism.
    const names = [...new Set(maps.flatMap((m) => Object.keys(m ?? {})))].sort(cmp);
    for (const k of names) {
      const cells = maps.map((m) => (m && m[k] !== undefined ? quantityString(m[k]) : '-'));
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${cells.join('\t')}\n`);
    }
  }
}

/** DescribeLimitRanges: `No LimitRange resource.` or the merged Resource Limits table. */
function describeLimitRanges(lrs: KubeObject[], w: PrefixWriter): void {
  if (lrs.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of lrs) limitRangeRows(lr, ' ', w);
}

/** DescribeResourceQuotas: `No resource quota.` or one Resource/Used/Hard table per quota. */
function describeResourceQuotas(quotas: KubeObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => cmp(a.metadata.name!, b.metadata.name!))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(cmp);
    if (scopes.length > 0) w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard: Record<string, string> = q.status?.hard ?? {};
    const used: Record<string, string> = q.status?.used ?? {};
    for (const r of Object.keys(hard).sort(cmp)) {
      w.write(LEVEL_1, `${r}\t${used[r] !== undefined ? quantityString(used[r]) : parseQuantity('0').toString()}\t${quantityString(hard[r])}\n`);
    }
  }
}

/** describeNamespace (kubectl 1.30): status, conditions, resource quotas and the LimitRange table. */
export function describeNamespace(store: StoreApi, ns: KubeObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conds: any[] = ns.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  w.write(LEVEL_0, '\n');
  describeResourceQuotas(store.list('ResourceQuota', { namespace: ns.metadata.name }), w);
  w.write(LEVEL_0, '\n');
  describeLimitRanges(store.list('LimitRange', { namespace: ns.metadata.name }), w);
  return w.toString();
}

/** describeLimitRange (`kubectl describe limitrange`): the same table without the leading space. */
export function describeLimitRange(lr: KubeObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace}\n`);
  w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRangeRows(lr, '', w);
  return w.toString();
}

/** describeQuota (`kubectl describe quota`): Resource/Used/Hard, resources sorted. */
export function describeResourceQuota(q: KubeObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${q.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace}\n`);
  const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(cmp);
  if (scopes.length > 0) w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  for (const r of Object.keys(hard).sort(cmp)) w.write(LEVEL_0, `${r}\t${used[r] !== undefined ? quantityString(used[r]) : '0'}\t${quantityString(hard[r])}\n`);
  return w.toString();
}
