import { age } from './age.js';
import type { KindPrinter } from './kind-printer.js';

/** formatEventSource: component (or reportingController), then `, host` (or reportingInstance). */
function formatSource(o: any): string {
  const component = o.source?.component || o.reportingComponent || '';
  const instance = o.source?.host || o.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/**
 * printEvent (`kubectl get events`): LAST SEEN falls back to FIRST SEEN, then eventTime;
 * OBJECT is `kind/name` lower-cased kind; the message is trimmed.
 */
export const eventTable: KindPrinter = {
  columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wideColumns: ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME'],
  // The Priority 1 columns sit between the others in the column definitions.
  wideHeader: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
  row(o, now, wide) {
    const first = o.firstTimestamp ? age(o.firstTimestamp, now) : age(o.eventTime, now);
    let last = o.lastTimestamp ? age(o.lastTimestamp, now) : first;
    let n = o.count ?? 0;
    if (o.series) {
      last = age(o.series.lastObservedTime, now);
      n = o.series.count;
    } else if (n === 0) n = 1;
    const io = o.involvedObject ?? {};
    const kind = String(io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    const message = String(o.message ?? '').trim();
    if (!wide) return [last, o.type ?? '', o.reason ?? '', target, message];
    return [last, o.type ?? '', o.reason ?? '', target, io.fieldPath ?? '', formatSource(o), message, first, String(n), o.metadata.name ?? ''];
  },
};
