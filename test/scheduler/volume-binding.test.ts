import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { KubeObject } from '../../src/store/types.js';
import { storageComponents } from '../../src/controllers/storage-components.js';
import { create, events, node, nodeOf, pod, settle } from './helpers.js';

function cluster(withStorage = true): Cluster {
  const sched = new Scheduler();
  const c = new Cluster({ components: () => [sched, ...(withStorage ? storageComponents() : [])] });
  c.start();
  return c;
}
const claimPod = (name: string, ...claims: string[]) => pod(name, { spec: { volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) } });
const pvc = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', ...spec },
});
const pv = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/a' }, ...spec },
});
const onNode = (n: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } });
const failed = (c: Cluster, name: string) => events(c, 'FailedScheduling', name).map((e) => e.message);

// pkg/scheduler/framework/plugins/volumebinding (1.30)
describe('VolumeBinding', () => {
  it('PreFilter: a missing claim, an unbound Immediate claim, a Lost claim and a deleting claim reject every node', () => {
    const c = cluster(false);
    create(c, node('a'), node('b'));
    create(c, pvc('pending'), { ...pvc('lost', { volumeName: 'gone' }), status: { phase: 'Lost' } });
    create(c, claimPod('p1', 'missing'), claimPod('p2', 'pending'), claimPod('p3', 'lost'));
    settle(c);
    const tail = 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..';
    expect(failed(c, 'p1')).toEqual([`0/2 nodes are available: persistentvolumeclaim "missing" not found. ${tail}`]);
    expect(failed(c, 'p2')).toEqual([`0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${tail}`]);
    expect(failed(c, 'p3')).toEqual([`0/2 nodes are available: persistentvolumeclaim "lost" bound to non-existent persistentvolume "gone". ${tail}`]);
    create(c, { ...pvc('going'), metadata: { name: 'going', namespace: 'default', finalizers: ['example.com/hold'] } });
    c.store.delete('PersistentVolumeClaim', 'default', 'going');
    create(c, claimPod('p4', 'going'));
    settle(c);
    expect(failed(c, 'p4')).toEqual([`0/2 nodes are available: persistentvolumeclaim "going" is being deleted. ${tail}`]);
  });

  it('Filter: a bound local PV confines the pod to its node; the others report a volume node affinity conflict', () => {
    const c = cluster();
    create(c, node('a'), node('b'), node('c'));
    create(c, pv('local-b', { nodeAffinity: onNode('b') }), pv('local-z', { nodeAffinity: onNode('z') }));
    create(c, pvc('data'));
    settle(c);
    expect(c.store.get('PersistentVolumeClaim', 'default', 'data')!.spec.volumeName).toBe('local-b');
    create(c, claimPod('web', 'data'));
    settle(c);
    expect(nodeOf(c, 'web')).toBe('b');
    create(c, pvc('other'));
    settle(c);
    create(c, claimPod('lonely', 'other'));
    settle(c);
    expect(failed(c, 'lonely')).toEqual([
      '0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    ]);
  });

  it('WaitForFirstConsumer: the pod goes where a matching PV is; PreBind sets claimRef and the PV controller completes the binding', () => {
    const c = cluster();
    create(c, node('a'), node('b'));
    create(c, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
    create(c, pv('big-a', { storageClassName: 'local', capacity: { storage: '10Gi' }, nodeAffinity: onNode('a') }), pv('small-b', { storageClassName: 'local', nodeAffinity: onNode('b') }));
    create(c, pvc('data', { storageClassName: 'local' }));
    settle(c);
    expect(c.store.get('PersistentVolumeClaim', 'default', 'data')!.status.phase).toBe('Pending');
    create(c, claimPod('web', 'data'));
    settle(c);
    // Both nodes fit; either choice binds the claim to that node's volume.
    const n = nodeOf(c, 'web')!;
    const want = n === 'a' ? 'big-a' : 'small-b';
    expect(c.store.get('PersistentVolumeClaim', 'default', 'data')!.spec.volumeName).toBe(want);
    expect(c.store.get('PersistentVolume', undefined, want)!.status.phase).toBe('Bound');
  });
});
