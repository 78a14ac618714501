import { describe, expect, it } from 'vitest';
import { create, events, node, nodeOf, pod, schedulerCluster, settle } from './helpers.js';
import { SchedulingQueue } from '../../src/scheduler/scheduling-queue.js';

describe('scheduling queue', () => {
  it('an unschedulable pod is retried as soon as a node is added (backoff already over)', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pod('web-0', { cpu: '1' }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'web-0').map((e) => e.message)).toEqual(['no nodes available to schedule pods']);
    settle(cluster, 5000);
    expect(nodeOf(cluster, 'web-0')).toBeUndefined();
    create(cluster, node('node-a'));
    settle(cluster);
    expect(cluster.engine.now).toBe(5000);
    expect(nodeOf(cluster, 'web-0')).toBe('node-a');
    const p = cluster.store.get('Pod', 'default', 'web-0')!;
    expect(p.status.conditions.find((c: any) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
  });

  it('a node added during the backoff: the pod goes to backoffQ and leaves it at the next 1s flush', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('small', { cpu: '1' }));
    create(cluster, pod('web-0', { cpu: '2' }));
    settle(cluster, 300);
    create(cluster, node('big', { cpu: '4' }));
    settle(cluster, 699);
    expect(nodeOf(cluster, 'web-0')).toBeUndefined();
    settle(cluster, 1);
    expect(cluster.engine.now).toBe(1000);
    expect(nodeOf(cluster, 'web-0')).toBe('big');
  });

  it('node label change helps nodeSelector pods; heartbeat-only changes do not move pods', () => {
    const { cluster, sched } = schedulerCluster();
    create(cluster, node('work1'), node('work2'));
    create(cluster, pod('sel-0', { nodeSelector: { ssd: '666' } }));
    settle(cluster, 30_000);
    const n = cluster.store.get('Node', undefined, 'work1')!;
    // A status heartbeat (condition times only) is not a scheduling-relevant change.
    cluster.store.updateStatus({ ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-04-17T00:00:30Z' }] } });
    settle(cluster);
    expect(sched.queue.get('default/sel-0')!.where).toBe('unschedulable');
    const n2 = cluster.store.get('Node', undefined, 'work1')!;
    cluster.store.update({ ...n2, metadata: { ...n2.metadata, labels: { ...n2.metadata.labels, ssd: '666' } } });
    settle(cluster);
    expect(cluster.engine.now).toBe(30_000);
    expect(nodeOf(cluster, 'sel-0')).toBe('work1');
    expect(events(cluster, 'FailedScheduling', 'sel-0')[0]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
    );
  });

  it('deleting an assigned pod frees room for a pod rejected for resources', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1', { cpu: '1' }));
    create(cluster, pod('first', { cpu: '1' }));
    settle(cluster);
    create(cluster, pod('second', { cpu: '1' }));
    settle(cluster, 10_000);
    expect(nodeOf(cluster, 'second')).toBeUndefined();
    cluster.store.delete('Pod', 'default', 'first', { gracePeriodSeconds: 0 });
    settle(cluster);
    expect(nodeOf(cluster, 'second')).toBe('n1');
  });

  it('backoff: 1s doubling to 10s', () => {
    const q = new SchedulingQueue();
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => q.backoffDuration(a))).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('scheduling gates hold a pod until removed', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1'));
    create(cluster, pod('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } }));
    settle(cluster, 1000);
    expect(nodeOf(cluster, 'gated')).toBeUndefined();
    const p = cluster.store.get('Pod', 'default', 'gated')!;
    cluster.store.update({ ...p, spec: { ...p.spec, schedulingGates: [] } });
    settle(cluster);
    expect(nodeOf(cluster, 'gated')).toBe('n1');
  });

  it('node iteration resumes where the last cycle stopped (nextStartNodeIndex)', () => {
    const { cluster, sched } = schedulerCluster();
    for (let i = 0; i < 200; i++) create(cluster, node(`n${String(i).padStart(3, '0')}`));
    create(cluster, pod('p1'));
    settle(cluster);
    // 200 nodes: 50 - 200/125 = 49% = 98 -> at least 100 feasible nodes to find.
    expect(sched.lastResult).toMatchObject({ kind: 'bound', feasible: 100, evaluated: 100 });
    create(cluster, pod('p2'));
    settle(cluster);
    expect(sched.lastResult).toMatchObject({ kind: 'bound', feasible: 100, evaluated: 100 });
    // p1 was chosen among n000..n099, p2 among n100..n199.
    expect(Number(nodeOf(cluster, 'p1')!.slice(1))).toBeLessThan(100);
    expect(Number(nodeOf(cluster, 'p2')!.slice(1))).toBeGreaterThanOrEqual(100);
  });
});
