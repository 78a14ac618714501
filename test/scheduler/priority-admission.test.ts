import { describe, expect, it } from 'vitest';
import { create, pod, schedulerCluster } from './helpers.js';

describe('Priority admission', () => {
  it('resolves priorityClassName, system classes, globalDefault, and rejects unknown names', () => {
    const { cluster } = schedulerCluster();
    expect(cluster.store.get('PriorityClass', undefined, 'system-node-critical')!.value).toBe(2000001000);
    expect(cluster.store.get('PriorityClass', undefined, 'system-cluster-critical')!.value).toBe(2000000000);
    create(cluster, pod('plain'));
    expect(cluster.store.get('Pod', 'default', 'plain')!.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(cluster.store.get('Pod', 'default', 'plain')!.spec.priorityClassName).toBeUndefined();
    create(cluster, pod('crit', { priorityClassName: 'system-cluster-critical' }));
    expect(cluster.store.get('Pod', 'default', 'crit')!.spec.priority).toBe(2000000000);
    expect(() => create(cluster, pod('bad', { priorityClassName: 'nope' }))).toThrow('pods "bad" is forbidden: no PriorityClass with name nope was found');
    create(cluster, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'default-prio' }, value: 42, globalDefault: true });
    create(cluster, pod('defaulted'));
    expect(cluster.store.get('Pod', 'default', 'defaulted')!.spec).toMatchObject({ priority: 42, priorityClassName: 'default-prio' });
    expect(() => create(cluster, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'second' }, value: 1, globalDefault: true })).toThrow(
      'PriorityClass default-prio is already marked as default. Only one default can exist',
    );
    create(cluster, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'never' }, value: 3, preemptionPolicy: 'Never' });
    create(cluster, pod('batch', { priorityClassName: 'never' }));
    expect(cluster.store.get('Pod', 'default', 'batch')!.spec).toMatchObject({ priority: 3, preemptionPolicy: 'Never' });
    expect(() => create(cluster, pod('given', { spec: { priority: 7 } }))).toThrow(
      // (the built-in admission chain, which runs first without store access, already rejects it)
      'pods "given" is forbidden: the integer value of priority (7) must not be provided in pod spec',
    );
  });
});
