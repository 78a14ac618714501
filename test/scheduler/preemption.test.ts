import { describe, expect, it } from 'vitest';
import { create, events, node, nodeOf, placed, pod, schedulerCluster, settle } from './helpers.js';
import type { Cluster } from '../../src/cluster/cluster.js';

function pc(name: string, value: number, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra };
}

function get(cluster: Cluster, name: string) {
  return cluster.store.get('Pod', 'default', name);
}

describe('DefaultPreemption', () => {
  it('picks the node whose highest victim priority is lowest, evicts the fewest pods, nominates it', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pc('low', 100), pc('mid', 500), pc('high', 1000));
    create(cluster, node('node-a', { cpu: '2' }), node('node-b', { cpu: '2' }));
    // node-a: two low pods (1 cpu each); node-b: one mid pod (2 cpu).
    create(cluster, placed('a-low-1', 'node-a', { cpu: '1', priorityClassName: 'low' }), placed('a-low-2', 'node-a', { cpu: '1', priorityClassName: 'low' }));
    create(cluster, placed('b-mid', 'node-b', { cpu: '2', priorityClassName: 'mid' }));
    create(cluster, pod('urgent', { cpu: '1', priorityClassName: 'high' }));
    settle(cluster);
    const urgent = get(cluster, 'urgent')!;
    expect(urgent.spec.priority).toBe(1000);
    expect(urgent.status.nominatedNodeName).toBe('node-a');
    // One low pod is enough; the reprieve loop keeps the more important (earlier-starting / first) one.
    const victims = ['a-low-1', 'a-low-2'].filter((n) => get(cluster, n)!.metadata.deletionTimestamp);
    expect(victims).toHaveLength(1);
    const v = get(cluster, victims[0]!)!;
    expect(v.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-04-17T00:00:00Z',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    expect(events(cluster, 'Preempted', victims[0])).toEqual([{ message: `Preempted by pod ${urgent.metadata.uid} on node node-a`, count: 1, type: 'Normal' }]);
    expect(get(cluster, 'b-mid')!.metadata.deletionTimestamp).toBeUndefined();
    // The preemptor failed this cycle: the message has no preemption part (preemption succeeded).
    expect(events(cluster, 'FailedScheduling', 'urgent').map((e) => e.message)).toEqual(['0/2 nodes are available: 2 Insufficient cpu.']);

    // While the victim terminates, the node stays full; a lower-priority newcomer cannot take the room.
    cluster.store.delete('Pod', 'default', victims[0]!, { gracePeriodSeconds: 0 });
    settle(cluster, 1000);
    expect(nodeOf(cluster, 'urgent')).toBe('node-a');
    expect(events(cluster, 'Scheduled', 'urgent')[0]!.message).toBe('Successfully assigned default/urgent to node-a');
  });

  it('prefers fewer victims when the top priorities tie, and lower priority sums first', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pc('p1', 1), pc('p2', 2), pc('high', 1000));
    create(cluster, node('n1', { cpu: '2' }), node('n2', { cpu: '2' }), node('n3', { cpu: '2' }));
    // n1: two p1 pods of 1 cpu (needs both gone for 2 cpu), n2: one p1 pod of 2 cpu, n3: one p2 pod of 2 cpu.
    create(cluster, placed('n1-a', 'n1', { cpu: '1', priorityClassName: 'p1' }), placed('n1-b', 'n1', { cpu: '1', priorityClassName: 'p1' }));
    create(cluster, placed('n2-a', 'n2', { cpu: '2', priorityClassName: 'p1' }), placed('n3-a', 'n3', { cpu: '2', priorityClassName: 'p2' }));
    create(cluster, pod('big', { cpu: '2', priorityClassName: 'high' }));
    settle(cluster);
    expect(get(cluster, 'big')!.status.nominatedNodeName).toBe('n2');
    expect(['n1-a', 'n1-b', 'n2-a', 'n3-a'].filter((n) => get(cluster, n)!.metadata.deletionTimestamp)).toEqual(['n2-a']);
  });

  it('a terminating victim on the nominated node makes the pod wait: "not eligible"', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pc('low', 1), pc('high', 1000));
    create(cluster, node('n1', { cpu: '1' }));
    create(cluster, placed('victim', 'n1', { cpu: '1', priorityClassName: 'low' }));
    create(cluster, pod('urgent', { cpu: '1', priorityClassName: 'high' }));
    settle(cluster);
    expect(get(cluster, 'victim')!.metadata.deletionTimestamp).toBeDefined();
    // Another cluster event (a node update) retries the preemptor while the victim still terminates.
    const n = cluster.store.get('Node', undefined, 'n1')!;
    cluster.store.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, touched: 'yes' } } });
    settle(cluster, 2000);
    expect(events(cluster, 'FailedScheduling', 'urgent').map((e) => e.message)).toEqual([
      '0/1 nodes are available: 1 Insufficient cpu.',
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node..',
    ]);
    expect(get(cluster, 'urgent')!.status.nominatedNodeName).toBe('n1');
  });

  it('respects PodDisruptionBudgets when choosing a node', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pc('low', 1), pc('high', 1000));
    create(cluster, node('n1', { cpu: '1' }), node('n2', { cpu: '1' }));
    create(cluster, placed('guarded', 'n1', { cpu: '1', priorityClassName: 'low', labels: { app: 'guarded' } }));
    create(cluster, placed('free', 'n2', { cpu: '1', priorityClassName: 'low', labels: { app: 'free' } }));
    create(cluster, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    create(cluster, pod('urgent', { cpu: '1', priorityClassName: 'high' }));
    settle(cluster);
    expect(get(cluster, 'urgent')!.status.nominatedNodeName).toBe('n2');
    expect(get(cluster, 'guarded')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('active queue order: higher priority first', () => {
    const { cluster, sched } = schedulerCluster();
    create(cluster, pc('high', 1000));
    create(cluster, node('n1', { cpu: '1' }));
    // Created in the same instant: both are queued before the first cycle runs.
    cluster.engine.at(0, 'test', 'create', 'pods', () => {
      create(cluster, pod('first-low', { cpu: '1' }), pod('second-high', { cpu: '1', priorityClassName: 'high' }));
    });
    settle(cluster);
    expect(nodeOf(cluster, 'second-high')).toBe('n1');
    expect(nodeOf(cluster, 'first-low')).toBeUndefined();
    expect(sched.scheduledCount).toBe(1);
  });
});
