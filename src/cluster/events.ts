import { toTimestamp } from '../api/time.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import type { EventSink } from './context.js';
import { EPOCH_MS } from '../api/time.js';

/**
 * core/v1 Event recording as client-go's EventRecorder + EventCorrelator do it: an event with
 * the same source, involved object, type, reason and message as an earlier one bumps that
 * event's `count` and `lastTimestamp` instead of creating a new object.
 * Names are `<involved name>.<hex nanoseconds>` (tools/record/event.go makeEvent).
 *
 * Cost per event matters (a pod start records four): the aggregation state is the Event objects
 * the store returned (their fields are the EventAggregator key), and the parts of an Event that
 * are the same for many events (`source`, the `involvedObject` of one pod version and container)
 * are shared between the stored, immutable Event objects.
 */
export class EventRecorder implements EventSink {
  /**
   * Involved object (its uid; kind/namespace/name when it has none) -> the Event objects
   * recorded for it (as created; only their key fields are read). Matching compares the key
   * fields directly: no key string is built per event.
   */
  private readonly seen = new Map<string, KubeObject[]>();
  private seq = 0;
  private tsAt = -1;
  private tsText = '';
  /** nanosHex of the current ms: its high 32 bits (hex) and low 32 bits (number). */
  private nsHi = 0;
  private nsLo = 0;
  private nsHiHex = '0';
  /** `source` objects by component, then host ('' when none). */
  private readonly sources = new Map<string, Map<string, Record<string, string>>>();
  private lastSource: Record<string, string> | undefined;
  /** The last involvedObject built, for the object version and fieldPath it was built from. */
  private lastInvolved: KubeObject | undefined;
  private lastFieldPath: string | undefined;
  private lastRef: Record<string, unknown> | undefined;
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
    if (now !== this.tsAt) this.tick(now);
    const ts = this.tsText;
    const list = this.seen.get(objKey);
    let prevIdx = -1;
    if (list !== undefined) for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (x.reason !== reason || x.message !== message || x.type !== type) continue;
      const src = x.source;
      const ref = x.involvedObject;
      if (src.component === component && (src.host ?? '') === h && (ref.fieldPath ?? '') === fp && ref.kind === kind && x.metadata.namespace === namespace && ref.name === objName) {
        prevIdx = i;
        break;
      }
    }
    if (prevIdx >= 0) {
      const ev = this.store.get('Event', namespace, list![prevIdx]!.metadata.name!);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: ts }, { actor: component, origin: 'system' });
        return;
      }
    }
    const name = `${meta.name}.${this.nanosNow(this.seq++)}`;
    const created = this.store.create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        // The keys the API server fills in are present (undefined) and in their final order: built
        // with native object spread, the store then assigns them in place rather than adding keys
        // to a spread clone (V8 11.3's slow path, 2x per create); no difference with Object.assign.
        metadata: { name, namespace, uid: undefined, creationTimestamp: undefined, resourceVersion: undefined },
        involvedObject: this.involvedRef(involved, fieldPath),
        reason,
        message,
        source: this.source(component, h),
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: h,
      },
      { actor: component, origin: 'system' },
    );
    if (prevIdx >= 0) list![prevIdx] = created;
    else if (list === undefined) this.seen.set(objKey, [created]);
    // Exact-size lists (a push would give each a 16-slot store for the object's life).
    else this.seen.set(objKey, appended(list, created));
  }

  private tick(now: number): void {
    this.tsAt = now;
    this.tsText = toTimestamp(now);
    const [hi, lo] = nanosParts(EPOCH_MS + now);
    this.nsHi = hi;
    this.nsLo = lo;
    this.nsHiHex = hi.toString(16);
  }

  /** nanosHex(EPOCH_MS + now, seq) from the parts of the current ms. */
  private nanosNow(seq: number): string {
    let lo = this.nsLo + seq;
    if (lo >= 4294967296) {
      const carry = Math.floor(lo / 4294967296);
      lo -= carry * 4294967296;
      return hexOf(this.nsHi + carry, lo);
    }
    if (this.nsHi === 0) return lo.toString(16);
    return this.nsHiHex + hex8(lo);
  }

  /** `source`: {component, host?}, one shared object per component and host. */
  private source(component: string, host: string): Record<string, string> {
    // The events of one sync come from one source: try the last one first.
    const last = this.lastSource;
    if (last !== undefined && last.component === component && (last.host ?? '') === host) return last;
    let byHost = this.sources.get(component);
    if (byHost === undefined) {
      byHost = new Map();
      this.sources.set(component, byHost);
    }
    let s = byHost.get(host);
    if (s === undefined) {
      s = host ? { component, host } : { component };
      byHost.set(host, s);
    }
    this.lastSource = s;
    return s;
  }

  /** GetReference of the involved object (+ fieldPath), shared by the events of one object version and container. */
  private involvedRef(involved: KubeObject, fieldPath: string | undefined): Record<string, unknown> {
    if (this.lastInvolved === involved && this.lastFieldPath === fieldPath) return this.lastRef!;
    const meta = involved.metadata;
    const ref: Record<string, unknown> = { kind: involved.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: involved.apiVersion, resourceVersion: meta.resourceVersion };
    if (fieldPath) ref.fieldPath = fieldPath;
    if (!meta.namespace) delete ref.namespace;
    this.lastInvolved = involved;
    this.lastFieldPath = fieldPath;
    this.lastRef = ref;
    return ref;
  }
}

/**
 * `ms * 1e6` as [high 32 bits, low 32 bits] without BigInt. The value is about 2^61, beyond a
 * double's 53 exact bits: ms = mHi * 2^21 + mLo; mHi * 1e6 = xHi * 2^11 + xLo; every partial
 * product stays below 2^53.
 */
function nanosParts(ms: number): [number, number] {
  const mHi = Math.floor(ms / 2097152);
  const mLo = ms - mHi * 2097152;
  const x = mHi * 1000000;
  const xHi = Math.floor(x / 2048);
  const xLo = x - xHi * 2048;
  let lo = xLo * 2097152 + mLo * 1000000;
  const carry = Math.floor(lo / 4294967296);
  lo -= carry * 4294967296;
  return [xHi + carry, lo];
}

function hexOf(hi: number, lo: number): string {
  if (hi === 0) return lo.toString(16);
  return hi.toString(16) + hex8(lo);
}

/** Two hex digits per byte value. */
const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `lo` (an unsigned 32-bit value) as 8 hex digits (Number#toString(16) of a non-Smi is slow). */
function hex8(lo: number): string {
  return BYTE_HEX[lo >>> 24]! + BYTE_HEX[(lo >>> 16) & 255]! + BYTE_HEX[(lo >>> 8) & 255]! + BYTE_HEX[lo & 255]!;
}

/** Hex of `ms * 1e6 + seq` (the event name's nanosecond suffix). */
export function nanosHex(ms: number, seq: number): string {
  const [hi0, lo0] = nanosParts(ms);
  let lo = lo0 + seq;
  const carry = Math.floor(lo / 4294967296);
  lo -= carry * 4294967296;
  return hexOf(hi0 + carry, lo);
}

function appended<T>(list: T[], x: T): T[] {
  const n = list.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i]!;
  out[n] = x;
  return out;
}
