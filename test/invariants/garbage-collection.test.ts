import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import { garbageCollection } from '../../src/invariants/garbage-collection.js';
import type { Violation } from '../../src/invariants/types.js';
import type { KubeObject } from '../../src/store/types.js';
import { deployment, pod } from '../store/helpers.js';

function watched(gc: boolean): { c: Cluster; violations: Violation[] } {
  const c = new Cluster({ seed: 1, components: () => (gc ? [new GarbageCollector()] : []) });
  const violations: Violation[] = [];
  const inv = garbageCollection();
  inv.start(c, (v) => violations.push({ ...v, time: c.engine.now }));
  c.engine.afterEachEvent(() => inv.check?.());
  c.start();
  return { c, violations };
}

function chain(c: Cluster): { d: KubeObject; rs: KubeObject } {
  const d = c.store.create(deployment('web'));
  const rs = c.store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: d.spec.template },
  });
  c.store.create(pod('web-abc-1', { labels: { app: 'web' }, owners: [rs] }));
  return { d, rs };
}

/** Advance the clock so quiescence checks run (a tick event 1s later). */
function tick(c: Cluster): void {
  c.engine.after(1000, 'test', 'tick', '-', () => {});
  c.engine.run({ until: c.engine.now + 1000 });
}

describe('garbage-collection invariant', () => {
  for (const policy of ['Background', 'Foreground', 'Orphan'] as const) {
    it(`holds with the garbage collector (${policy})`, () => {
      const { c, violations } = watched(true);
      chain(c);
      c.store.delete('Deployment', 'default', 'web', { propagationPolicy: policy });
      tick(c);
      tick(c);
      expect(c.store.count('Pod')).toBe(policy === 'Orphan' ? 1 : 0);
      expect(violations).toEqual([]);
    });
  }

  it('reports dependents that outlive their owner when nothing collects them', () => {
    const { c, violations } = watched(false);
    const { rs } = chain(c);
    c.store.delete('Deployment', 'default', 'web');
    c.engine.run({ until: 0 });
    expect(violations).toEqual([]); // same instant: GC processing still allowed
    tick(c);
    expect(violations.map((v) => [v.time, v.message])).toEqual([[1000, `replicaset/default/web-abc still exists 1000ms after all its owners (deployment/web uid ${rs.metadata.ownerReferences![0]!.uid}) were gone`]]);
    // Reported once.
    tick(c);
    expect(violations).toHaveLength(1);
  });

  it('a dependent with one live owner left is not garbage', () => {
    const { c, violations } = watched(false);
    const a = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
    const b = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } });
    const refs = [a, b].map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid! }));
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dep', namespace: 'default', ownerReferences: refs } });
    c.store.delete('ConfigMap', 'default', 'a');
    tick(c);
    expect(violations).toEqual([]);
    c.store.delete('ConfigMap', 'default', 'b');
    tick(c);
    expect(violations.map((v) => v.objects[0])).toEqual(['configmap/default/dep']);
  });

  it('reports a foreground owner removed while a blocking dependent exists', () => {
    const { c, violations } = watched(false);
    chain(c);
    const marked = c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' })!;
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Someone strips the finalizer while the ReplicaSet still blocks.
    c.store.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(c.store.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(violations.map((v) => v.message)).toEqual(['deployment/default/web (foreground deletion) was removed while 1 blocking dependent(s) remain: replicaset/default/web-abc']);
  });
});
