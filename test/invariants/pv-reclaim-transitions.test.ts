import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { storageComponents } from '../../src/controllers/storage-components.js';
import { pvReclaimTransitions } from '../../src/invariants/pv-reclaim-transitions.js';
import type { Violation } from '../../src/invariants/types.js';

function watched(): { c: Cluster; violations: Violation[]; run: (t: number) => void } {
  const c = new Cluster({ components: () => storageComponents() });
  const violations: Violation[] = [];
  const inv = pvReclaimTransitions();
  inv.start(c, (v) => violations.push(v));
  c.engine.afterEachEvent(() => inv.check?.());
  c.start();
  return { c, violations, run: (t) => c.engine.run({ until: t }) };
}
const pvObj = (name: string, policy: string, source: Record<string, unknown> = { nfs: { path: '/x', server: 's' } }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', persistentVolumeReclaimPolicy: policy, ...source },
});
const pvcObj = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs', ...extra },
});

describe('pv-reclaim-transitions', () => {
  it('holds through binding, Retain, Recycle, Delete (hostPath), a failed Delete and dynamic provisioning', () => {
    const { c, violations, run } = watched();
    c.store.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'dyn' }, provisioner: 'example.com/p' });
    c.store.create(pvObj('retain', 'Retain'));
    c.store.create({ ...pvObj('recycle', 'Recycle'), spec: { ...pvObj('recycle', 'Recycle').spec, storageClassName: 'r' } });
    c.store.create({ ...pvObj('delete', 'Delete', { hostPath: { path: '/tmp/d' } }), spec: { ...pvObj('delete', 'Delete', { hostPath: { path: '/tmp/d' } }).spec, storageClassName: 'd' } });
    c.store.create({ ...pvObj('fail', 'Delete'), spec: { ...pvObj('fail', 'Delete').spec, storageClassName: 'f' } });
    for (const [n, cls] of [['a', 'nfs'], ['b', 'r'], ['d', 'd'], ['f', 'f'], ['p', 'dyn']]) c.store.create(pvcObj(n!, { storageClassName: cls }));
    run(2_000);
    expect(c.store.list('PersistentVolumeClaim').map((x) => x.status.phase)).toEqual(['Bound', 'Bound', 'Bound', 'Bound', 'Bound']);
    for (const n of ['a', 'b', 'd', 'f', 'p']) c.store.delete('PersistentVolumeClaim', 'default', n);
    run(60_000);
    expect(c.store.list('PersistentVolume').map((v) => `${v.metadata.name}:${v.status.phase}`)).toEqual(['fail:Failed', 'recycle:Available', 'retain:Released']);
    expect(violations).toEqual([]);
  });

  it('catches a Released volume turned Bound (to a claim other than the one its claimRef named)', () => {
    const { c, violations, run } = watched();
    c.store.create(pvObj('v', 'Retain'));
    c.store.create(pvcObj('old'));
    run(1_000);
    c.store.delete('PersistentVolumeClaim', 'default', 'old');
    run(2_000);
    const v = c.store.get('PersistentVolume', undefined, 'v')!;
    expect(v.status.phase).toBe('Released');
    // A rogue binder writes Bound without clearing claimRef.
    c.store.updateStatus({ ...v, status: { ...v.status, phase: 'Bound' } }, { actor: 'rogue' });
    expect(violations.map((x) => x.message)).toEqual(['PersistentVolume v went Released→Bound, which is not a legal phase transition']);
    expect(violations[0]!.objects).toEqual(['pv/v']);
  });

  it('catches a volume released while its claim still exists, a claim going back to Pending, and two claims on one volume', () => {
    const { c, violations, run } = watched();
    c.store.create(pvObj('v', 'Retain'));
    const claim = c.store.create(pvcObj('c'));
    run(1_000);
    const v = c.store.get('PersistentVolume', undefined, 'v')!;
    c.store.updateStatus({ ...v, status: { ...v.status, phase: 'Released' } }, { actor: 'rogue' });
    expect(violations.map((x) => x.message)).toEqual([`PersistentVolume v went Bound→Released while its claim default/c (uid ${claim.metadata.uid}) still exists and is bound to it`]);
    violations.length = 0;
    const cl = c.store.get('PersistentVolumeClaim', 'default', 'c')!;
    c.store.updateStatus({ ...cl, status: { phase: 'Pending' } }, { actor: 'rogue' });
    expect(violations.map((x) => x.message)).toEqual(['PersistentVolumeClaim default/c went Bound→Pending, which is not a legal phase transition']);
  });

  it('catches a claim Bound to a volume whose claimRef names another claim, and the controller deleting a Retain volume', () => {
    // No controllers: the objects are written as a broken binder would leave them.
    const c = new Cluster({ components: () => [] });
    const violations: Violation[] = [];
    const inv = pvReclaimTransitions();
    inv.start(c, (v) => violations.push(v));
    c.engine.afterEachEvent(() => inv.check?.());
    c.start();
    c.engine.at(1_000, 'rogue', 'bind', 'v', () => {
      const a = c.store.create(pvcObj('a', { volumeName: 'v' }));
      const b = c.store.create(pvcObj('b', { volumeName: 'v' }));
      const v = c.store.create({ ...pvObj('v', 'Retain'), spec: { ...pvObj('v', 'Retain').spec, claimRef: { namespace: 'default', name: 'a', uid: a.metadata.uid } } });
      c.store.updateStatus({ ...v, status: { phase: 'Bound' } });
      c.store.updateStatus({ ...a, status: { phase: 'Bound' } });
      c.store.updateStatus({ ...b, status: { phase: 'Bound' } });
    });
    c.engine.run({ until: 1_000 });
    const uidA = c.store.get('PersistentVolumeClaim', 'default', 'a')!.metadata.uid;
    expect(violations.map((v) => v.message)).toEqual([
      'PersistentVolumeClaims default/a and default/b are both Bound to PersistentVolume v',
      `PersistentVolumeClaim default/b is Bound to v, whose claimRef names default/a (uid ${uidA})`,
    ]);
    violations.length = 0;
    c.actions.emit({ component: 'persistentvolume-controller', action: 'delete-volume', object: 'v', data: { phase: 'Released', policy: 'Retain' } });
    c.actions.emit({ component: 'external-provisioner', action: 'delete-volume', object: 'w', data: { phase: 'Bound', policy: 'Delete' } });
    expect(violations.map((v) => v.message)).toEqual([
      'persistentvolume-controller deleted PersistentVolume v with reclaim policy Retain in phase Released (only Delete volumes, only when Released or Failed)',
      'external-provisioner deleted PersistentVolume w with reclaim policy Delete in phase Bound (only Delete volumes, only when Released or Failed)',
    ]);
  });
});
