import { describe, expect, it } from 'vitest';
import { ApiError, type KubeObject } from '../../src/store/types.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ReplicaSetController } from '../../src/controllers/replicaset.js';
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

  it('scales down on the node with more pods of the sibling ReplicaSets first, and keeps counting as they change', () => {
    const c = new Cluster({ seed: 0, components: () => [new ReplicaSetController()] });
    c.start();
    const { store } = c;
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true };
    const mk = (rsName: string, app: string, replicas: number) =>
      store.create({ ...replicaSet(rsName, replicas), metadata: { name: rsName, namespace: 'default', ownerReferences: [owner] }, spec: { ...replicaSet(rsName, replicas).spec, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } } }, { actor: 'scenario' });
    const a = mk('a', 'a', 2);
    const b = mk('b', 'b', 3);
    const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-04-17T00:00:00Z' }] };
    const live = (app: string) => store.list('Pod', { namespace: 'default', labelSelector: `app=${app}` }).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    const podOn = (name: string, rs: KubeObject, app: string, node: string) => {
      const p = store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }] }, spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx:1.25' }] } }, { actor: 'scenario' });
      store.updateStatus({ ...p, status: { ...p.status, ...ready } }, { actor: 'scenario' });
    };
    // a-1 on node-1, a-2 on node-2; b's three pods on node-2: a-2's node has 4 related pods, a-1's 1.
    podOn('a-1', a, 'a', 'node-1');
    podOn('a-2', a, 'a', 'node-2');
    for (const n of ['b-1', 'b-2', 'b-3']) podOn(n, b, 'b', 'node-2');
    runFor(c, 1000);
    store.patch('ReplicaSet', 'default', 'a', { spec: { replicas: 1 } }, 'merge', { actor: 'scenario' });
    runFor(c, 1000);
    expect(live('a')).toEqual(['a-1']);
    // b's pods move over to node-1 (recreated there): now a-1 sits with the crowd.
    podOn('a-3', a, 'a', 'node-2');
    for (const n of ['b-1', 'b-2', 'b-3']) store.delete('Pod', 'default', n, { gracePeriodSeconds: 0, actor: 'scenario' });
    for (const n of ['b-4', 'b-5', 'b-6']) podOn(n, b, 'b', 'node-1');
    runFor(c, 1000);
    // a has 2 pods for 1 replica: the one on the crowded node-1 goes.
    expect(live('a')).toEqual(['a-3']);
  });
});

