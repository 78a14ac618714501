import { toTimestamp } from '../api/time.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import type { EventSink } from './context.js';
import { EPOCH_MS } from '../api/time.js';

/**
 * core/v1 Event recording as client-go's EventRecorder + EventCorrelator do it: an event with
 * the same source, involved object, type, reason and message as an earlier one bumps that
 * event's `count` and `lastTimestamp` instead of creating a new object.
 * Names are `<involved name>.<hex nanoseconds>` (tools/record/event.go makeEvent).
 */
/** One aggregated event: the EventAggregator key fields and the Event object written for them. */
interface Seen {
  kind: string;
  namespace: string;
  objName: string | undefined;
  component: string;
  host: string;
  fieldPath: string;
  type: string;
  reason: string;
  message: string;
  evNamespace: string;
  evName: string;
}

export class EventRecorder implements EventSink {
  /**
   * Involved object (its uid; kind/namespace/name when it has none) -> the events recorded
   * for it. Matching compares the key fields directly: no key string is built per event.
   */
  private readonly seen = new Map<string, Seen[]>();
  private seq = 0;
  private tsAt = -1;
  private tsText = '';
  enabled = true;

  constructor(private readonly store: StoreApi) {}

  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string, fieldPath?: string): void {
    if (!this.enabled) return;
    const meta = involved.metadata;
    const namespace = meta.namespace || 'default';
    const kind = involved.kind;
    const objName = meta.name;
    const h = host ?? '';
    const fp = fieldPath ?? '';
    const uid = meta.uid;
    const objKey = typeof uid === 'string' && uid !== '' ? uid : `\u0001${kind}\u0000${namespace}\u0000${objName}\u0000${uid}`;
    const now = this.store.now;
    if (now !== this.tsAt) {
      this.tsAt = now;
      this.tsText = toTimestamp(now);
    }
    const ts = this.tsText;
    let list = this.seen.get(objKey);
    if (!list) {
      list = [];
      this.seen.set(objKey, list);
    }
    let prev: Seen | undefined;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (x.reason === reason && x.message === message && x.type === type && x.component === component && x.host === h && x.fieldPath === fp && x.kind === kind && x.namespace === namespace && x.objName === objName) {
        prev = x;
        break;
      }
    }
    if (prev) {
      const ev = this.store.get('Event', prev.evNamespace, prev.evName);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: ts }, { actor: component, origin: 'system' });
        return;
      }
    }
    const name = `${meta.name}.${nanosHex(EPOCH_MS + now, this.seq++)}`;
    const involvedObject: Record<string, unknown> = { kind: involved.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: involved.apiVersion, resourceVersion: meta.resourceVersion };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    if (!meta.namespace) delete involvedObject.namespace;
    const source: Record<string, string> = { component };
    if (host) source.host = host;
    this.store.create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject,
        reason,
        message,
        source,
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: host ?? '',
      },
      { actor: component, origin: 'system' },
    );
    if (prev) {
      prev.evNamespace = namespace;
      prev.evName = name;
    } else {
      list.push({ kind, namespace, objName, component, host: h, fieldPath: fp, type, reason, message, evNamespace: namespace, evName: name });
    }
  }
}

/**
 * Hex of `ms * 1e6 + seq` (the event name's nanosecond suffix) without BigInt. The value is
 * about 2^61, beyond a double's 53 exact bits, so it is assembled as two 32-bit halves:
 * ms = mHi * 2^21 + mLo; mHi * 1e6 = xHi * 2^11 + xLo; every partial product stays below 2^53.
 */
export function nanosHex(ms: number, seq: number): string {
  const mHi = Math.floor(ms / 2097152);
  const mLo = ms - mHi * 2097152;
  const x = mHi * 1000000;
  const xHi = Math.floor(x / 2048);
  const xLo = x - xHi * 2048;
  let lo = xLo * 2097152 + mLo * 1000000 + seq;
  const carry = Math.floor(lo / 4294967296);
  lo -= carry * 4294967296;
  const hi = xHi + carry;
  if (hi === 0) return lo.toString(16);
  return hi.toString(16) + lo.toString(16).padStart(8, '0');
}
