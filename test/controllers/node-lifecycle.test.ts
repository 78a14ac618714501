import { describe, expect, it } from 'vitest';
import { NodeLifecycleController } from '../../src/controllers/node-lifecycle.js';
import { computeZoneState, zoneKey } from '../../src/controllers/node-lifecycle-zones.js';
import { RateLimitedTimedQueue } from '../../src/controllers/node-lifecycle-rate-limited-queue.js';
import { boundPod, nodeCluster, S, ts } from './node-lifecycle-harness.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

describe('node lifecycle: a node whose kubelet dies (profile 1.30, grace 40s)', () => {
  // Kubelets boot at 0s and renew their lease every 10s; the controller passes every 5s from 0s.
  // Killed at 30s just after the 30s renewal: the pass at 30s saw it, so the grace ends at 70s.
  const k = nodeCluster();
  k.create(boundPod('web', 'node-a'));
  k.runTo(30 * S);
  k.agent('node-a').kill();

  it('stays Ready until the pass 40s after the last lease renewal seen', () => {
    k.runTo(69_999);
    expect(k.nodeCond('node-a').status).toBe('True');
    expect(k.podCond('web', 'Ready').status).toBe('True');
    expect(k.taints('node-a')).toEqual([]);
  });

  it('at 70s: Ready and the pressure conditions Unknown, NodeStatusUnknown, heartbeat kept', () => {
    k.runTo(70 * S);
    const conds = k.node('node-a').status.conditions;
    expect(conds.map((c: any) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
    for (const c of conds) {
      expect(c).toEqual({
        type: c.type,
        status: 'Unknown',
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(70 * S),
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    expect(k.events('node-a', 'NodeNotReady')).toEqual([
      { type: 'Normal', reason: 'NodeNotReady', message: 'Node node-a status is now: NodeNotReady', source: 'node-controller', count: 1, first: ts(70 * S) },
    ]);
    expect(k.events('node-a', 'RegisteredNode')[0]!.message).toBe('Node node-a event: Registered Node node-a in Controller');
  });

  it('at 70s: its pods Ready=False (only Ready; ContainersReady untouched) with a NodeNotReady warning', () => {
    expect(k.podCond('web', 'Ready')).toEqual({ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: ts(70 * S) });
    expect(k.podCond('web', 'ContainersReady').status).toBe('True');
    expect(k.events('web', 'NodeNotReady')).toEqual([
      { type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', source: 'node-controller', count: 1, first: ts(70 * S) },
    ]);
  });

  it('at 70s the unreachable NoSchedule taint (TaintNodesByCondition); NoExecute one pass later, on the next 100ms tick', () => {
    expect(k.taints('node-a')).toEqual([{ key: UNREACHABLE, effect: 'NoSchedule', timeAdded: ts(70 * S) }]);
    k.runTo(75_099);
    expect(k.taints('node-a')).toHaveLength(1);
    k.runTo(75_100);
    expect(k.taints('node-a')).toEqual([
      { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: ts(70 * S) },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: ts(75 * S) },
    ]);
    expect(k.eviction().scheduled()).toEqual(new Map([['default/web', 375_100]]));
  });

  it('evicts the pod 300s (default tolerationSeconds) after the taint: DisruptionTarget, graceful delete', () => {
    k.runTo(375_099);
    expect(k.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
    k.runTo(375_100);
    const p = k.pod('web')!;
    expect(p.metadata.deletionTimestamp).toBe(ts(405 * S));
    expect(p.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(k.podCond('web', 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: ts(375 * S),
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(k.events('web', 'TaintManagerEviction')).toEqual([
      { type: 'Normal', reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/web', source: 'taint-eviction-controller', count: 1, first: ts(375 * S) },
    ]);
  });

  it('the pod stays Terminating while the node is down; the other node is untouched', () => {
    k.runTo(900 * S);
    expect(k.pod('web')!.metadata.deletionTimestamp).toBe(ts(405 * S));
    expect(k.nodeCond('node-b').status).toBe('True');
    expect(k.taints('node-b')).toEqual([]);
    expect(k.lifecycle().zoneState('')).toBe('Normal');
  });

  it('restartNode: the kubelet confirms the deletion at once, NoSchedule goes at once, NoExecute at the next pass', () => {
    k.agent('node-a').restart();
    k.runTo(900 * S);
    expect(k.pod('web')).toBeUndefined();
    expect(k.nodeCond('node-a')).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: ts(900 * S) });
    expect(k.taints('node-a')).toEqual([{ key: UNREACHABLE, effect: 'NoExecute', timeAdded: ts(75 * S) }]);
    k.runTo(904_999);
    expect(k.taints('node-a')).toHaveLength(1);
    k.runTo(905 * S);
    expect(k.taints('node-a')).toEqual([]);
    expect(k.node('node-a').spec.taints).toBeUndefined();
  });
});

describe('node lifecycle timings', () => {
  function unknownAt(opts: Parameters<typeof nodeCluster>[0], killAt: number): number | undefined {
    const k = nodeCluster(opts);
    k.runTo(killAt);
    k.agent('node-a').kill();
    return k.firstTime(() => k.nodeCond('node-a').status === 'Unknown', killAt + 200 * S);
  }

  it('profile 1.32: grace 50s, Unknown at 80s after a kill at 30s', () => {
    expect(unknownAt({ profile: '1.32' }, 30 * S)).toBe(80 * S);
  });

  it('a kill between renewals: the grace counts from the pass that saw the last renewal', () => {
    expect(unknownAt({}, 35 * S)).toBe(70 * S);
    expect(unknownAt({}, 39 * S)).toBe(70 * S);
    expect(unknownAt({}, 40 * S)).toBe(80 * S);
  });

  it('settings override: grace 20s, monitor period 2s', () => {
    // Renewal at 30s seen by the pass at 30s; first pass at or past 50s.
    expect(unknownAt({ settings: { nodeMonitorGracePeriod: 20 * S, nodeMonitorPeriod: 2 * S } }, 30 * S)).toBe(50 * S);
  });
});

describe('zone disruption and the tainting rate limit', () => {
  it('every node of the only zone down (full disruption): pods marked not Ready, NoSchedule taint, but no NoExecute taint', () => {
    const k = nodeCluster({ nodes: [{ name: 'node-a' }] });
    k.create(boundPod('web', 'node-a'));
    k.runTo(30 * S);
    k.agent('node-a').kill();
    k.runTo(1000 * S);
    expect(k.nodeCond('node-a').status).toBe('Unknown');
    expect(k.podCond('web', 'Ready').status).toBe('False');
    expect(k.taints('node-a')).toEqual([{ key: UNREACHABLE, effect: 'NoSchedule', timeAdded: ts(70 * S) }]);
    expect(k.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
    expect(k.lifecycle().zoneState('')).toBe('FullDisruption');
    const trace = k.cluster.engine.traceEntries().filter((e) => e.action === 'enter-master-disruption');
    expect(trace.map((e) => e.time)).toEqual([70 * S]);
  });

  it('leaving full disruption: fresh grace for all, limiter starts drained (first taint after 10s)', () => {
    // Both nodes die; node-b comes back, node-a stays down.
    const k = nodeCluster();
    k.runTo(30 * S);
    k.agent('node-a').kill();
    k.agent('node-b').kill();
    k.runTo(200 * S);
    expect(k.lifecycle().zoneState('')).toBe('FullDisruption');
    expect(k.taints('node-a').filter((t) => t.effect === 'NoExecute')).toEqual([]);
    k.agent('node-b').restart();
    // Pass 205s: node-b Ready → zone Normal, exit master disruption; the never limiter is swapped
    // for a drained 0.1/s bucket, so node-a's taint waits for the token at 215s.
    const at = k.firstTime(() => k.taints('node-a').some((t) => t.effect === 'NoExecute'), 400 * S);
    expect(at).toBe(215 * S);
    expect(k.lifecycle().zoneState('')).toBe('Normal');
  });

  it('two nodes of six down at once: NoExecute taints 10s apart (--node-eviction-rate 0.1, burst 1)', () => {
    const k = nodeCluster({ nodes: [{ name: 'n', count: 6 }] });
    k.runTo(30 * S);
    k.agent('n-1').kill();
    k.agent('n-4').kill();
    k.runTo(200 * S);
    const noExec = (n: string) => k.taints(n).find((t) => t.effect === 'NoExecute')?.timeAdded;
    expect(noExec('n-1')).toBe(ts(75 * S));
    expect(noExec('n-4')).toBe(ts(85 * S));
    expect(k.lifecycle().zoneState('')).toBe('Normal');
  });

  it('a small zone partially disrupted (3 of 4 down) stops tainting; other zones go on', () => {
    const z = (zone: string) => ({ 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': zone });
    const k = nodeCluster({
      nodes: [
        { name: 'a', count: 4, labels: z('a') },
        { name: 'b', count: 2, labels: z('b') },
      ],
    });
    k.runTo(30 * S);
    for (const n of ['a-0', 'a-1', 'a-2', 'b-0']) k.agent(n).kill();
    k.runTo(300 * S);
    expect(k.lifecycle().zoneState('eu:\u0000:a')).toBe('PartialDisruption');
    expect(k.lifecycle().zoneState('eu:\u0000:b')).toBe('Normal');
    for (const n of ['a-0', 'a-1', 'a-2']) expect(k.taints(n).map((t) => t.effect)).toEqual(['NoSchedule']);
    expect(k.taints('b-0').map((t) => `${t.effect}@${t.timeAdded}`)).toEqual([`NoSchedule@${ts(70 * S)}`, `NoExecute@${ts(75 * S)}`]);
  });

  it('one zone fully down while another is healthy: that zone is still tainted at the normal rate', () => {
    const z = (zone: string) => ({ 'topology.kubernetes.io/zone': zone });
    const k = nodeCluster({ nodes: [{ name: 'a', count: 2, labels: z('a') }, { name: 'b', labels: z('b') }] });
    k.runTo(30 * S);
    k.agent('a-0').kill();
    k.agent('a-1').kill();
    k.runTo(300 * S);
    expect(k.lifecycle().zoneState(':\u0000:a')).toBe('FullDisruption');
    const noExec = (n: string) => k.taints(n).find((t) => t.effect === 'NoExecute')?.timeAdded;
    expect([noExec('a-0'), noExec('a-1')]).toEqual([ts(75 * S), ts(85 * S)]);
  });

  it('computeZoneState and zoneKey', () => {
    expect(computeZoneState(['True', 'Unknown'], 0.55).state).toBe('Normal');
    expect(computeZoneState(['Unknown', undefined], 0.55)).toEqual({ unhealthy: 2, state: 'FullDisruption' });
    expect(computeZoneState(['True', 'False', 'False', 'Unknown'], 0.55)).toEqual({ unhealthy: 3, state: 'PartialDisruption' });
    expect(computeZoneState(['True', 'True', 'False', 'False', 'Unknown'], 0.55).state).toBe('PartialDisruption');
    expect(computeZoneState(['True', 'True', 'True', 'False', 'False', 'Unknown'], 0.55).state).toBe('Normal');
    const node = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels } });
    expect(zoneKey(node({}))).toBe('');
    expect(zoneKey(node({ zone: 'a' }))).toBe('');
    expect(zoneKey(node({ 'topology.kubernetes.io/zone': 'z1', 'failure-domain.beta.kubernetes.io/zone': 'old' }))).toBe(':\u0000:old');
  });

  it('RateLimitedTimedQueue: one token per 1/qps, a value is processed once until removed', () => {
    const q = new RateLimitedTimedQueue(0.1);
    const seen: string[] = [];
    q.add('a', 'u1', 0);
    q.add('b', 'u2', 0);
    expect(q.add('a', 'u1', 0)).toBe(false);
    q.try(100, (v) => (seen.push(`${v}@100`), { ok: true, wait: 0 }));
    q.try(5000, (v) => (seen.push(`${v}@5000`), { ok: true, wait: 0 }));
    q.try(10_100, (v) => (seen.push(`${v}@10100`), { ok: true, wait: 0 }));
    expect(seen).toEqual(['a@100', 'b@10100']);
    expect(q.add('a', 'u1', 20_000)).toBe(false);
    q.remove('a');
    expect(q.add('a', 'u1', 20_000)).toBe(true);
    q.swapLimiter(0, 20_000);
    q.try(30_000, () => ({ ok: true, wait: 0 }));
    expect(q.size).toBe(1);
  });
});

describe('nodes that never posted status, cordon, labels', () => {
  it('a Node without status gets the startup grace (60s) and "Kubelet never posted node status."', () => {
    const k = nodeCluster({ nodes: [{ name: 'node-a' }] });
    k.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'ghost' } }, { actor: 'test' });
    k.runTo(59_999);
    expect(k.node('ghost').status?.conditions ?? []).toEqual([]);
    k.runTo(60 * S);
    const conds = k.node('ghost').status.conditions;
    expect(conds.map((c: any) => c.type)).toEqual(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']);
    expect(conds[0]).toEqual({
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: ts(0),
      lastTransitionTime: ts(60 * S),
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
    // Queued for the unreachable taint since the first pass; the tainter retried every 10s
    // (no Ready condition yet) and succeeds on the token at 60.1s.
    const at = k.firstTime(() => k.taints('ghost').some((t) => t.effect === 'NoExecute'), 120 * S);
    expect(at).toBe(60_100);
  });

  it('spec.unschedulable ↔ the unschedulable NoSchedule taint, with timeAdded', () => {
    const k = nodeCluster({ nodes: [{ name: 'node-a', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }] });
    k.runTo(12 * S);
    k.store.patch('Node', undefined, 'node-a', { spec: { unschedulable: true } }, 'merge', { actor: 'test' });
    k.runTo(12 * S);
    expect(k.taints('node-a')).toEqual([
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ts(12 * S) },
    ]);
    k.runTo(20 * S);
    k.store.patch('Node', undefined, 'node-a', { spec: { unschedulable: null } }, 'merge', { actor: 'test' });
    k.runTo(20 * S);
    expect(k.taints('node-a')).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  });

  it('a user-removed controller taint comes back; the beta os label follows the stable one', () => {
    const k = nodeCluster({ nodes: [{ name: 'node-a' }], components: () => [new NodeLifecycleController()] });
    k.runTo(30 * S);
    k.store.patch('Node', undefined, 'node-a', { spec: { unschedulable: true }, metadata: { labels: { 'beta.kubernetes.io/os': 'windows' } } }, 'merge', { actor: 'test' });
    k.runTo(30 * S);
    expect(k.node('node-a').metadata.labels!['beta.kubernetes.io/os']).toBe('linux');
    k.store.patch('Node', undefined, 'node-a', { spec: { taints: null } }, 'merge', { actor: 'test' });
    k.runTo(31 * S);
    expect(k.taints('node-a')).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ts(30 * S) }]);
  });

  it('a pod bound to a node already NotReady is marked not Ready (processPod), one bound to a Ready node is not', () => {
    const k = nodeCluster();
    k.runTo(30 * S);
    k.agent('node-a').kill();
    k.runTo(100 * S);
    for (const [name, node] of [['late', 'node-a'], ['fine', 'node-b']] as const) {
      const p = k.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { actor: 'test' });
      k.store.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts(0) }] } }, { actor: 'test' });
      k.store.bind('default', name, node, { actor: 'test' });
    }
    k.runTo(101 * S);
    expect(k.podCond('late', 'Ready')).toEqual({ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: ts(100 * S) });
    expect(k.events('late', 'NodeNotReady').map((e) => [e.type, e.message, e.first])).toEqual([['Warning', 'Node is not ready', ts(100 * S)]]);
    expect(k.podCond('fine', 'Ready').status).toBe('True');
    expect(k.events('node-a', 'NodeNotReady')).toHaveLength(1);
  });

  it('same seed, same trace digest', () => {
    const run = () => {
      const k = nodeCluster({ nodes: [{ name: 'n', count: 3 }] });
      k.create(boundPod('web', 'n-0'));
      k.runTo(30 * S);
      k.agent('n-0').kill();
      k.runTo(500 * S);
      k.agent('n-0').restart();
      k.runTo(600 * S);
      return k.cluster.engine.traceDigest();
    };
    expect(run()).toBe(run());
  });
});
