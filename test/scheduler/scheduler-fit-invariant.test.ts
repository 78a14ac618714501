import { describe, expect, it } from 'vitest';
import { schedulerFit } from '../../src/invariants/scheduler-fit.js';
import type { Violation } from '../../src/invariants/types.js';
import { create, node, placed, pod, schedulerCluster, settle } from './helpers.js';

describe('scheduler-fit invariant', () => {
  it('holds for every bind of a busy scheduling run', () => {
    const { cluster, sched } = schedulerCluster();
    const found: Violation[] = [];
    schedulerFit().start(cluster, (v) => found.push(v));
    create(cluster, node('a', { cpu: '2', memory: '2Gi', pods: '5' }), node('b', { cpu: '1', taints: [{ key: 'k', effect: 'NoSchedule' }] }), node('c', { unschedulable: true }));
    for (let i = 0; i < 12; i++) create(cluster, pod(`p${i}`, { cpu: '300m', memory: '256Mi' }));
    settle(cluster, 60_000);
    expect(sched.scheduledCount).toBe(5);
    expect(found).toEqual([]);
  });

  it('reports an over-committed, tainted, cordoned, mismatched binding with its numbers', () => {
    const { cluster } = schedulerCluster();
    const found: Violation[] = [];
    schedulerFit().start(cluster, (v) => found.push(v));
    create(cluster, node('a', { cpu: '1', unschedulable: true, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }));
    create(cluster, placed('old', 'a', { cpu: '800m' }));
    create(cluster, { ...pod('x', { cpu: '300m', nodeSelector: { disk: 'ssd' } }), spec: { ...pod('x', { cpu: '300m', nodeSelector: { disk: 'ssd' } }).spec, schedulerName: 'nobody' } });
    cluster.actions.emit({ component: 'default-scheduler', action: 'bind', object: 'default/x', data: { node: 'a' } });
    expect(found.map((v) => v.message)).toEqual([
      'binding pod default/x to node a: cpu requests 800m + 300m > allocatable 1000m',
      'binding pod default/x to node a: the pod does not tolerate taint dedicated=db:NoSchedule',
      "binding pod default/x to node a: the node does not match the pod's nodeSelector / required node affinity",
      'binding pod default/x to node a: the node is cordoned (spec.unschedulable)',
    ]);
    expect(found[0]).toMatchObject({ invariant: 'scheduler-fit', objects: ['pod/default/x', 'node/a'], numbers: { requested: 800, pod: 300, allocatable: 1000 } });
  });
});
