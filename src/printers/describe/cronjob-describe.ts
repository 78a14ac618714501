import { formatLabelSelector } from '../../api/selector.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-format.js';
import { selectorLine } from './job-describe.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';

/** printBoolPtr: `True`, `False` or `<unset>`. */
function boolPtr(v: unknown): string {
  return v == null ? '<unset>' : v ? 'True' : 'False';
}

/** describeCronJob (kubectl 1.30 describe.go) with describeJobTemplate, printActiveJobs and events. */
export function describeCronJob(store: StoreApi, cj: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = cj.spec ?? {};
  w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
  w.write(LEVEL_0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds != null ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  // describeJobTemplate
  const jt = spec.jobTemplate?.spec ?? {};
  w.write(LEVEL_0, `Selector:\t${jt.selector ? selectorLine(jt.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${jt.parallelism ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${jt.completions ?? '<unset>'}\n`);
  if (jt.activeDeadlineSeconds != null) w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(jt.template, w, formatLabelSelector);
  const last = cj.status?.lastScheduleTime;
  w.write(LEVEL_0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  const active: any[] = cj.status?.active ?? [];
  w.write(LEVEL_0, 'Active Jobs:\t');
  w.writeLine(active.length === 0 ? '<none>' : active.map((j) => j.name).join(', '));
  describeEvents(searchEvents(store, cj), w, now);
  return w.toString();
}
