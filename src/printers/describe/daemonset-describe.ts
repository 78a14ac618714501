import { formatLabelSelector } from '../../api/selector.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { formatLabels } from '../format.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { selectorLine } from './job-describe.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';
import { podStatusForController } from './replicaset-describe.js';

/** describeDaemonSet (kubectl 1.30 describe.go): the counters lines have no tab, so they are not aligned. */
export function describeDaemonSet(store: StoreApi, ds: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = ds.spec ?? {};
  const st = ds.status ?? {};
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorLine(spec.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusForController(store, ds, spec.selector)}\n`);
  describePodTemplate(spec.template, w, formatLabelSelector);
  describeEvents(searchEvents(store, ds), w, now);
  return w.toString();
}
