import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { nanosHex } from '../../src/cluster/events.js';
import type { KubeObject } from '../../src/store/types.js';

// EventRecorder: client-go's EventCorrelator as the recorder models it (exact duplicates bump
// count/lastTimestamp), event names, and the shared parts of Event objects.
function setup() {
  const cluster = new Cluster({ nodes: [], components: () => [] });
  cluster.start();
  const pod = cluster.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { actor: 'test' });
  const events = () => cluster.store.list('Event');
  const at = (ms: number) => cluster.engine.run({ until: ms });
  return { cluster, pod, events, at };
}

describe('EventRecorder', () => {
  it('writes a core/v1 Event named <object>.<hex nanoseconds> with the GetReference of the involved object', () => {
    const { cluster, pod, events } = setup();
    cluster.events.record(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'kubelet', 'node-a', 'spec.containers{c}');
    const [e] = events();
    expect(e!.metadata.name).toBe(`web.${nanosHex(1713312000000, 0)}`);
    expect(e!.metadata.name).toBe('web.17c6e82fbd6a0000');
    expect(e).toMatchObject({
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion, fieldPath: 'spec.containers{c}' },
      reason: 'Pulled',
      source: { component: 'kubelet', host: 'node-a' },
      firstTimestamp: '2024-04-17T00:00:00Z',
      lastTimestamp: '2024-04-17T00:00:00Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: 'node-a',
    });
    expect(Object.keys(e!.metadata)).toEqual(['name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion']);
    expect(Object.keys(e!.involvedObject)).toEqual(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']);
  });

  it('an exact duplicate bumps count and lastTimestamp; a different message, reason, type, source or fieldPath is a new Event', () => {
    const { cluster, pod, events, at } = setup();
    const rec = (reason: string, message: string, host = 'node-a', fieldPath = 'spec.containers{c}', type: 'Normal' | 'Warning' = 'Warning') =>
      cluster.events.record(pod, type, reason, message, 'kubelet', host, fieldPath || undefined);
    rec('BackOff', 'Back-off restarting failed container c');
    at(10_000);
    rec('BackOff', 'Back-off restarting failed container c');
    at(30_000);
    rec('BackOff', 'Back-off restarting failed container c');
    rec('BackOff', 'Back-off restarting failed container d');
    rec('Unhealthy', 'Back-off restarting failed container c');
    rec('BackOff', 'Back-off restarting failed container c', 'node-b');
    rec('BackOff', 'Back-off restarting failed container c', 'node-a', '');
    rec('BackOff', 'Back-off restarting failed container c', 'node-a', 'spec.containers{c}', 'Normal');
    const list = events().map((e) => [e.reason, e.message, e.source.host, e.involvedObject.fieldPath, e.type, e.count, e.firstTimestamp, e.lastTimestamp]);
    expect(list).toEqual([
      ['BackOff', 'Back-off restarting failed container c', 'node-a', 'spec.containers{c}', 'Warning', 3, '2024-04-17T00:00:00Z', '2024-04-17T00:00:30Z'],
      ['BackOff', 'Back-off restarting failed container d', 'node-a', 'spec.containers{c}', 'Warning', 1, '2024-04-17T00:00:30Z', '2024-04-17T00:00:30Z'],
      ['Unhealthy', 'Back-off restarting failed container c', 'node-a', 'spec.containers{c}', 'Warning', 1, '2024-04-17T00:00:30Z', '2024-04-17T00:00:30Z'],
      ['BackOff', 'Back-off restarting failed container c', 'node-b', 'spec.containers{c}', 'Warning', 1, '2024-04-17T00:00:30Z', '2024-04-17T00:00:30Z'],
      ['BackOff', 'Back-off restarting failed container c', 'node-a', undefined, 'Warning', 1, '2024-04-17T00:00:30Z', '2024-04-17T00:00:30Z'],
      ['BackOff', 'Back-off restarting failed container c', 'node-a', 'spec.containers{c}', 'Normal', 1, '2024-04-17T00:00:30Z', '2024-04-17T00:00:30Z'],
    ]);
    // The bumped event keeps its name; the event without fieldPath has none in its reference.
    expect(events()[0]!.metadata.name).toBe('web.17c6e82fbd6a0000');
    expect('fieldPath' in events()[4]!.involvedObject).toBe(false);
  });

  it('an event deleted meanwhile is created again under its name, with the count the correlator kept', () => {
    // recordToSink: the patch of an existing event (count > 1) fails NotFound, so the event is
    // created with the name, firstTimestamp and count of the EventLogger's cache entry.
    const { cluster, pod, events, at } = setup();
    cluster.events.record(pod, 'Warning', 'BackOff', 'm', 'kubelet', 'node-a');
    cluster.events.record(pod, 'Warning', 'BackOff', 'm', 'kubelet', 'node-a');
    const first = events()[0]!;
    expect(first.count).toBe(2);
    cluster.store.delete('Event', 'default', first.metadata.name!, { actor: 'test' });
    at(5_000);
    cluster.events.record(pod, 'Warning', 'BackOff', 'm', 'kubelet', 'node-a');
    at(6_000);
    cluster.events.record(pod, 'Warning', 'BackOff', 'm', 'kubelet', 'node-a');
    const [again] = events();
    expect(events()).toHaveLength(1);
    expect(again!.metadata.name).toBe(first.metadata.name);
    expect([again!.count, again!.firstTimestamp, again!.lastTimestamp]).toEqual([4, '2024-04-17T00:00:00Z', '2024-04-17T00:00:06Z']);
  });

  it('events of objects without a uid aggregate by kind, namespace and name; cluster-scoped objects record into default', () => {
    const { cluster, events } = setup();
    const ref = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name } });
    cluster.events.record(ref('a'), 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod default/a', 'taint-eviction-controller');
    cluster.events.record(ref('a'), 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod default/a', 'taint-eviction-controller');
    cluster.events.record(ref('b'), 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod default/a', 'taint-eviction-controller');
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'node-uid' } };
    cluster.events.record(node, 'Normal', 'RegisteredNode', 'Node n1 event: Registered Node n1 in Controller', 'node-controller');
    const list = events();
    expect(list.map((e) => [e.involvedObject.name, e.count])).toEqual([
      ['a', 2],
      ['b', 1],
      ['n1', 1],
    ]);
    expect(list[0]!.source).toEqual({ component: 'taint-eviction-controller' });
    expect(list[2]!.metadata.namespace).toBe('default');
    expect('namespace' in list[2]!.involvedObject).toBe(false);
  });

  it('names count nanoseconds past the millisecond with a per-recorder sequence, carrying into the high word', () => {
    expect(nanosHex(1713312000000, 0)).toBe((1713312000000n * 1000000n).toString(16));
    expect(nanosHex(1713312000000 + 86_400_000, 77)).toBe(((1713312000000n + 86_400_000n) * 1000000n + 77n).toString(16));
    // The low 32 bits overflow within a millisecond's sequence range.
    const ms = 1713312123456;
    const lo = Number((BigInt(ms) * 1000000n) & 0xffffffffn);
    const seq = 4294967296 - lo + 5;
    expect(nanosHex(ms, seq)).toBe((BigInt(ms) * 1000000n + BigInt(seq)).toString(16));
    const { cluster, pod, events, at } = setup();
    at(123_456);
    for (let i = 0; i < 3; i++) cluster.events.record(pod, 'Normal', 'R', `m${i}`, 'kubelet');
    expect(events().map((e) => e.metadata.name)).toEqual([0, 1, 2].map((i) => `web.${((1713312000000n + 123_456n) * 1000000n + BigInt(i)).toString(16)}`));
  });

  it('Events share their unchanging parts but stay separate values', () => {
    const { cluster, pod, events } = setup();
    cluster.events.record(pod, 'Normal', 'Created', 'Created container c', 'kubelet', 'node-a', 'spec.containers{c}');
    cluster.events.record(pod, 'Normal', 'Started', 'Started container c', 'kubelet', 'node-a', 'spec.containers{c}');
    cluster.events.record(pod, 'Normal', 'Killing', 'Stopping container c', 'kubelet', 'node-a', 'spec.containers{d}');
    const [a, b, c] = events();
    expect(a!.source).toBe(b!.source);
    expect(a!.involvedObject).toBe(b!.involvedObject);
    expect(c!.involvedObject).not.toBe(a!.involvedObject);
    expect(c!.involvedObject.fieldPath).toBe('spec.containers{d}');
    expect(a!.involvedObject.fieldPath).toBe('spec.containers{c}');
  });
});
