import { describe, expect, test } from 'vitest';
import { qosEvictionOrder } from '../../src/invariants/qos-eviction-order.js';
import type { Violation } from '../../src/invariants/types.js';
import { rankMemoryPressure } from '../../src/kubelet/eviction-ranking.js';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

const Mi = 1024 * 1024;

/** A 2Gi node (threshold memory.available<100Mi) with the qos-eviction-order invariant watching. */
function pressureCluster(images: Record<string, number>, opts: { stop?: number } = {}) {
  const h = kubeletCluster({
    nodes: [{ name: 'node-a', capacity: { memory: '2Gi' } }],
    images: Object.fromEntries(Object.entries(images).map(([k, v]) => [k, { memory: v * Mi, stop: opts.stop ?? 0 }])),
  });
  const violations: Violation[] = [];
  qosEvictionOrder().start(h.cluster, (v) => violations.push(v));
  const phase = (n: string) => h.pod(n)?.status?.phase;
  const node = () => h.cluster.store.get('Node', undefined, 'node-a')!;
  const pressure = () => node().status.conditions.find((c: any) => c.type === 'MemoryPressure');
  return { ...h, violations, phase, node, pressure };
}

const guaranteed = (mem: string) => ({ requests: { cpu: '100m', memory: mem }, limits: { cpu: '100m', memory: mem } });

describe('eviction manager: memory pressure', () => {
  test('classic order BestEffort → Burstable → Guaranteed, one pod per pass, passes at 10s and after cleanup', () => {
    const h = pressureCluster({ be: 300, bu: 200, g: 1000 });
    h.create(podManifest('be', { containers: [{ name: 'c', image: 'be' }] }));
    h.create(podManifest('bu', { containers: [{ name: 'c', image: 'bu', resources: { requests: { memory: '40Mi' } } }] }));
    h.create(podManifest('g', { containers: [{ name: 'c', image: 'g', resources: guaranteed('2000Mi') }] }));
    h.runTo(5 * S);
    h.agent().setUsage('default/g', 'c', '1600Mi'); // 2100Mi used of 2Gi
    h.runTo(10 * S - 1);
    expect(h.phase('be')).toBe('Running');
    h.runTo(10 * S);
    expect(h.phase('be')).toBe('Failed');
    expect(h.pod('be')!.status.reason).toBe('Evicted');
    expect(h.pod('be')!.status.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 0. Container c was using 300Mi, request is 0, has larger consumption of memory. ',
    );
    expect(h.phase('bu')).toBe('Running');
    h.runTo(15 * S);
    h.agent().setUsage('default/g', 'c', '1900Mi');
    // The pass after the cleanup ran at 11s; the loop sleeps until 21s.
    h.runTo(21 * S - 1);
    expect(h.phase('bu')).toBe('Running');
    h.runTo(21 * S);
    expect(h.phase('bu')).toBe('Failed');
    expect(h.pod('bu')!.status.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 0. Container c was using 200Mi, request is 40Mi, has larger consumption of memory. ',
    );
    h.runTo(25 * S);
    h.agent().setUsage('default/g', 'c', '1990Mi');
    // Evicting bu at 21s moved the loop: cleanup pass at 22s, the next one at 32s.
    h.runTo(32 * S - 1);
    expect(h.phase('g')).toBe('Running');
    h.runTo(32 * S);
    expect(h.phase('g')).toBe('Failed');
    // A pod within its request is named in no container line.
    expect(h.pod('g')!.status.message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 58Mi. ');
    expect(h.violations).toEqual([]);
  });

  test('evicted pod status: DisruptionTarget after the kill, grace period 1s, Killing event', () => {
    const h = pressureCluster({ hog: 2000 }, { stop: 5 * S });
    h.create(podManifest('hog', { containers: [{ name: 'c', image: 'hog' }] }));
    h.runTo(10 * S);
    // Still stopping: the status manager holds the terminal phase back.
    expect(h.phase('hog')).toBe('Running');
    expect(h.events('hog', 'Evicted')).toEqual([
      { reason: 'Evicted', type: 'Warning', count: 1, first: ts(10 * S), last: ts(10 * S), message: expect.stringContaining('Container c was using 2000Mi') },
    ]);
    expect(h.events('hog', 'Killing').map((e) => e.message)).toEqual(['Stopping container c']);
    h.runTo(11 * S);
    const st = h.pod('hog')!.status;
    expect(st.phase).toBe('Failed');
    expect(st.reason).toBe('Evicted');
    // SIGKILL after the 1s override (the process needs 5s): exit 137.
    expect(st.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: ts(11 * S) });
    expect(st.conditions.map((c: any) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled', 'DisruptionTarget']);
    expect(st.conditions.at(-1)).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: ts(11 * S),
      reason: 'TerminationByKubelet',
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. Container c was using 2000Mi, request is 0, has larger consumption of memory. ',
    });
    expect(h.violations).toEqual([]);
  });

  test('a preStop hook still runs (bounded by the pod grace period), then the 1s override; the loop waits at most 10s for the kill, then polls cleanup', () => {
    const h = pressureCluster({ hog: 1980, other: 0 }, { stop: 5 * S });
    h.create(podManifest('hog', { containers: [{ name: 'c', image: 'hog', lifecycle: { preStop: { sleep: { seconds: 20 } } } }] }));
    h.create(podManifest('other', { containers: [{ name: 'c', image: 'other' }] }));
    h.runTo(10 * S);
    expect(h.events('hog', 'Evicted')).toHaveLength(1);
    h.runTo(31 * S - 1);
    expect(h.phase('hog')).toBe('Running');
    h.runTo(31 * S);
    expect(h.pod('hog')!.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: ts(31 * S) });
    expect(h.phase('hog')).toBe('Failed');
    // killPodNow gave up at 20s; the cleanup polls at 21s ... 31s, the last finds the pod
    // finished: a pass at 31s, then 41s (`other`, now using memory, shows it).
    h.agent().setUsage('default/other', 'c', '2000Mi');
    h.runTo(41 * S - 1);
    expect(h.events('other', 'Evicted')).toHaveLength(0);
    h.runTo(41 * S);
    expect(h.events('other', 'Evicted')).toHaveLength(1);
    h.runTo(42 * S);
    expect(h.phase('other')).toBe('Failed');
    expect(h.violations).toEqual([]);
  });

  test('a Burstable pod within its request outlives a BestEffort pod using far less', () => {
    const h = pressureCluster({ small: 10, big: 1990 });
    h.create(podManifest('small', { containers: [{ name: 'c', image: 'small' }] }));
    h.create(podManifest('big', { containers: [{ name: 'c', image: 'big', resources: { requests: { memory: '1995Mi' } } }] }));
    h.runTo(10 * S);
    expect(h.phase('small')).toBe('Failed');
    expect(h.phase('big')).toBe('Running');
    // 1990Mi used: still under pressure, and `big` is the only candidate left.
    h.runTo(11 * S);
    expect(h.phase('big')).toBe('Failed');
    expect(h.violations).toEqual([]);
  });

  test('lower priority goes first among pods above their requests, whatever their usage', () => {
    const h = pressureCluster({ low: 100, high: 1900 });
    h.cluster.store.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 }, { actor: 'test' });
    h.create(podManifest('high', { priorityClassName: 'high', containers: [{ name: 'c', image: 'high' }] }));
    h.create(podManifest('low', { containers: [{ name: 'c', image: 'low' }] }));
    h.runTo(10 * S);
    expect(h.pod('high')!.spec.priority).toBe(1000);
    expect(h.phase('low')).toBe('Failed');
    expect(h.phase('high')).toBe('Running');
    expect(h.violations).toEqual([]);
  });

  test('critical pods are never evicted', () => {
    const h = pressureCluster({ static: 1500, be: 600 });
    h.create({ ...podManifest('static', { containers: [{ name: 'c', image: 'static' }] }), metadata: { name: 'static', namespace: 'default', annotations: { 'kubernetes.io/config.source': 'file' } } });
    h.create(podManifest('be', { containers: [{ name: 'c', image: 'be' }] }));
    h.runTo(10 * S);
    expect(h.phase('static')).toBe('Running');
    expect(h.phase('be')).toBe('Failed');
    h.runTo(60 * S);
    expect(h.phase('static')).toBe('Running');
    expect(h.violations).toEqual([]);
  });

  test('MemoryPressure: True from the first pass over the threshold, False 5m after the last one, with node events', () => {
    const h = pressureCluster({ hog: 1000 });
    h.create(podManifest('hog', { containers: [{ name: 'c', image: 'hog', resources: { requests: { memory: '1500Mi' } } }] }));
    h.runTo(5 * S);
    expect(h.pressure().status).toBe('False');
    h.agent().setUsage('default/hog', 'c', '1980Mi');
    h.runTo(10 * S);
    expect(h.pressure()).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', lastTransitionTime: ts(10 * S) });
    expect(h.agent().eviction!.isUnderMemoryPressure()).toBe(true);
    // The only pod is evicted at 10s; the next pass at 11s finds no pressure.
    expect(h.phase('hog')).toBe('Failed');
    h.runTo(310 * S - 1);
    expect(h.pressure().status).toBe('True');
    h.runTo(311 * S);
    expect(h.pressure()).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastTransitionTime: ts(311 * S) });
    const nodeEvents = h.cluster.store
      .list('Event')
      .filter((e) => e.involvedObject.kind === 'Node')
      .map((e) => [e.reason, e.message, e.firstTimestamp, e.type]);
    expect(nodeEvents).toEqual([
      ['NodeHasInsufficientMemory', 'Node node-a status is now: NodeHasInsufficientMemory', ts(10 * S), 'Normal'],
      ['EvictionThresholdMet', 'Attempting to reclaim memory', ts(10 * S), 'Warning'],
      ['NodeHasSufficientMemory', 'Node node-a status is now: NodeHasSufficientMemory', ts(311 * S), 'Normal'],
    ]);
  });

  test('admission under MemoryPressure rejects BestEffort pods only, unless they tolerate the taint', () => {
    const h = pressureCluster({ hog: 1980, x: 0 });
    h.create(podManifest('hog', { containers: [{ name: 'c', image: 'hog', resources: { requests: { memory: '1990Mi' } } }] }));
    h.runTo(10 * S);
    expect(h.pressure().status).toBe('True');
    h.runTo(11 * S);
    h.create(podManifest('be', { containers: [{ name: 'c', image: 'x' }] }));
    h.create(podManifest('bu', { containers: [{ name: 'c', image: 'x', resources: { requests: { memory: '1Mi' } } }] }));
    h.create(podManifest('tol', { tolerations: [{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' }], containers: [{ name: 'c', image: 'x' }] }));
    h.runTo(12 * S);
    // rejectPod writes a fresh status: the scheduler's PodScheduled condition goes (mergePodStatus), qosClass stays (API server backfill).
    expect(h.pod('be')!.status).toEqual({ phase: 'Failed', reason: 'Evicted', message: 'Pod was rejected: The node had condition: [MemoryPressure]. ', startTime: ts(11 * S), qosClass: 'BestEffort' });
    expect(h.events('be', 'Evicted').map((e) => [e.type, e.message])).toEqual([['Warning', 'The node had condition: [MemoryPressure]. ']]);
    expect(h.phase('bu')).toBe('Running');
    expect(h.phase('tol')).toBe('Running');
  });

  test('a loop with nothing to watch sleeps, and resumes on its own 10s grid', () => {
    const h = pressureCluster({ idle: 0 });
    h.create(podManifest('a', { containers: [{ name: 'c', image: 'idle' }] }));
    h.create(podManifest('b', { containers: [{ name: 'c', image: 'idle' }] }));
    h.runTo(13 * S);
    h.agent().setUsage('default/a', 'c', '1990Mi');
    // Passes at 0s, 10s (nothing used), 20s: evicts a.
    h.runTo(20 * S - 1);
    expect(h.phase('a')).toBe('Running');
    h.runTo(20 * S);
    expect(h.phase('a')).toBe('Failed');
    // Cleanup pass at 21s, then 31s, 41s.
    h.runTo(35 * S);
    h.agent().setUsage('default/b', 'c', '1990Mi');
    h.runTo(41 * S - 1);
    expect(h.phase('b')).toBe('Running');
    h.runTo(41 * S);
    expect(h.phase('b')).toBe('Failed');
    expect(h.agent().eviction!.pass).toBe(3 + 2);
    expect(h.violations).toEqual([]);
  });

  test('the invariant catches a kubelet that ranks pods the wrong way round', () => {
    const h = pressureCluster({ be: 300, g: 1800 });
    h.agent().eviction!.rank = (c) => rankMemoryPressure(c).reverse();
    h.create(podManifest('be', { containers: [{ name: 'c', image: 'be' }] }));
    h.create(podManifest('g', { containers: [{ name: 'c', image: 'g', resources: guaranteed('1900Mi') }] }));
    h.runTo(10 * S);
    expect(h.phase('g')).toBe('Failed');
    expect(h.violations).toHaveLength(1);
    expect(h.violations[0]).toMatchObject({
      invariant: 'qos-eviction-order',
      objects: ['pod/default/g', 'pod/default/be'],
      message: `kubelet on node-a evicted default/g (usage ${1800 * Mi}, request ${1900 * Mi}, priority 0) while default/be (usage ${300 * Mi}, request 0, priority 0) ranks before it`,
    });
  });
});
