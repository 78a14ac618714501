import { formatLabelSelector, labelSelectorAsSelector } from '../../api/selector.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { controllerOf } from './pod-describe.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';

/** getPodStatusForController: phases of the selected pods whose controller is `owner`. */
export function podStatusForController(store: StoreApi, owner: KubeObject, selectorLs: unknown): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  let sel;
  try {
    sel = labelSelectorAsSelector(selectorLs as any);
  } catch {
    return '0 Running / 0 Waiting / 0 Succeeded / 0 Failed';
  }
  for (const pod of store.list('Pod', { namespace: owner.metadata.namespace, labelSelector: sel })) {
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || ref.uid !== owner.metadata.uid) continue;
    switch (pod.status?.phase) {
      case 'Running':
        running++;
        break;
      case 'Pending':
        waiting++;
        break;
      case 'Succeeded':
        succeeded++;
        break;
      case 'Failed':
        failed++;
        break;
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

/** describeReplicaSet (kubectl 1.30 describe.go). */
export function describeReplicaSet(store: StoreApi, rs: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = rs.spec ?? {};
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const controlledBy = controllerOf(rs);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${spec.replicas ?? 0} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusForController(store, rs, spec.selector)}\n`);
  describePodTemplate(spec.template, w, formatLabelSelector);
  const conds: any[] = rs.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  describeEvents(searchEvents(store, rs), w, now);
  return w.toString();
}
