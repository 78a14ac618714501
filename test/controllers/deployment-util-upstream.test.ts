import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getReplicaSetFraction,
  isSaturated,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from '../../src/controllers/deployment-util.js';
import { fromTimestamp } from '../../src/api/time.js';

// Tables of pkg/controller/deployment/util/deployment_util_test.go run against the model's
// deployment-util.ts (TestNewRSNewReplicas, TestDeploymentComplete, TestDeploymentProgressing,
// TestDeploymentTimedOut, TestMaxUnavailable, TestMinAvailable, TestAnnotationUtils,
// TestReplicasAnnotationsNeedUpdate, TestGetReplicaSetFraction).

const dep = (spec: any, status: any = {}, annotations: Record<string, string> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', annotations }, spec, status });
const rolling = (replicas: number, surge: number | string, unavailable: number | string) => ({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } });
const rs = (replicas: number, annotations?: Record<string, string>, status: any = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'nginx-rs', ...(annotations ? { annotations } : {}) }, spec: { replicas }, status });

describe('NewRSNewReplicas (TestNewRSNewReplicas)', () => {
  const cases = [
    { name: 'can not scale up - to newRSReplicas', type: 'RollingUpdate', dep: 1, newRS: 5, surge: 1, expected: 5 },
    { name: 'scale up - to depReplicas', type: 'RollingUpdate', dep: 6, newRS: 2, surge: 10, expected: 6 },
    { name: 'recreate - to depReplicas', type: 'Recreate', dep: 3, newRS: 1, surge: 1, expected: 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = dep({ replicas: c.dep, strategy: { type: c.type, rollingUpdate: { maxUnavailable: 1, maxSurge: c.surge } } });
      // Upstream passes only rs5 (5 replicas) as allRSs.
      expect(newRSNewReplicas(d, [rs(5)], rs(c.newRS))).toBe(c.expected);
    });
  }
});

describe('DeploymentComplete (TestDeploymentComplete)', () => {
  const d = (desired: number, current: number, updated: number, available: number, mu: number, ms: number) => dep(rolling(desired, ms, mu), { replicas: current, updatedReplicas: updated, availableReplicas: available });
  const cases: Array<[string, KubeObject, boolean]> = [
    ['not complete: min but not all pods become available', d(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', d(5, 5, 5, 3, 1, 0), false],
    ['complete', d(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', d(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', d(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', d(1, 1, 1, 0, 1, 1), false],
  ];
  for (const [name, x, want] of cases) it(name, () => expect(deploymentComplete(x, x.status)).toBe(want));
});

describe('DeploymentProgressing (TestDeploymentProgressing)', () => {
  const st = (current: number, updated: number, ready: number, available: number) => ({ replicas: current, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available });
  const cases: Array<[string, any, any, boolean]> = [
    ['progressing: updated pods', st(10, 4, 4, 4), st(10, 6, 4, 4), true],
    ['not progressing', st(10, 4, 4, 4), st(10, 4, 4, 4), false],
    ['progressing: old pods removed', st(10, 4, 6, 6), st(8, 4, 6, 6), true],
    ['not progressing: less new pods', st(10, 7, 3, 3), st(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', st(10, 4, 7, 7), st(8, 8, 5, 5), true],
    ['progressing: more ready pods', st(10, 10, 9, 8), st(10, 10, 10, 8), true],
    ['progressing: more available pods', st(10, 10, 10, 9), st(10, 10, 10, 10), true],
  ];
  for (const [name, old, now, want] of cases) it(name, () => expect(deploymentProgressing(dep({}, old), now)).toBe(want));
});

describe('DeploymentTimedOut (TestDeploymentTimedOut)', () => {
  const t = (min: number, sec: number) => `2016-01-01T00:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')}Z`;
  const d = (reason: string, pds: number | undefined, from: string) => {
    const spec: any = {};
    if (pds !== undefined) spec.progressDeadlineSeconds = pds;
    return dep(spec, { conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: from }] });
  };
  const cases: Array<[string, KubeObject, string, boolean]> = [
    ['nil progressDeadlineSeconds specified - no timeout', d('', undefined, t(1, 9)), t(1, 20), false],
    ['infinite progressDeadlineSeconds specified - no timeout', d('', 2147483647, t(1, 9)), t(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', d('', 10, t(1, 9)), t(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', d('', 10, t(1, 11)), t(1, 20), false],
    ['previous status was a complete deployment', d('NewReplicaSetAvailable', undefined, t(0, 0)), t(1, 20), false],
    // Exactly at the deadline is not yet timed out (Before, strictly).
    ['progressDeadlineSeconds: 10s, exactly 10s later', d('', 10, t(1, 10)), t(1, 20), false],
  ];
  for (const [name, x, now, want] of cases) it(name, () => expect(deploymentTimedOut(x, x.status, fromTimestamp(now))).toBe(want));
});

describe('MaxUnavailable / MinAvailable (TestMaxUnavailable, TestMinAvailable)', () => {
  const d = (replicas: number, mu: number | string) => dep(rolling(replicas, 1, mu));
  const recreate = dep({ replicas: 10, strategy: { type: 'Recreate' } });
  it('MaxUnavailable', () => {
    expect([d(10, 5), d(10, 10), d(5, 10), d(0, 10), recreate, d(10, '50%'), d(10, '100%'), d(5, '100%')].map(maxUnavailable)).toEqual([5, 10, 5, 0, 0, 5, 10, 5]);
  });
  it('MinAvailable', () => {
    expect([d(10, 5), d(10, 10), d(5, 10), d(0, 10), recreate, d(10, '60%'), d(10, '100%'), d(5, '100%')].map(minAvailable)).toEqual([5, 0, 0, 0, 0, 4, 0, 0]);
  });
});

describe('annotation utils (TestAnnotationUtils, TestReplicasAnnotationsNeedUpdate)', () => {
  it('SetNewReplicaSetAnnotations keeps a revision history trimmed to the character limit', () => {
    const d = dep(rolling(1, 1, 0), {}, { 'deployment.kubernetes.io/revision': '1' });
    const a: Record<string, string> = {};
    for (let i = 10; i < 20; i++) {
      const next = i + 1;
      setNewReplicaSetAnnotations(d, a, next, true, 5);
      if (i >= 12) expect(a['deployment.kubernetes.io/revision-history']).toBe(`${i - 1},${i}`);
      expect(a['deployment.kubernetes.io/revision']).toBe(String(next));
    }
  });

  it('SetReplicasAnnotations and IsSaturated', () => {
    const a: Record<string, string> = {};
    expect(setReplicasAnnotations(a, 10, 11)).toBe(true);
    expect(a).toEqual({ 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '11' });
    a['deployment.kubernetes.io/desired-replicas'] = '1';
    expect(isSaturated(dep(rolling(1, 1, 0)), rs(1, a, { availableReplicas: 1 }))).toBe(true);
  });

  it('ReplicasAnnotationsNeedUpdate', () => {
    const cases: Array<[Record<string, string> | undefined, boolean]> = [
      [undefined, true],
      [{ 'deployment.kubernetes.io/desired-replicas': '8', 'deployment.kubernetes.io/max-replicas': '20' }, true],
      [{ 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '16' }, true],
      [{ 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '20' }, false],
    ];
    for (const [a, want] of cases) expect(replicasAnnotationsNeedUpdate(rs(1, a), 10, 20)).toBe(want);
  });
});

describe('getReplicaSetFraction (TestGetReplicaSetFraction)', () => {
  const MAX = 'deployment.kubernetes.io/max-replicas';
  const cases: Array<[string, number, number, number, number, Record<string, string> | undefined, number]> = [
    // name, deployment replicas, status.replicas, maxSurge, rs replicas, rs annotations, fraction
    ['empty deployment always scales to 0', 0, 0, 0, 10, undefined, -10],
    ['unsynced deployment does not scale when max-replicas annotation is missing', 10, 0, 0, 5, undefined, 0],
    ['unsynced deployment does not scale when max-replicas annotation is 0', 10, 0, 0, 5, { [MAX]: '0' }, 0],
    ['scale up by 1/5 with the annotation missing falls back to status.replicas', 120, 100, 0, 50, undefined, 10],
    ['scale up by 1/5 with the annotation 0 falls back to status.replicas', 120, 100, 0, 50, { [MAX]: '0' }, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5', 120, 0, 0, 50, { [MAX]: '100' }, 10],
    ['scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5', 120, 0, 10, 50, { [MAX]: '110' }, 9],
    ['scale down by 1/6 should decrease RS replicas by 1/6', 10, 0, 0, 6, { [MAX]: '12' }, -1],
    ['scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6', 100, 0, 10, 50, { [MAX]: '130' }, -8],
  ];
  for (const [name, replicas, statusReplicas, surge, rsReplicas, annotations, want] of cases) {
    it(name, () => expect(getReplicaSetFraction(rs(rsReplicas, annotations), dep(rolling(replicas, surge, 1), { replicas: statusReplicas }))).toBe(want));
  }
});
