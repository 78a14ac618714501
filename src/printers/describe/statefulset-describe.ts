import { formatLabelSelector, labelSelectorAsSelector } from '../../api/selector.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-format.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';
import { podStatusForController } from './replicaset-describe.js';

/** describeStatefulSet (kubectl 1.30 describe.go), with describeVolumeClaimTemplates and events. */
export function describeStatefulSet(store: StoreApi, s: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = s.spec ?? {};
  let selector = '';
  try {
    selector = labelSelectorAsSelector(spec.selector).toString();
  } catch {
    selector = '';
  }
  w.write(LEVEL_0, `Name:\t${s.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${s.metadata.namespace}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(s.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selector}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${s.status?.replicas ?? 0} total\n`);
  w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined && ru.partition !== null) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podStatusForController(store, s, spec.selector)}\n`);
  describePodTemplate(spec.template, w, formatLabelSelector);
  const templates: KubeObject[] = spec.volumeClaimTemplates ?? [];
  if (templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
  } else {
    w.write(LEVEL_0, 'Volume Claims:\n');
    for (const pvc of templates) {
      w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      // storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over the field.
      const cls = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
      w.write(LEVEL_1, `StorageClass:\t${cls}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      const cap = pvc.spec?.resources?.requests?.storage;
      w.write(LEVEL_1, `Capacity:\t${cap ?? '<default>'}\n`);
      w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  describeEvents(searchEvents(store, s), w, now);
  return w.toString();
}
