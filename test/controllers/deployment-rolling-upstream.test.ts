import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { fakeDeploymentOps as fakeOps } from './deployment-fake-ops.js';
import { cleanupUnhealthyReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets, scaleDownOldReplicaSetsForRollingUpdate } from '../../src/controllers/deployment-rolling.js';

// The tables of pkg/controller/deployment/rolling_test.go (the cases without
// DeploymentPodReplacementPolicy, i.e. Kubernetes 1.30) run against the model's rolling steps:
// reconcileNewReplicaSet, reconcileOldReplicaSets, cleanupUnhealthyReplicas and
// scaleDownOldReplicaSetsForRollingUpdate. Upstream's test Deployment has maxSurge and
// maxUnavailable given per case (0 when not).

function newDeployment(replicas: number, maxSurge: number | string, maxUnavailable: number | string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'd-uid', annotations: {} },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
      template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ image: 'foo/bar' }] } },
    },
  };
}

function rs(name: string, replicas: number, available = 0): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: 'd-uid', controller: true }] },
    spec: { replicas, template: {} },
    status: { replicas, availableReplicas: available, observedGeneration: 1 },
  };
}

describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  const cases = [
    { name: 'should not scale up when old replica set is fully saturated', R: 10, surge: 0, old: 10, new: 0, expected: undefined },
    { name: 'should scale up according to the maxSurge when old replica set is fully saturated', R: 10, surge: 2, old: 10, new: 0, expected: 2 },
    { name: 'should scale up according to the maxSurge', R: 10, surge: 2, old: 5, new: 0, expected: 7 },
    { name: 'should not scale when maxSurge is fully saturated', R: 10, surge: 2, old: 10, new: 2, expected: undefined },
    { name: 'should scale down when there are replicas above maxSurge', R: 10, surge: 2, old: 2, new: 11, expected: 10 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const newRS = rs('foo-v2', c.new);
      const oldRS = rs('foo-v1', c.old);
      const { ops, updates } = fakeOps([newRS, oldRS]);
      const scaled = reconcileNewReplicaSet(ops, [newRS, oldRS], newRS, newDeployment(c.R, c.surge, 0));
      expect(scaled).toBe(c.expected !== undefined);
      expect(updates).toEqual(c.expected === undefined ? [] : [['foo-v2', c.expected]]);
    });
  }
});

describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  const cases = [
    { R: 10, unavailable: 0, old: 10, new: 0, readyOld: 10, readyNew: 0, expected: 9 },
    { R: 10, unavailable: 2, old: 10, new: 0, readyOld: 10, readyNew: 0, expected: 8 },
    // Unhealthy replicas of the old ReplicaSet are cleaned up.
    { R: 10, unavailable: 2, old: 10, new: 0, readyOld: 8, readyNew: 0, expected: 8 },
    // One unhealthy replica cleaned up, one ready pod scaled down.
    { R: 10, unavailable: 2, old: 10, new: 0, readyOld: 9, readyNew: 0, expected: 8 },
    // Unavailable pods of the new ReplicaSet do not let old ones go further.
    { R: 10, unavailable: 2, old: 8, new: 2, readyOld: 8, readyNew: 0, expected: undefined },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}: old ${c.old} (${c.readyOld} available) -> ${c.expected ?? 'unchanged'}`, () => {
      const newRS = rs('foo-new', c.new, c.readyNew);
      const oldRS = rs('foo-old', c.old, c.readyOld);
      const { ops, updates } = fakeOps([oldRS, newRS]);
      const scaled = reconcileOldReplicaSets(ops, [oldRS, newRS], [oldRS], newRS, newDeployment(c.R, 0, c.unavailable));
      expect(scaled).toBe(c.expected !== undefined);
      if (c.expected !== undefined) expect(updates.at(-1)).toEqual(['foo-old', c.expected]);
      else expect(updates).toEqual([]);
    });
  });
});

describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  const cases = [
    { old: 10, ready: 8, max: 1, expected: 1 },
    { old: 10, ready: 8, max: 3, expected: 2 },
    { old: 10, ready: 8, max: 0, expected: 0 },
    { old: 10, ready: 10, max: 3, expected: 0 },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}: ${c.old - c.ready} unhealthy, at most ${c.max} -> ${c.expected}`, () => {
      const oldRS = rs('foo-v2', c.old, c.ready);
      const { ops } = fakeOps([oldRS]);
      const r = cleanupUnhealthyReplicas(ops, [oldRS], newDeployment(10, 2, 2), c.max, 'foo-new', {});
      expect(r?.[1]).toBe(c.expected);
    });
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  const cases = [
    { R: 10, unavailable: 0, ready: 10, old: 10, expected: 9 },
    { R: 10, unavailable: 2, ready: 10, old: 10, expected: 8 },
    { R: 10, unavailable: 2, ready: 8, old: 10, expected: undefined },
    { R: 10, unavailable: 2, ready: 10, old: 0, expected: undefined },
    { R: 10, unavailable: 2, ready: 1, old: 10, expected: undefined },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}: old ${c.old} (${c.ready} available) -> ${c.expected ?? 'unchanged'}`, () => {
      const oldRS = rs('foo-v2', c.old, c.ready);
      const { ops, updates } = fakeOps([oldRS]);
      const n = scaleDownOldReplicaSetsForRollingUpdate(ops, [oldRS], [oldRS], newDeployment(c.R, 0, c.unavailable), 'foo-new');
      expect(n > 0).toBe(c.expected !== undefined);
      expect(updates).toEqual(c.expected === undefined ? [] : [['foo-v2', c.expected]]);
    });
  });
});
