import { describe, expect, it } from 'vitest';
import { computeHash, safeEncodeString } from '../../src/controllers/deployment-hash.js';
import { RollbackError, rollbackDeployment } from '../../src/controllers/deployment-rollback.js';
import { FakeKubelet, deployment, eventsFor, pods, replicaSet, rsByImage, runFor, scalingEvents, setImage, workloadCluster } from './replicaset-fake-kubelet.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import { ReplicaSetController } from '../../src/controllers/replicaset.js';
import { DeploymentController } from '../../src/controllers/deployment.js';

describe('Deployment Recreate', () => {
  it('scales the old RS to 0, waits until its pods are gone, then creates the new RS at full size', () => {
    const c = workloadCluster({ readyDelay: () => 1000, stopDelay: 5000 });
    c.store.create(deployment('web', 3, 'web:v1', { strategy: { type: 'Recreate' } }), { actor: 'scenario' });
    runFor(c, 10_000);
    let overlap = false;
    c.engine.afterEachEvent(() => {
      const images = new Set(pods(c, 'app=web').map((p) => p.spec.containers[0].image));
      if (images.size > 1) overlap = true;
    });
    setImage(c, 'web', 'web:v2');
    runFor(c, 4_999);
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(1);
    runFor(c, 1);
    expect(rsByImage(c, 'web:v2').spec.replicas).toBe(3);
    expect(fromCreation(rsByImage(c, 'web:v2').metadata.creationTimestamp!)).toBe('00:00:15');
    runFor(c, 10_000);
    expect(overlap).toBe(false);
    expect(scalingEvents(c, 'web')).toEqual(['Scaled up replica set <web:v1> to 3', 'Scaled down replica set <web:v1> to 0 from 3', 'Scaled up replica set <web:v2> to 3']);
    expect(c.store.get('Deployment', 'default', 'web')!.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });
});

function fromCreation(ts: string): string {
  return ts.slice(11, 19);
}

describe('Deployment progress deadline', () => {
  it('reports ProgressDeadlineExceeded 600s (+1s requeue) after the last progress, and keeps the rollout where it was', () => {
    const c = workloadCluster({ readyDelay: (p) => (p.spec.containers[0].image === 'web:broken' ? undefined : 1000) });
    c.store.create(deployment('web', 4, 'web:v1'), { actor: 'scenario' });
    runFor(c, 10_000);
    setImage(c, 'web', 'web:broken');
    runFor(c, 600_000);
    const cond = () => c.store.get('Deployment', 'default', 'web')!.status.conditions.find((x: any) => x.type === 'Progressing');
    const newRS = rsByImage(c, 'web:broken');
    expect(cond()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.`, lastUpdateTime: '2024-04-17T00:00:10Z' });
    runFor(c, 1_000);
    expect(cond()).toEqual({
      type: 'Progressing',
      status: 'False',
      lastUpdateTime: '2024-04-17T00:10:11Z',
      lastTransitionTime: '2024-04-17T00:10:11Z',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    expect(rsByImage(c, 'web:v1').spec.replicas).toBe(3);
    expect(newRS.spec.replicas).toBe(2);
    // Undo: progress again, then complete.
    rollbackDeployment(c.store, c.store.get('Deployment', 'default', 'web')!, 0);
    runFor(c, 30_000);
    expect(cond()).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsByImage(c, 'web:v1').metadata.name}" has successfully progressed.` });
    expect(rsByImage(c, 'web:v1').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
  });
});

describe('Deployment revision history', () => {
  it('keeps revisionHistoryLimit old ReplicaSets, deleting the oldest revisions once complete', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create(deployment('web', 2, 'web:v1', { revisionHistoryLimit: 1 }), { actor: 'scenario' });
    runFor(c, 5_000);
    for (const v of ['web:v2', 'web:v3', 'web:v4']) {
      setImage(c, 'web', v);
      runFor(c, 20_000);
    }
    const rss = c.store.list('ReplicaSet', { namespace: 'default' }).map((rs) => [rs.spec.template.spec.containers[0].image, rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.spec.replicas]);
    expect(rss.sort()).toEqual([
      ['web:v3', '3', 0],
      ['web:v4', '4', 2],
    ]);
  });

  it('rolls back to a named revision, reusing its ReplicaSet; revisions never repeat; a missing one is kubectl\'s error', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create(deployment('web', 3, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    setImage(c, 'web', 'web:v2');
    runFor(c, 20_000);
    const v1 = rsByImage(c, 'web:v1');
    expect(() => rollbackDeployment(c.store, c.store.get('Deployment', 'default', 'web')!, 5)).toThrow(new RollbackError('unable to find specified revision 5 in history'));
    expect(rollbackDeployment(c.store, c.store.get('Deployment', 'default', 'web')!, 2)).toBe('skipped rollback (current template already matches revision 2)');
    expect(rollbackDeployment(c.store, c.store.get('Deployment', 'default', 'web')!, 1)).toBe('rolled back');
    runFor(c, 20_000);
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(2);
    const back = rsByImage(c, 'web:v1');
    expect(back.metadata.uid).toBe(v1.metadata.uid);
    expect(back.spec.replicas).toBe(3);
    expect(rsByImage(c, 'web:v2').spec.replicas).toBe(0);
    expect(back.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(c.store.get('Deployment', 'default', 'web')!.spec.template.metadata.labels).toEqual({ app: 'web' });
    setImage(c, 'web', 'web:v2');
    runFor(c, 20_000);
    expect(rsByImage(c, 'web:v2').metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '2' });
  });
});

describe('Deployment deleted with Orphan', () => {
  it('leaves its ReplicaSets and pods, which a new Deployment with the same template adopts without a rollout', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create(deployment('web', 3, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    const rs = rsByImage(c, 'web:v1');
    const podNames = pods(c, 'app=web').map((p) => p.metadata.name);
    c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    runFor(c, 5_000);
    expect(c.store.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(c.store.get('ReplicaSet', 'default', rs.metadata.name!)!.metadata.ownerReferences ?? []).toEqual([]);
    c.store.create(deployment('web', 3, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    const d = c.store.get('Deployment', 'default', 'web')!;
    const adopted = c.store.get('ReplicaSet', 'default', rs.metadata.name!)!;
    expect(adopted.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(1);
    expect(pods(c, 'app=web').map((p) => p.metadata.name)).toEqual(podNames);
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('ScalingReplicaSet'))).toEqual([`ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} to 3`]);
  });
});

describe('orphan ReplicaSets', () => {
  it('adopts one that existed before the controller started, and releases one whose labels stop matching', () => {
    const c = new Cluster({ seed: 0, components: () => [new GarbageCollector(), new ReplicaSetController(), new DeploymentController(), new FakeKubelet({ readyDelay: () => 1000 })] });
    // Created before the controllers watch: the Deployment controller must still see it as an orphan.
    const early = c.store.create({ ...replicaSet('old', 0, 'web:v1'), metadata: { name: 'old', namespace: 'default', labels: { app: 'web' } }, spec: { ...replicaSet('old', 0, 'web:v1').spec, selector: { matchLabels: { app: 'web', v: '1' } }, template: { metadata: { labels: { app: 'web', v: '1' } }, spec: { containers: [{ name: 'web', image: 'web:v0' }] } } } }, { actor: 'scenario' });
    c.start();
    c.store.create(deployment('web', 2, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    const d = c.store.get('Deployment', 'default', 'web')!;
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true };
    expect(c.store.get('ReplicaSet', 'default', 'old')!.metadata.ownerReferences).toEqual([ref]);
    expect(c.store.get('ReplicaSet', 'default', 'old')!.metadata.uid).toBe(early.metadata.uid);
    // Its labels stop matching the Deployment's selector: released (no controllerRef left).
    c.store.patch('ReplicaSet', 'default', 'old', { metadata: { labels: { app: 'other' } } }, 'merge', { actor: 'scenario' });
    runFor(c, 1_000);
    expect(c.store.get('ReplicaSet', 'default', 'old')!.metadata.ownerReferences ?? []).toEqual([]);
    // And matching again: adopted again.
    c.store.patch('ReplicaSet', 'default', 'old', { metadata: { labels: { app: 'web' } } }, 'merge', { actor: 'scenario' });
    runFor(c, 1_000);
    expect(c.store.get('ReplicaSet', 'default', 'old')!.metadata.ownerReferences).toEqual([ref]);
  });
});

describe('pod-template-hash', () => {
  it('is a deterministic FNV-32a of the template, safe-encoded like rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
    const h = computeHash(t);
    expect(h).toBe(computeHash(structuredClone(t)));
    expect(h).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(computeHash({ spec: t.spec, metadata: t.metadata })).toBe(h); // key order does not matter
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash(t, 0)).not.toBe(h); // a set collisionCount (even 0) is hashed
    expect(computeHash({ ...t, spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } })).not.toBe(h);
  });
});

describe('Deployment deprecated rollback annotation', () => {
  it('rolls back to the annotated revision in the controller and clears the annotation (rollback.go)', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create(deployment('web', 2, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    setImage(c, 'web', 'web:v2');
    runFor(c, 20_000);
    c.store.patch('Deployment', 'default', 'web', { metadata: { annotations: { 'deprecated.deployment.rollback.to': '99' } } }, 'merge', { actor: 'scenario' });
    runFor(c, 1_000);
    expect(c.store.get('Deployment', 'default', 'web')!.metadata.annotations!['deprecated.deployment.rollback.to']).toBeUndefined();
    c.store.patch('Deployment', 'default', 'web', { metadata: { annotations: { 'deprecated.deployment.rollback.to': '0' } } }, 'merge', { actor: 'scenario' });
    runFor(c, 20_000);
    const d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0].image).toBe('web:v1');
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3' });
    expect(eventsFor(c, 'web').filter((e) => e.startsWith('Deployment'))).toEqual([
      'DeploymentRollbackRevisionNotFound: Unable to find the revision to rollback to.',
      'DeploymentRollback: Rolled back deployment "web" to revision 1',
    ]);
    expect(rsByImage(c, 'web:v1').spec.replicas).toBe(2);
  });
});

describe('pod-template-hash collision', () => {
  it('bumps status.collisionCount and creates the ReplicaSet under the next hash', () => {
    const c = workloadCluster({ readyDelay: () => 0 });
    c.store.create(deployment('web', 1, 'web:v1'), { actor: 'scenario' });
    runFor(c, 1000);
    const first = rsByImage(c, 'web:v1');
    c.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    runFor(c, 1000);
    // Someone edits the orphaned ReplicaSet's template: its name no longer matches its template.
    const t = first.spec.template;
    const { resourceVersion: _rv, ...meta } = c.store.get('ReplicaSet', 'default', first.metadata.name!)!.metadata;
    c.store.update({ ...first, metadata: meta, spec: { ...first.spec, replicas: 0, template: { ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0], image: 'web:edited' }] } } } }, { actor: 'scenario' });
    runFor(c, 1000);
    c.store.create(deployment('web', 1, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5000);
    const d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.status.collisionCount).toBe(1);
    const rss = c.store.list('ReplicaSet', { namespace: 'default' });
    expect(rss).toHaveLength(2);
    const fresh = rsByImage(c, 'web:v1');
    expect(fresh.metadata.name).not.toBe(first.metadata.name);
    expect(fresh.spec.replicas).toBe(1);
    expect(rsByImage(c, 'web:edited').metadata.ownerReferences![0]!.uid).toBe(d.metadata.uid);
  });
});
