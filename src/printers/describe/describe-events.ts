import { fromTimestamp } from '../../api/time.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { since } from './describe-format.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';

/**
 * searchEvents (describe.go): the Events whose involvedObject has the object's name, namespace,
 * kind (Pods: any kind, the reference's kind is cleared) and uid. For a Node, also those whose
 * uid is the node's name (the kubelet's events), appended after the first set.
 */
export function searchEvents(store: StoreApi, obj: KubeObject): KubeObject[] {
  const meta = obj.metadata;
  const namespaced = !!meta.namespace;
  const all = store.list('Event', namespaced ? { namespace: meta.namespace } : {});
  const byKey = [...all].sort((a, b) => eventKey(a) < eventKey(b) ? -1 : eventKey(a) > eventKey(b) ? 1 : 0);
  const matches = (e: KubeObject, uid: string | undefined): boolean => {
    const ref = e.involvedObject ?? {};
    if (ref.name !== meta.name) return false;
    if (namespaced && (ref.namespace ?? '') !== meta.namespace) return false;
    if (obj.kind !== 'Pod' && ref.kind !== obj.kind) return false;
    return uid === undefined || ref.uid === uid;
  };
  const found = byKey.filter((e) => matches(e, meta.uid));
  if (obj.kind === 'Node') found.push(...byKey.filter((e) => matches(e, meta.name) && meta.uid !== meta.name));
  return found;
}

function eventKey(e: KubeObject): string {
  return `${e.metadata.namespace ?? ''}/${e.metadata.name}`;
}

/** event.SortableEvents' time: series.lastObservedTime, else lastTimestamp, else eventTime. */
function eventTime(e: KubeObject): number {
  const t = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime;
  const ms = t ? fromTimestamp(t) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * DescribeEvents: `Events:  <none>`, or a Type/Reason/Age/From/Message table oldest first; a
 * repeated event's age is `<last> (x<count> over <first>)`.
 */
export function describeEvents(events: KubeObject[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  // sort.Sort(SortableEvents): an insertion sort (stable) for the short lists describe shows.
  const sorted = [...events].sort((a, b) => eventTime(a) - eventTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingController || '';
    // 1.30 prints the message alone (the `fieldPath: ` prefix came in later releases).
    const message = String(e.message ?? '').trim();
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}
