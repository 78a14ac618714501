import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { storageComponents } from '../../src/controllers/storage-components.js';
import { toTimestamp } from '../../src/api/time.js';

function cluster(): Cluster {
  const c = new Cluster({ components: () => storageComponents() });
  c.start();
  return c;
}
const run = (c: Cluster, until: number) => c.engine.run({ until });
const pvObj = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', nfs: { path: '/x', server: 's' }, ...spec },
});
const pvcObj = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs', ...spec },
});
const pv = (c: Cluster, name: string) => c.store.get('PersistentVolume', undefined, name);
const pvc = (c: Cluster, name: string) => c.store.get('PersistentVolumeClaim', 'default', name);
function events(c: Cluster, kind: string, name: string): string[] {
  return c.store
    .list('Event', { namespace: kind === 'PersistentVolume' ? 'default' : 'default' })
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

// pkg/controller/volume/persistentvolume/pv_controller.go
describe('PV controller binding', () => {
  it('binds like bind(): claimRef with uid, annotations on both sides, phases, claim capacity and modes from the PV', () => {
    const c = cluster();
    c.store.create(pvObj('v', { capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }));
    const claim = c.store.create(pvcObj('c'));
    run(c, 0);
    const v = pv(c, 'v')!;
    expect(v.spec.claimRef).toEqual({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'c', uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion });
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(v.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(v.status).toEqual({ phase: 'Bound', lastPhaseTransitionTime: toTimestamp(0) });
    const cl = pvc(c, 'c')!;
    expect(cl.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(cl.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(cl.spec.volumeName).toBe('v');
    expect(cl.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '2Gi' } });
  });

  it('a claim waiting for a volume is bound at the next 15s resync after the PV appears, not before', () => {
    const c = cluster();
    c.store.create(pvcObj('c', { storageClassName: '' }));
    run(c, 7_000);
    expect(events(c, 'PersistentVolumeClaim', 'c')).toEqual(['Normal FailedBinding no persistent volumes available for this claim and no storage class is set']);
    c.store.create(pvObj('v', { storageClassName: undefined }));
    run(c, 14_999);
    expect(pvc(c, 'c')!.status.phase).toBe('Pending');
    expect(pv(c, 'v')!.status.phase).toBe('Available');
    run(c, 15_000);
    expect(pvc(c, 'c')!.status.phase).toBe('Bound');
    expect(pv(c, 'v')!.status.lastPhaseTransitionTime).toBe(toTimestamp(15_000));
  });

  it('Retain: the claim deleted, the PV is Released at once, claimRef (and uid) kept; a new claim of that name does not take it', () => {
    const c = cluster();
    c.store.create(pvObj('v', { persistentVolumeReclaimPolicy: 'Retain' }));
    const first = c.store.create(pvcObj('c'));
    run(c, 1_000);
    c.store.delete('PersistentVolumeClaim', 'default', 'c');
    run(c, 1_000);
    expect(pvc(c, 'c')).toBeUndefined();
    expect(pv(c, 'v')!.status.phase).toBe('Released');
    expect(pv(c, 'v')!.spec.claimRef.uid).toBe(first.metadata.uid);
    c.store.create(pvcObj('c'));
    run(c, 60_000);
    expect(pv(c, 'v')!.status.phase).toBe('Released');
    expect(pvc(c, 'c')!.status.phase).toBe('Pending');
    // the admin clears claimRef: Available, and the claim is bound at the next resync
    const cur = pv(c, 'v')!;
    const { claimRef: _r, ...spec } = cur.spec;
    c.store.update({ ...cur, spec });
    run(c, 60_000);
    expect(pv(c, 'v')!.status.phase).toBe('Available');
    run(c, 75_000);
    expect(pvc(c, 'c')!.spec.volumeName).toBe('v');
  });

  it('Delete on a hostPath outside /tmp fails as the in-tree deleter does', () => {
    const c = cluster();
    c.store.create(pvObj('v', { persistentVolumeReclaimPolicy: 'Delete', nfs: undefined, hostPath: { path: '/data' } }));
    c.store.create(pvcObj('c'));
    run(c, 1_000);
    c.store.delete('PersistentVolumeClaim', 'default', 'c');
    run(c, 1_000);
    expect(pv(c, 'v')!.status).toMatchObject({ phase: 'Failed', message: 'host_path deleter only supports /tmp/.+ but received provided /data' });
    expect(events(c, 'PersistentVolume', 'v')).toEqual(['Warning VolumeFailedDelete host_path deleter only supports /tmp/.+ but received provided /data']);
  });

  it('a Bound PV being deleted stays Terminating (pv-protection); once gone, its claim is Lost with ClaimLost', () => {
    const c = cluster();
    c.store.create(pvObj('v'));
    c.store.create(pvcObj('c'));
    run(c, 1_000);
    c.store.delete('PersistentVolume', undefined, 'v');
    run(c, 20_000);
    expect(pv(c, 'v')!.metadata.deletionTimestamp).toBe(toTimestamp(1_000));
    expect(pv(c, 'v')!.status.phase).toBe('Bound');
    const cur = pv(c, 'v')!;
    c.store.update({ ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    run(c, 20_000);
    expect(pv(c, 'v')).toBeUndefined();
    expect(pvc(c, 'c')!.status).toEqual({ phase: 'Lost' });
    expect(events(c, 'PersistentVolumeClaim', 'c')).toEqual(['Warning ClaimLost Bound claim has lost its PersistentVolume. Data on the volume is lost!']);
  });

  it('a claim naming a volume that does not fit gets VolumeMismatch and stays Pending', () => {
    const c = cluster();
    c.store.create(pvObj('v'));
    c.store.create(pvcObj('c', { volumeName: 'v', resources: { requests: { storage: '5Gi' } } }));
    run(c, 1_000);
    expect(pvc(c, 'c')!.status.phase).toBe('Pending');
    expect(events(c, 'PersistentVolumeClaim', 'c')).toEqual(['Warning VolumeMismatch Cannot bind to requested volume "v": requested PV is too small']);
  });

  it('a claim of a missing class: ProvisioningFailed with the NotFound text', () => {
    const c = cluster();
    c.store.create(pvcObj('c', { storageClassName: 'gold' }));
    run(c, 1_000);
    expect(events(c, 'PersistentVolumeClaim', 'c')).toEqual(['Warning ProvisioningFailed storageclass.storage.k8s.io "gold" not found']);
  });

  it('RetroactiveDefaultStorageClass: an unbound claim without a class gets the default class created later', () => {
    const c = cluster();
    c.store.create(pvcObj('c', { storageClassName: undefined }));
    run(c, 1_000);
    expect(pvc(c, 'c')!.spec.storageClassName).toBeUndefined();
    c.store.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'std', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/p' });
    run(c, 15_000);
    expect(pvc(c, 'c')!.spec.storageClassName).toBe('std');
    run(c, 16_000);
    expect(pvc(c, 'c')!.status.phase).toBe('Bound');
    expect(pvc(c, 'c')!.spec.volumeName).toBe(`pvc-${pvc(c, 'c')!.metadata.uid}`);
  });

  it('WaitForFirstConsumer provisioning starts only once the scheduler selected a node', () => {
    const c = cluster();
    c.store.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'w' }, provisioner: 'example.com/p', volumeBindingMode: 'WaitForFirstConsumer' });
    c.store.create(pvcObj('c', { storageClassName: 'w' }));
    run(c, 30_000);
    expect(c.store.count('PersistentVolume')).toBe(0);
    expect(events(c, 'PersistentVolumeClaim', 'c')).toEqual(['Normal WaitForFirstConsumer waiting for first consumer to be created before binding']);
    const cur = pvc(c, 'c')!;
    c.store.update({ ...cur, metadata: { ...cur.metadata, annotations: { 'volume.kubernetes.io/selected-node': 'n1' } } });
    run(c, 30_000);
    expect(pvc(c, 'c')!.metadata.annotations!['volume.kubernetes.io/storage-provisioner']).toBe('example.com/p');
    run(c, 31_000);
    expect(pvc(c, 'c')!.status.phase).toBe('Bound');
    expect(pv(c, pvc(c, 'c')!.spec.volumeName)!.spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });
});

describe('PVC protection', () => {
  it('keeps a deleted claim while a scheduled pod (any phase) names it; an unscheduled pod does not hold it', () => {
    const c = cluster();
    c.store.create(pvcObj('held'));
    c.store.create(pvcObj('free'));
    const pod = (name: string, claim: string, nodeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: claim } }] },
    });
    c.store.create(pod('a', 'held', 'n1'));
    c.store.create(pod('b', 'free'));
    c.store.delete('PersistentVolumeClaim', 'default', 'held');
    c.store.delete('PersistentVolumeClaim', 'default', 'free');
    run(c, 1_000);
    expect(pvc(c, 'free')).toBeUndefined();
    expect(pvc(c, 'held')!.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    const a = c.store.get('Pod', 'default', 'a')!;
    c.store.updateStatus({ ...a, status: { phase: 'Succeeded' } });
    run(c, 2_000);
    expect(pvc(c, 'held')).toBeDefined();
    c.store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
    run(c, 3_000);
    expect(pvc(c, 'held')).toBeUndefined();
  });
});
