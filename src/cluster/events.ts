import { toTimestamp } from '../api/time.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import type { EventSink } from './context.js';
import { EPOCH_MS } from '../api/time.js';

/** client-go tools/record/events_cache.go constants. */
const MAX_LRU_CACHE_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;
const COMBINED_PREFIX = '(combined from similar events): ';
/** Exact-key logs kept per (object, type, reason); upstream's logger LRU holds 4096 per source. */
const MAX_LOGS_PER_REASON = 32;

/**
 * groupcache's LRU (maxEntries; Get and Add move a key to the front) of ObjectRecords: a Map for
 * lookup and a list threaded through the records for recency, so a hit moves pointers instead of
 * re-inserting into the Map (which left holes that every eviction's first-key scan walked over).
 */
class Lru {
  private readonly m = new Map<string, ObjectRecord>();
  /** Most and least recently used. */
  private newest: ObjectRecord | undefined;
  private oldest: ObjectRecord | undefined;
  get(k: string): ObjectRecord | undefined {
    const v = this.m.get(k);
    if (v !== undefined && v !== this.newest) {
      this.unlink(v);
      this.pushNewest(v);
    }
    return v;
  }
  /** Add a record for a key not in the cache (record.key === k). */
  add(k: string, v: ObjectRecord): void {
    this.m.set(k, v);
    this.pushNewest(v);
    if (this.m.size > MAX_LRU_CACHE_ENTRIES) {
      const o = this.oldest!;
      this.unlink(o);
      this.m.delete(o.key);
    }
  }
  private unlink(v: ObjectRecord): void {
    if (v.older !== undefined) v.older.newer = v.newer;
    else this.oldest = v.newer;
    if (v.newer !== undefined) v.newer.older = v.older;
    else this.newest = v.older;
    v.older = undefined;
    v.newer = undefined;
  }
  private pushNewest(v: ObjectRecord): void {
    v.older = this.newest;
    v.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = v;
    else this.oldest = v;
    this.newest = v;
  }
}

interface EventLog {
  /** The exact key's fieldPath and message ('' / the combined key for the aggregate event). */
  fieldPath: string;
  message: string;
  count: number;
  firstTimestamp: string;
  name: string;
}
/** EventAggregator's record for one (object, type, reason), with the EventLogger entries under it. */
interface AggregateRecord {
  type: string;
  reason: string;
  last: number;
  /**
   * Distinct messages, oldest first (PopAny takes the oldest, where Go's map order is random):
   * none, the only one, or an array once there are two (most records only ever see one).
   */
  messages: string | string[] | undefined;
  /** The logger's entries: none, the only one, or an array once there are two. */
  logs: EventLog | EventLog[] | undefined;
  combined: EventLog | undefined;
}
/** Everything the correlator keeps about one involved object. */
interface ObjectRecord {
  /** EventSourceObjectSpamFilter's token bucket. */
  tokens: number;
  last: number;
  aggregates: AggregateRecord[];
  /** The LRU's key and recency links. */
  key: string;
  newer: ObjectRecord | undefined;
  older: ObjectRecord | undefined;
}

/** The correlator of one event broadcaster (one per component and host, as each runs its own). */
interface Correlator {
  objects: Lru;
}

/**
 * core/v1 Event recording as client-go's EventRecorder and EventCorrelator do it
 * (tools/record/event.go, events_cache.go), one correlator per source (component, host):
 *  - EventAggregator: once 10 events with the same source, involved object, type and reason but
 *    different messages were seen within 10 minutes, the next ones become one event whose
 *    message is `(combined from similar events): <latest message>` and whose count grows;
 *  - EventLogger: an event with the same key as an earlier one (same message too) bumps that
 *    event's `count` and `lastTimestamp` (and message) instead of creating a new object;
 *  - EventSourceObjectSpamFilter: a token bucket per source and involved object (burst 25,
 *    one more every 5 minutes); an event without a token is dropped (the logger still counts it,
 *    so the next accepted update carries the whole count).
 * Names are `<involved name>.<hex nanoseconds>` (tools/record/event.go makeEvent).
 * The state is kept per involved object in one LRU of 4096 objects per source (upstream keeps
 * three LRUs of 4096 keys each, by object, by object+reason and by exact key; they only differ
 * once a source has recorded for thousands of objects, where both forget the oldest).
 */
export class EventRecorder implements EventSink {
  private readonly correlators = new Map<string, Map<string, Correlator>>();
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

  private lastComponent = '';
  private lastHost = '';
  private lastCorrelator: Correlator | undefined;

  /** The correlator of a source, by component then host (no key string per event). */
  private correlator(component: string, host: string): Correlator {
    if (this.lastCorrelator && this.lastComponent === component && this.lastHost === host) return this.lastCorrelator;
    let byHost = this.correlators.get(component);
    if (!byHost) {
      byHost = new Map();
      this.correlators.set(component, byHost);
    }
    let c = byHost.get(host);
    if (!c) {
      c = { objects: new Lru() };
      byHost.set(host, c);
    }
    this.lastComponent = component;
    this.lastHost = host;
    this.lastCorrelator = c;
    return c;
  }

  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string, fieldPath?: string): void {
    if (!this.enabled) return;
    const meta = involved.metadata;
    const namespace = meta.namespace || 'default';
    const h = host ?? '';
    const fp = fieldPath ?? '';
    const now = this.store.now;
    if (now !== this.tsAt) this.tick(now);
    const ts = this.tsText;
    const c = this.correlator(component, h);
    // The involved object's identity (kind, namespace, name, uid, apiVersion): its uid when it has one.
    const objectKey = meta.uid ? meta.uid : `${involved.kind}\u0000${meta.namespace ?? ''}\u0000${meta.name}\u0000\u0000${involved.apiVersion}`;

    let obj = c.objects.get(objectKey);
    if (!obj) {
      obj = { tokens: SPAM_BURST, last: now, aggregates: [], key: objectKey, newer: undefined, older: undefined };
      c.objects.add(objectKey, obj);
    }

    // EventAggregate (key: source, object, type, reason; the message is the local key).
    let rec: AggregateRecord | undefined;
    for (const r of obj.aggregates) if (r.reason === reason && r.type === type) rec = r;
    if (!rec) {
      rec = { type, reason, last: now, messages: undefined, logs: undefined, combined: undefined };
      obj.aggregates.push(rec);
    } else if (now - rec.last > AGGREGATE_INTERVAL_MS) {
      // A fresh aggregation; the logger still knows the combined event's key.
      rec.messages = undefined;
    }
    // Add the message to the distinct set.
    const ms = rec.messages;
    let distinct: number;
    if (ms === undefined) {
      rec.messages = message;
      distinct = 1;
    } else if (typeof ms === 'string') {
      if (ms === message) distinct = 1;
      else {
        rec.messages = [ms, message];
        distinct = 2;
      }
    } else {
      if (!ms.includes(message)) ms.push(message);
      distinct = ms.length;
    }
    rec.last = now;
    let msg = message;
    let aggregated = false;
    let seen: EventLog | undefined;
    if (distinct < AGGREGATE_MAX_EVENTS) {
      const logs = rec.logs;
      if (logs !== undefined) {
        if (Array.isArray(logs)) {
          for (const l of logs) if (l.message === message && l.fieldPath === fp) seen = l;
        } else if (logs.message === message && logs.fieldPath === fp) seen = logs;
      }
    } else {
      (rec.messages as string[]).shift();
      msg = COMBINED_PREFIX + message;
      aggregated = true;
      seen = rec.combined;
    }

    // eventObserve.
    let log: EventLog;
    if (seen) {
      seen.count++;
      log = seen;
    } else {
      log = { fieldPath: fp, message, count: 1, firstTimestamp: ts, name: [meta.name, '.', this.nanosNow(this.seq++)].join('') };
      if (aggregated) rec.combined = log;
      else {
        const logs = rec.logs;
        if (logs === undefined) rec.logs = log;
        else if (!Array.isArray(logs)) rec.logs = [logs, log];
        else {
          logs.push(log);
          // The logger's LRU forgets old keys; keep the newest few per (object, reason).
          if (logs.length > MAX_LOGS_PER_REASON) logs.shift();
        }
      }
    }

    // filterFunc: the spam filter's token bucket.
    obj.tokens = Math.min(SPAM_BURST, obj.tokens + ((now - obj.last) / 1000) * SPAM_QPS);
    obj.last = now;
    if (obj.tokens < 1) return;
    obj.tokens -= 1;

    // recordToSink: patch the existing event, or create it (also when it has gone meanwhile).
    if (seen) {
      const ev = this.store.get('Event', namespace, log.name);
      if (ev) {
        const next: KubeObject = { ...ev, count: log.count, lastTimestamp: ts };
        if (ev.message !== msg) next.message = msg;
        this.store.update(next, { actor: component, origin: 'system' });
        return;
      }
    }
    this.store.create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: log.name, namespace, uid: undefined, creationTimestamp: undefined, resourceVersion: undefined },
        involvedObject: this.involvedRef(involved, fieldPath),
        reason,
        message: msg,
        source: this.source(component, h),
        firstTimestamp: log.firstTimestamp,
        lastTimestamp: ts,
        count: log.count,
        type,
        eventTime: null,
        // The aggregator's copy carries no reporting fields (events_cache.go EventAggregate).
        reportingComponent: aggregated ? '' : component,
        reportingInstance: aggregated ? '' : h,
      },
      // Built for this call alone: the store keeps it as it is (no copies of a 16-field object).
      { actor: component, origin: 'system', handOver: true },
    );
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
    return [this.nsHiHex, hex8(lo)].join('');
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
