/** A read-only in-memory StoreApi for assertion tests (only what assertions read). */
import { parseSelector } from '../../src/api/selector.js';
import type { KubeObject, ListOptions, StoreApi } from '../../src/store/types.js';

export function fakeStore(objects: KubeObject[], now = 0): StoreApi {
  const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const sorted = [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const notImpl = (): never => {
    throw new Error('fake store: read-only');
  };
  return {
    now,
    get(kind, namespace, name) {
      return sorted.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
    },
    list(kind, opts: ListOptions = {}) {
      const sel = typeof opts.labelSelector === 'string' ? parseSelector(opts.labelSelector) : opts.labelSelector;
      return sorted.filter(
        (o) => o.kind === kind && (opts.namespace === undefined || o.metadata.namespace === opts.namespace) && (!sel || sel.matches(o.metadata.labels ?? {})),
      );
    },
    count: (kind) => sorted.filter((o) => o.kind === kind).length,
    getByUid: (uid) => sorted.find((o) => o.metadata.uid === uid),
    podsOnNode: (n) => sorted.filter((o) => o.kind === 'Pod' && o.spec?.nodeName === n),
    dependents: () => [],
    watch: () => () => {},
    create: notImpl,
    update: notImpl,
    bind: notImpl,
    updateStatus: notImpl,
    apply: notImpl,
    patch: notImpl,
    delete: notImpl,
  };
}

export function pod(name: string, extra: { labels?: Record<string, string>; phase?: string; ready?: boolean; node?: string; terminating?: boolean; namespace?: string; restarts?: number } = {}): KubeObject {
  const o: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', labels: extra.labels ?? {} },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...(extra.node ? { nodeName: extra.node } : {}) },
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: extra.ready === false ? 'False' : 'True', ...(extra.ready === false ? { reason: 'ContainersNotReady' } : {}) },
      ],
      containerStatuses: [{ name: 'web', restartCount: extra.restarts ?? 0, ready: extra.ready !== false }],
    },
  };
  if (extra.terminating) o.metadata.deletionTimestamp = '2024-04-17T00:00:30Z';
  return o;
}
