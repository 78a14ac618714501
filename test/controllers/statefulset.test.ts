import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import { StatefulSetController } from '../../src/controllers/statefulset.js';
import { statefulSetOrdinality } from '../../src/invariants/statefulset-ordinality.js';
import { FakeKubelet, eventsFor, runFor, type FakeKubeletOptions } from './replicaset-fake-kubelet.js';

function stsCluster(o: FakeKubeletOptions = {}) {
  const c = new Cluster({ components: () => [new GarbageCollector(), new StatefulSetController(), new FakeKubelet(o)] });
  c.start();
  const violations: string[] = [];
  statefulSetOrdinality().start(c, (v) => violations.push(v.message));
  return { c, violations };
}

function sts(name: string, replicas: number, extra: Record<string, unknown> = {}, image = 'web:v1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      ...extra,
    },
  };
}

const names = (c: Cluster) => c.store.list('Pod', { namespace: 'default' }).map((p) => `${p.metadata.name}${p.metadata.deletionTimestamp ? '(T)' : ''}`);
const get = (c: Cluster, name: string) => c.store.get('StatefulSet', 'default', name)!;
const pod = (c: Cluster, name: string) => c.store.get('Pod', 'default', name);
const setImage = (c: Cluster, name: string, image: string) => {
  const s = get(c, name);
  c.store.update({ ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { containers: [{ name: 'c', image }] } } } }, { actor: 'scenario' });
};
const patchSpec = (c: Cluster, name: string, spec: Record<string, unknown>) => c.store.patch('StatefulSet', 'default', name, { spec }, 'merge', { actor: 'scenario' });

describe('StatefulSet controller', () => {
  it('OrderedReady: one pod at a time, each after its predecessor is Running and Ready; identity fields and events', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 5_000 });
    c.store.create(sts('web', 3), { actor: 'scenario' });
    runFor(c, 4_999);
    expect(names(c)).toEqual(['web-0']);
    const p = pod(c, 'web-0')!;
    expect(p.metadata.generateName).toBe('web-');
    expect(p.metadata.labels).toEqual({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': get(c, 'web').status.updateRevision });
    expect(p.spec.hostname).toBe('web-0');
    expect(p.spec.subdomain).toBe('web');
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: get(c, 'web').metadata.uid, controller: true, blockOwnerDeletion: true }]);
    runFor(c, 1);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    runFor(c, 5_000);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    runFor(c, 5_000);
    expect(get(c, 'web').status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: get(c, 'web').status.updateRevision,
      updateRevision: get(c, 'web').status.updateRevision,
      collisionCount: 0,
    });
    expect(eventsFor(c, 'web')).toEqual([
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
    ]);
    expect(violations).toEqual([]);
  });

  it('Parallel: every pod at once; scale-down deletes every condemned pod at once', () => {
    const { c, violations } = stsCluster({ readyDelay: () => undefined, stopDelay: 3_000 });
    c.store.create(sts('web', 3, { podManagementPolicy: 'Parallel' }), { actor: 'scenario' });
    runFor(c, 10);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    patchSpec(c, 'web', { replicas: 1 });
    runFor(c, 10);
    expect(names(c)).toEqual(['web-0', 'web-1(T)', 'web-2(T)']);
    expect(violations).toEqual([]);
  });

  it('OrderedReady scale-down: highest ordinal first, the next only once the previous is gone', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 0, stopDelay: 3_000 });
    c.store.create(sts('web', 4), { actor: 'scenario' });
    runFor(c, 100);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
    patchSpec(c, 'web', { replicas: 1 });
    runFor(c, 10);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3(T)']);
    runFor(c, 2_980);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3(T)']);
    runFor(c, 20);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2(T)']);
    runFor(c, 3_000);
    expect(names(c)).toEqual(['web-0', 'web-1(T)']);
    runFor(c, 3_000);
    expect(names(c)).toEqual(['web-0']);
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([
      'SuccessfulDelete: delete Pod web-3 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
    expect(violations).toEqual([]);
  });

  it('OrderedReady blocks on an unready pod: neither creation nor scale-down progresses', () => {
    const { c } = stsCluster({ readyDelay: (p) => (p.metadata.name === 'web-1' ? undefined : 0) });
    c.store.create(sts('web', 3), { actor: 'scenario' });
    runFor(c, 1_000);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    expect(get(c, 'web').status).toMatchObject({ replicas: 2, readyReplicas: 1 });
  });

  it('a terminating pod is never replaced while its object exists (at most one pod per identity)', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 0, stopDelay: 1_000_000 });
    c.store.create(sts('web', 2, { podManagementPolicy: 'Parallel' }), { actor: 'scenario' });
    runFor(c, 100);
    c.store.delete('Pod', 'default', 'web-1', { actor: 'scenario' });
    runFor(c, 60_000);
    expect(names(c)).toEqual(['web-0', 'web-1(T)']);
    const old = pod(c, 'web-1')!.metadata.uid;
    c.store.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 0, actor: 'scenario' });
    runFor(c, 10);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    expect(pod(c, 'web-1')!.metadata.uid).not.toBe(old);
    expect(violations).toEqual([]);
  });

  it('RollingUpdate: highest ordinal first, one at a time, never below the partition; revisions and status', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 2_000 });
    c.store.create(sts('web', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }), { actor: 'scenario' });
    runFor(c, 10_000);
    const rev1 = get(c, 'web').status.currentRevision;
    setImage(c, 'web', 'web:v2');
    runFor(c, 10);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pod(c, 'web-2')!.spec.containers[0].image).toBe('web:v2');
    expect(pod(c, 'web-1')!.spec.containers[0].image).toBe('web:v1');
    runFor(c, 2_000);
    expect(pod(c, 'web-1')!.spec.containers[0].image).toBe('web:v2');
    runFor(c, 10_000);
    expect(pod(c, 'web-0')!.spec.containers[0].image).toBe('web:v1');
    const s = get(c, 'web').status;
    expect(s).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 2, currentRevision: rev1 });
    expect(s.updateRevision).not.toBe(rev1);
    const revs = c.store.list('ControllerRevision', { namespace: 'default' });
    expect(revs.map((r) => [r.metadata.name, r.revision]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [rev1, 1],
      [s.updateRevision, 2],
    ]);
    expect(revs[0]!.metadata.labels!['controller.kubernetes.io/hash']).toBe(revs[0]!.metadata.name!.slice('web-'.length));
    expect(revs[0]!.data.spec.template.$patch).toBe('replace');
    // partition 0: web-0 follows and the update revision becomes current.
    patchSpec(c, 'web', { updateStrategy: { rollingUpdate: { partition: 0 } } });
    runFor(c, 5_000);
    expect(get(c, 'web').status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: s.updateRevision, observedGeneration: 3 });
    expect(violations).toEqual([]);
  });

  it('rollingUpdate.maxUnavailable is ignored in 1.30 (MaxUnavailableStatefulSet is alpha, off)', () => {
    const { c } = stsCluster({ readyDelay: () => 2_000 });
    c.store.create(sts('web', 4, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 3 } } }), { actor: 'scenario' });
    runFor(c, 20_000);
    setImage(c, 'web', 'web:v2');
    runFor(c, 10);
    expect(pod(c, 'web-3')!.spec.containers[0].image).toBe('web:v2');
    expect(pod(c, 'web-2')!.spec.containers[0].image).toBe('web:v1');
  });

  it('OnDelete: no pod is replaced; a deleted pod comes back from the update revision', () => {
    const { c } = stsCluster({ readyDelay: () => 0 });
    c.store.create(sts('web', 2, { updateStrategy: { type: 'OnDelete' } }), { actor: 'scenario' });
    runFor(c, 100);
    setImage(c, 'web', 'web:v2');
    runFor(c, 60_000);
    expect(pod(c, 'web-1')!.spec.containers[0].image).toBe('web:v1');
    c.store.delete('Pod', 'default', 'web-0', { gracePeriodSeconds: 0, actor: 'scenario' });
    runFor(c, 100);
    expect(pod(c, 'web-0')!.spec.containers[0].image).toBe('web:v2');
    expect(get(c, 'web').status).toMatchObject({ currentReplicas: 1, updatedReplicas: 1 });
  });

  it('revisionHistoryLimit: non-live revisions beyond the limit are deleted, oldest first', () => {
    const { c } = stsCluster({ readyDelay: () => 0 });
    c.store.create(sts('web', 1, { revisionHistoryLimit: 1 }), { actor: 'scenario' });
    for (const img of ['web:v2', 'web:v3', 'web:v4']) {
      runFor(c, 1_000);
      setImage(c, 'web', img);
    }
    runFor(c, 1_000);
    const revs = c.store.list('ControllerRevision', { namespace: 'default' }).map((r) => r.revision).sort();
    // live: v4 (update = current = the pod's); history keeps one more (v3); v1, v2 deleted.
    expect(revs).toEqual([3, 4]);
  });

  it('volumeClaimTemplates: claims before the pod, labels from template + selector, kept on scale-down; spec.ordinals.start', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 0, stopDelay: 0 });
    const tpl = { metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    c.store.create(sts('web', 2, { volumeClaimTemplates: [tpl], ordinals: { start: 3 } }), { actor: 'scenario' });
    runFor(c, 100);
    expect(names(c)).toEqual(['web-3', 'web-4']);
    expect(pod(c, 'web-4')!.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('4');
    expect(pod(c, 'web-3')!.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-3' } }]);
    const pvc = c.store.get('PersistentVolumeClaim', 'default', 'www-web-3')!;
    expect(pvc.metadata.labels).toEqual({ tier: 'data', app: 'web' });
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    expect(eventsFor(c, 'web').slice(0, 2)).toEqual(['SuccessfulCreate: create Claim www-web-3 Pod web-3 in StatefulSet web success', 'SuccessfulCreate: create Pod web-3 in StatefulSet web successful']);
    patchSpec(c, 'web', { replicas: 1 });
    runFor(c, 100);
    expect(names(c)).toEqual(['web-3']);
    expect(c.store.list('PersistentVolumeClaim', { namespace: 'default' }).map((p) => p.metadata.name)).toEqual(['www-web-3', 'www-web-4']);
    expect(violations).toEqual([]);
  });

  it('retention whenScaled=Delete: the condemned pod owns its claim (plain ref) and the GC deletes it with the pod', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 0, stopDelay: 1_000 });
    const tpl = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    c.store.create(sts('web', 2, { volumeClaimTemplates: [tpl], persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }), { actor: 'scenario' });
    runFor(c, 100);
    patchSpec(c, 'web', { replicas: 1 });
    runFor(c, 10);
    const pvc = c.store.get('PersistentVolumeClaim', 'default', 'www-web-1')!;
    expect(pvc.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: pod(c, 'web-1')!.metadata.uid }]);
    runFor(c, 2_000);
    expect(c.store.get('PersistentVolumeClaim', 'default', 'www-web-1')).toBeUndefined();
    expect(c.store.get('PersistentVolumeClaim', 'default', 'www-web-0')!.metadata.ownerReferences).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it('adopts a matching orphan pod named <set>-<ordinal> and ignores one with another name', () => {
    const { c } = stsCluster({ readyDelay: () => 0 });
    const orphan = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'web:v1' }] } });
    c.store.create(orphan('web-0'), { actor: 'scenario' });
    c.store.create(orphan('other'), { actor: 'scenario' });
    runFor(c, 10);
    const s = c.store.create(sts('web', 1), { actor: 'scenario' });
    runFor(c, 100);
    expect(pod(c, 'web-0')!.metadata.ownerReferences?.[0]?.uid).toBe(s.metadata.uid);
    expect(pod(c, 'other')!.metadata.ownerReferences).toBeUndefined();
  });
  it('a claim being deleted stops the pod creation with FailedCreate, retried with back-off until the claim is gone', () => {
    const { c, violations } = stsCluster({ readyDelay: () => 0 });
    c.store.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', namespace: 'default', finalizers: ['test/hold'] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }, { actor: 'test' });
    c.store.delete('PersistentVolumeClaim', 'default', 'www-web-0', { actor: 'test' });
    const tpl = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    c.store.create(sts('web', 1, { volumeClaimTemplates: [tpl] }), { actor: 'scenario' });
    runFor(c, 1_000);
    expect(names(c)).toEqual([]);
    const failed = c.store.list('Event', { namespace: 'default' }).find((e) => e.reason === 'FailedCreate')!;
    expect(failed.type).toBe('Warning');
    expect(failed.message).toBe('create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted');
    expect(failed.count).toBeGreaterThan(3);
    const pvc = c.store.get('PersistentVolumeClaim', 'default', 'www-web-0')!;
    c.store.update({ ...pvc, metadata: { ...pvc.metadata, finalizers: undefined } }, { actor: 'test' });
    runFor(c, 2_000);
    expect(names(c)).toEqual(['web-0']);
    expect(c.store.get('PersistentVolumeClaim', 'default', 'www-web-0')!.metadata.deletionTimestamp).toBeUndefined();
    expect(violations).toEqual([]);
  });
});

describe('statefulset utils', () => {
  it('parentNameAndOrdinal follows (.*)-([0-9]+)$', async () => {
    const { parentNameAndOrdinal } = await import('../../src/controllers/statefulset-utils.js');
    const re = /^(.*)-([0-9]+)$/;
    for (const n of ['web-0', 'web-12', 'my-db-3', 'web-', 'web', '-1', 'web-1a', 'web-a-1', 'a--2', 'web-007', 'x-99999999999']) {
      const m = re.exec(n);
      const want = !m ? { parent: '', ordinal: -1 } : Number(m[2]) > 2147483647 ? { parent: m[1], ordinal: -1 } : { parent: m[1], ordinal: Number(m[2]) };
      expect(parentNameAndOrdinal(n)).toEqual(want);
    }
  });
});
