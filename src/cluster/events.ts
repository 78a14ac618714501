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
export class EventRecorder implements EventSink {
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  private seq = 0;
  enabled = true;

  constructor(private readonly store: StoreApi) {}

  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string, fieldPath?: string): void {
    if (!this.enabled) return;
    const meta = involved.metadata;
    const namespace = meta.namespace || 'default';
    const key = `${component}\u0000${host ?? ''}\u0000${involved.kind}\u0000${namespace}\u0000${meta.name}\u0000${meta.uid}\u0000${fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;
    const now = this.store.now;
    const ts = toTimestamp(now);
    const prev = this.seen.get(key);
    if (prev) {
      const ev = this.store.get('Event', prev.namespace, prev.name);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: ts }, { actor: component, origin: 'system' });
        return;
      }
    }
    const nanos = BigInt(EPOCH_MS + now) * 1000000n + BigInt(this.seq++);
    const name = `${meta.name}.${nanos.toString(16)}`;
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
    this.seen.set(key, { namespace, name });
  }
}
