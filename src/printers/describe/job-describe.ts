import { formatLabelSelector, labelSelectorAsSelector } from '../../api/selector.js';
import { fromTimestamp } from '../../api/time.js';
import { humanDuration } from '../../api/human-duration.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-format.js';
import { controllerOf } from './pod-describe.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';

/** LabelSelectorAsSelector(...).String(), or kubectl's "Failed to get selector" line. */
export function selectorLine(ls: unknown): string {
  try {
    return labelSelectorAsSelector(ls as any).toString();
  } catch (e) {
    return `Failed to get selector: ${(e as Error).message}`;
  }
}

/** capIndexesListOrNone: `<none>`, or the list cut after the first comma past 50 characters, with "...". */
export function capIndexesListOrNone(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return `${indexes.slice(0, ix + 1)}...`;
}

/** describeJob (kubectl 1.30 describe.go), with the Job's events. */
export function describeJob(store: StoreApi, job: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorLine(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const controlledBy = controllerOf(job);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (spec.parallelism != null) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(LEVEL_0, `Completions:\t${spec.completions != null ? spec.completions : '<unset>'}\n`);
  if (spec.completionMode != null) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend != null) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit != null) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished != null) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(fromTimestamp(st.completionTime) - fromTimestamp(st.startTime))}\n`);
  if (spec.activeDeadlineSeconds != null) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready == null) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(st.completedIndexes)}\n`);
  describePodTemplate(spec.template, w, formatLabelSelector);
  describeEvents(searchEvents(store, job), w, now);
  return w.toString();
}
