import { describe, expect, it } from 'vitest';
import { withGc, deployment, pod } from '../store/helpers.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';

/** Deployment -> ReplicaSet -> 2 pods (unscheduled, so they delete at once), controller refs. */
function chain(c: Cluster, block = true): { d: KubeObject; rs: KubeObject } {
  const d = c.store.create(deployment('web'));
  const rsSpec = { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: d.spec.template };
  const rs = c.store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
    spec: rsSpec,
  });
  c.store.create(pod('web-abc-1', { labels: { app: 'web' }, owners: [rs], block }));
  c.store.create(pod('web-abc-2', { labels: { app: 'web' }, owners: [rs], block }));
  return { d, rs };
}
const count = (c: Cluster) => [c.store.count('Deployment'), c.store.count('ReplicaSet'), c.store.count('Pod')];

describe('garbage collector', () => {
  it('Background: the owner goes now, then the GC deletes the chain', () => {
    const c = withGc();
    chain(c);
    expect(c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Background' })).toBeUndefined();
    expect(count(c)).toEqual([0, 1, 2]);
    c.engine.run();
    expect(count(c)).toEqual([0, 0, 0]);
    const gcDeletes = c.engine.traceEntries().filter((t) => t.component === 'garbage-collector' && t.action === 'delete').map((t) => t.object);
    expect(gcDeletes).toEqual(['ReplicaSet/default/web-abc', 'Pod/default/web-abc-1', 'Pod/default/web-abc-2']);
  });

  it('Foreground: the owner stays (foregroundDeletion) until its blocking dependents are gone', () => {
    const c = withGc();
    chain(c);
    const seen: string[] = [];
    c.store.watch((e) => {
      if (e.type === 'DELETED') seen.push(`${e.kind}/${e.object.metadata.name}`);
    });
    const marked = c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' })!;
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.engine.run();
    expect(count(c)).toEqual([0, 0, 0]);
    // Dependents first (the RS in foreground too, so its pods before it), the owner last.
    expect(seen).toEqual(['Pod/web-abc-1', 'Pod/web-abc-2', 'ReplicaSet/web-abc', 'Deployment/web']);
  });

  it('Orphan: dependents survive without the reference to the deleted owner', () => {
    const c = withGc();
    const { rs } = chain(c);
    c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    expect(c.store.get('Deployment', 'default', 'web')!.metadata.finalizers).toEqual(['orphan']);
    c.engine.run();
    expect(count(c)).toEqual([0, 1, 2]);
    expect(c.store.get('ReplicaSet', 'default', 'web-abc')!.metadata.ownerReferences).toBeUndefined(); // omitempty: no empty list is left behind
    // The RS still owns its pods.
    expect(c.store.dependents(rs.metadata.uid!).map((p) => p.metadata.name)).toEqual(['web-abc-1', 'web-abc-2']);
  });

  it('a dependent is collected only when all owners are absent by UID', () => {
    const c = withGc();
    const a = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
    const b = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } });
    c.store.create(pod('shared', { owners: [a, b], block: false }));
    c.store.delete('ConfigMap', 'default', 'a');
    c.engine.run();
    const p = c.store.get('Pod', 'default', 'shared')!;
    expect(p.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b']);
    // Same name, new UID: the old owner counts as absent.
    c.store.delete('ConfigMap', 'default', 'b');
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } });
    c.engine.run();
    expect(c.store.get('Pod', 'default', 'shared')).toBeUndefined();
  });

  it('a dependent created with a missing owner is collected', () => {
    const c = withGc();
    const ghost = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'gone', uid: '00000000-0000-4000-8000-000000000000' } } as KubeObject;
    c.store.create(pod('orphan', { owners: [ghost] }));
    c.engine.run();
    expect(c.store.get('Pod', 'default', 'orphan')).toBeUndefined();
  });

  it('scheduled pods are deleted gracefully by the GC', () => {
    const c = withGc();
    const owner = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o', namespace: 'default' } });
    c.store.create(pod('p', { owners: [owner], node: 'n1' }));
    c.store.delete('ConfigMap', 'default', 'o');
    c.engine.run();
    expect(c.store.get('Pod', 'default', 'p')!.metadata.deletionTimestamp).toBe('2024-04-17T00:00:30Z');
  });
});

describe('determinism', () => {
  it('same seed gives the same uids, names and trace digest', () => {
    const run = (seed: number) => {
      const c = withGc(seed);
      const { d } = chain(c);
      c.store.create({ ...pod(''), metadata: { generateName: 'x-', namespace: 'default' } });
      c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' });
      c.engine.run();
      return [d.metadata.uid, c.engine.traceDigest(), c.store.list('Pod').map((p) => p.metadata.name).join(',')];
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)[0]).not.toBe(run(4)[0]);
  });
});

describe('owner scope', () => {
  it('a cluster-scoped owner keeps a namespaced dependent; a namespaced owner in another namespace counts as absent', () => {
    const c = withGc();
    const node = c.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const lease = c.store.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: node.metadata.uid! }] },
      spec: { holderIdentity: 'n1' },
    });
    const other = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'kube-system' } });
    c.store.create(pod('cross', { owners: [other] }));
    c.engine.run();
    expect(c.store.get('Lease', 'kube-node-lease', 'n1')).toEqual(lease);
    expect(c.store.get('Pod', 'default', 'cross')).toBeUndefined();
    c.store.delete('Node', undefined, 'n1');
    c.engine.run();
    expect(c.store.get('Lease', 'kube-node-lease', 'n1')).toBeUndefined();
  });

  it('does not attempt a dependent whose owners are all present, and still collects it once they go', () => {
    const c = withGc();
    chain(c);
    c.engine.run();
    // Only the ones without a live owner would be attempted: here none.
    const reconciles = c.engine.traceEntries().filter((t) => t.component === 'garbage-collector' && t.action === 'reconcile');
    expect(reconciles).toEqual([]);
    expect(count(c)).toEqual([1, 1, 2]);
    c.store.delete('ReplicaSet', 'default', 'web-abc', { propagationPolicy: 'Background' });
    c.engine.run();
    expect(count(c)).toEqual([1, 0, 0]);
  });
});

