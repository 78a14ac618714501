import { describe, expect, it } from 'vitest';
import { create, events, node, nodeOf, placed, pod, schedulerCluster, settle } from './helpers.js';
import { fitErrorMessage } from '../../src/scheduler/failure-message.js';
import { unresolvable, unschedulable } from '../../src/scheduler/status.js';

function failed(cluster: ReturnType<typeof schedulerCluster>['cluster'], name: string): string[] {
  return events(cluster, 'FailedScheduling', name).map((e) => e.message);
}

describe('FailedScheduling message (FitError.Error + preemption)', () => {
  it('counts reasons per node, sorted, with the preemption summary', () => {
    const { cluster } = schedulerCluster();
    create(
      cluster,
      node('node-a', { cpu: '1' }),
      node('node-b', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
      node('node-c', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
    );
    create(cluster, pod('web-0', { cpu: '2' }));
    settle(cluster);
    const msg =
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..';
    expect(failed(cluster, 'web-0')).toEqual([msg]);
    const p = cluster.store.get('Pod', 'default', 'web-0')!;
    expect(p.status.conditions).toEqual([{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2024-04-17T00:00:00Z', reason: 'Unschedulable', message: msg }]);
    expect(events(cluster, 'FailedScheduling', 'web-0')[0]!.type).toBe('Warning');
  });

  it('sorts the "<count> <reason>" strings bytewise, so 10 comes before 2', () => {
    const { cluster } = schedulerCluster();
    for (let i = 0; i < 10; i++) create(cluster, node(`other-${i}`));
    create(cluster, node('ssd-0', { memory: '1Gi', labels: { disktype: 'ssd' } }), node('ssd-1', { memory: '1Gi', labels: { disktype: 'ssd' } }));
    create(cluster, pod('db', { memory: '2Gi', nodeSelector: { disktype: 'ssd' } }));
    settle(cluster);
    expect(failed(cluster, 'db')).toEqual([
      "0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. preemption: 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    ]);
  });

  it('lists every insufficient resource of a node, pods first', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a', { cpu: '1', memory: '1Gi', pods: '1' }));
    create(cluster, placed('filler', 'node-a'));
    create(cluster, pod('big', { cpu: '2', memory: '2Gi' }));
    settle(cluster);
    expect(failed(cluster, 'big')).toEqual([
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    ]);
  });

  it('cordoned nodes, host ports, no nodes at all, preemptionPolicy Never', () => {
    const { cluster } = schedulerCluster();
    create(cluster, pod('early'));
    settle(cluster);
    expect(failed(cluster, 'early')).toEqual(['no nodes available to schedule pods']);
    expect(cluster.store.get('Pod', 'default', 'early')!.status.conditions[0].reason).toBe('Unschedulable');

    const c2 = schedulerCluster().cluster;
    create(c2, node('node-a', { unschedulable: true }), node('node-b'));
    create(c2, placed('hp', 'node-b', { hostPort: 8080 }));
    create(c2, pod('web', { hostPort: 8080 }));
    settle(c2);
    expect(failed(c2, 'web')).toEqual([
      "0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
    ]);

    const c3 = schedulerCluster().cluster;
    create(c3, node('node-a', { cpu: '1' }));
    create(c3, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 5, preemptionPolicy: 'Never' });
    create(c3, pod('never', { cpu: '2', priorityClassName: 'batch' }));
    expect(c3.store.get('Pod', 'default', 'never')!.spec).toMatchObject({ priority: 5, preemptionPolicy: 'Never' });
    settle(c3);
    expect(failed(c3, 'never')).toEqual(['0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..']);
  });

  it('a cordoned node tolerated by node.kubernetes.io/unschedulable is usable', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a', { unschedulable: true }));
    create(cluster, pod('ds', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }));
    settle(cluster);
    expect(nodeOf(cluster, 'ds')).toBe('node-a');
  });

  it('preemption dry run reports the filter reason when evicting every lower-priority pod is not enough', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a', { cpu: '1' }));
    create(cluster, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    create(cluster, placed('low', 'node-a', { cpu: '500m' }));
    create(cluster, pod('huge', { cpu: '2', priorityClassName: 'high' }));
    settle(cluster);
    expect(failed(cluster, 'huge')).toEqual(['0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..']);
  });

  it('fitErrorMessage: PreFilter message replaces the histogram', () => {
    const m = new Map([['a', unresolvable('NodeAffinity', 'x')]]);
    expect(fitErrorMessage(1, { nodeToStatus: m, preFilterMsg: 'pod affinity terms conflict', postFilterMsg: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.' })).toBe(
      '0/1 nodes are available: pod affinity terms conflict. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    );
    expect(fitErrorMessage(3, { nodeToStatus: new Map([['a', unschedulable('NodeResourcesFit', 'Insufficient cpu', 'Insufficient memory')], ['b', unschedulable('NodeResourcesFit', 'Insufficient cpu')]]) })).toBe(
      '0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.',
    );
  });

  it('repeated failures bump the event count (same message)', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a', { cpu: '1' }));
    create(cluster, pod('big', { cpu: '2' }));
    settle(cluster);
    // No cluster event: the pod waits in unschedulablePods until the 5-minute flush (first 30s tick after 5m).
    settle(cluster, 329_999);
    expect(events(cluster, 'FailedScheduling', 'big')[0]!.count).toBe(1);
    settle(cluster, 1);
    expect(cluster.engine.now).toBe(330_000);
    expect(events(cluster, 'FailedScheduling', 'big')[0]!.count).toBe(2);
  });
});
