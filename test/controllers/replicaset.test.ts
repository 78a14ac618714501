import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/store/types.js';
import { eventsFor, pods, replicaSet, runFor, workloadCluster } from './replicaset-fake-kubelet.js';

describe('ReplicaSet controller', () => {
  it('creates pods in slow-start batches with generateName, owner references and events', () => {
    const c = workloadCluster({ readyDelay: () => 2000 });
    c.store.create(replicaSet('web', 3), { actor: 'scenario' });
    runFor(c, 0);
    const ps = pods(c, 'app=web');
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: c.store.get('ReplicaSet', 'default', 'web')!.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(eventsFor(c, 'web').sort()).toEqual(ps.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    const rs = c.store.get('ReplicaSet', 'default', 'web')!;
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    runFor(c, 2000);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('counts availability only after minReadySeconds (strictly), requeueing itself', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create({ ...replicaSet('web', 2), spec: { ...replicaSet('web', 2).spec, minReadySeconds: 10 } }, { actor: 'scenario' });
    runFor(c, 1000);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status.readyReplicas).toBe(2);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status.availableReplicas).toBeUndefined();
    // Ready at t=1s; available once 1s + 10s < now: the sync at 1s requeued itself for 11.001s.
    runFor(c, 10_000);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status.availableReplicas).toBeUndefined();
    runFor(c, 1);
    expect(c.engine.now).toBe(11_001);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status.availableReplicas).toBe(2);
  });

  it('stops a slow-start at the first failing batch and reports FailedCreate', () => {
    const c = workloadCluster();
    let allowed = 3;
    (c.store as any).addAdmissionPlugin({
      name: 'quota',
      kinds: ['Pod'],
      admit: (obj: any, a: any) => {
        if (a.operation !== 'CREATE') return;
        if (allowed-- <= 0) throw new ApiError(403, 'Forbidden', `pods "${obj.metadata.name}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3`);
      },
    });
    c.store.create(replicaSet('web', 10), { actor: 'scenario' });
    runFor(c, 0);
    // Batches 1, 2 succeed (3 pods); the batch of 4 fails on each of its 4 creates.
    expect(pods(c, 'app=web')).toHaveLength(3);
    // Each refused pod had its own generated name, so each is its own event; the back-off retries (5ms, 10ms, ...) add more.
    const ev = c.store.list('Event', { namespace: 'default' }).filter((e) => e.reason === 'FailedCreate');
    expect(ev.length).toBeGreaterThanOrEqual(4);
    expect(ev[0]!.type).toBe('Warning');
    expect(ev[0]!.message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: q/);
    const rs = c.store.get('ReplicaSet', 'default', 'web')!;
    expect(rs.status.conditions).toHaveLength(1);
    expect(rs.status.conditions[0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
  });

  it('records no FailedCreate while its namespace is terminating', () => {
    const c = workloadCluster();
    c.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } }, { actor: 'scenario' });
    c.store.create({ ...replicaSet('web', 0), metadata: { name: 'web', namespace: 'gone' } }, { actor: 'scenario' });
    runFor(c, 0);
    c.store.delete('Namespace', undefined, 'gone', { actor: 'scenario' });
    expect(c.store.get('Namespace', undefined, 'gone')!.status.phase).toBe('Terminating');
    c.store.patch('ReplicaSet', 'gone', 'web', { spec: { replicas: 3 } }, 'merge', { actor: 'scenario' });
    runFor(c, 1000);
    expect(c.store.list('Pod', { namespace: 'gone' })).toEqual([]);
    expect(c.store.list('Event', { namespace: 'gone' }).filter((e) => e.reason === 'FailedCreate')).toEqual([]);
  });

  it('adopts a matching orphan pod instead of creating one, and releases a pod whose labels stop matching', () => {
    const c = workloadCluster({ readyDelay: () => 0 });
    c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }, { actor: 'scenario' });
    c.store.create(replicaSet('web', 2), { actor: 'scenario' });
    runFor(c, 1000);
    const rs = c.store.get('ReplicaSet', 'default', 'web')!;
    expect(pods(c, 'app=web')).toHaveLength(2);
    expect(c.store.get('Pod', 'default', 'stray')!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(1);
    c.store.patch('Pod', 'default', 'stray', { metadata: { labels: { app: 'debug' } } }, 'merge', { actor: 'scenario' });
    runFor(c, 1000);
    expect(c.store.get('Pod', 'default', 'stray')!.metadata.ownerReferences ?? []).toEqual([]);
    expect(pods(c, 'app=web')).toHaveLength(2);
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(2);
  });

  it('scales down the not-ready pod first and names it in the event', () => {
    const c = workloadCluster({ readyDelay: (p) => (p.metadata.name === firstName ? undefined : 0) });
    let firstName = '';
    c.store.watch((e) => {
      if (e.type === 'ADDED' && !firstName) firstName = e.object.metadata.name!;
    }, ['Pod']);
    c.store.create(replicaSet('web', 3), { actor: 'scenario' });
    runFor(c, 1000);
    c.store.patch('ReplicaSet', 'default', 'web', { spec: { replicas: 2 } }, 'merge', { actor: 'scenario' });
    runFor(c, 1000);
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([`SuccessfulDelete: Deleted pod: ${firstName}`]);
    expect(c.store.get('ReplicaSet', 'default', 'web')!.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 });
  });
});
