import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import type { DeploymentOps } from '../../src/controllers/deployment-ops.js';
import { requeueStuckDeployment, syncRolloutStatus } from '../../src/controllers/deployment-progress.js';
import { fromTimestamp } from '../../src/api/time.js';

// The tables of pkg/controller/deployment/progress_test.go (TestRequeueStuckDeployment and
// TestSyncRolloutStatus) run against the model's requeueStuckDeployment and syncRolloutStatus.
// Upstream's test Deployment is a Recreate one named "progress-test"; the model's virtual clock
// stands in for nowFn.

const TEST_TIME = '2017-02-15T18:49:00Z';
const MAX_INT32 = 2147483647;

interface Cond {
  type: string;
  status: string;
  reason?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  message?: string;
}

function currentDeployment(pds: number | undefined, replicas: number, statusReplicas: number, updated: number, available: number, conditions?: Cond[]): KubeObject {
  const spec: any = { replicas, strategy: { type: 'Recreate' } };
  if (pds !== undefined) spec.progressDeadlineSeconds = pds;
  const status: any = { replicas: statusReplicas, updatedReplicas: updated, availableReplicas: available };
  if (conditions) status.conditions = conditions.map((c) => ({ ...c }));
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'progress-test', namespace: 'default', uid: 'd-uid' }, spec, status };
}

function rsWithAvailable(name: string, spec: number, statusReplicas: number, available: number): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { replicas: spec }, status: { replicas: statusReplicas, availableReplicas: available } };
}

function fakeOps(now: number) {
  const requeues: Array<['after', number] | ['rate-limited']> = [];
  const ops = {
    ctx: {
      engine: { now },
      store: { get: () => undefined },
    },
    enqueueAfter: (_k: string, ms: number) => requeues.push(['after', ms]),
    enqueueRateLimited: () => requeues.push(['rate-limited']),
  } as unknown as DeploymentOps;
  return { ops, requeues };
}

const at = (ts: string) => fromTimestamp(ts);

describe('requeueStuckDeployment (TestRequeueStuckDeployment)', () => {
  const failed: Cond[] = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
  const stuck: Cond[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: TEST_TIME }];
  const status = (r: number, u: number, a: number) => ({ replicas: r, updatedReplicas: u, availableReplicas: a });
  const cases: Array<{ name: string; d: KubeObject; s: any; now?: string; nowMs?: number; expected: number }> = [
    { name: 'nil progressDeadlineSeconds specified', d: currentDeployment(undefined, 4, 3, 3, 2), s: status(3, 3, 2), expected: -1 },
    { name: 'infinite progressDeadlineSeconds specified', d: currentDeployment(MAX_INT32, 4, 3, 3, 2), s: status(3, 3, 2), expected: -1 },
    { name: 'no progressing condition found', d: currentDeployment(60, 4, 3, 3, 2), s: status(3, 3, 2), expected: -1 },
    { name: 'complete deployment does not need to be requeued', d: currentDeployment(60, 3, 3, 3, 3), s: status(3, 3, 3), expected: -1 },
    { name: 'already failed deployment does not need to be requeued', d: currentDeployment(60, 3, 3, 3, 0, failed), s: status(3, 3, 0), expected: -1 },
    { name: 'stuck deployment - 30s', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), now: '2017-02-15T18:49:30Z', expected: 30_000 },
    { name: 'stuck deployment - 1s', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), now: '2017-02-15T18:49:59Z', expected: 1000 },
    // Upstream uses 1ns past; the virtual clock's unit is 1ms.
    { name: 'failed deployment - less than a second => now', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), nowMs: at('2017-02-15T18:49:59Z') + 1, expected: 0 },
    { name: 'failed deployment - now', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), now: '2017-02-15T18:50:00Z', expected: 0 },
    { name: 'failed deployment - 1s after deadline', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), now: '2017-02-15T18:50:01Z', expected: 0 },
    { name: 'failed deployment - 60s after deadline', d: currentDeployment(60, 3, 3, 3, 1, stuck), s: status(3, 3, 1), now: '2017-02-15T18:51:00Z', expected: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { ops, requeues } = fakeOps(c.nowMs ?? (c.now ? at(c.now) : at(TEST_TIME)));
      expect(requeueStuckDeployment(ops, c.d, c.s)).toBe(c.expected);
      // Requeued after the remaining time plus a second, or rate-limited (at once) when under a second.
      if (c.expected > 0) expect(requeues).toEqual([['after', c.expected + 1000]]);
      else if (c.expected === 0) expect(requeues).toEqual([['rate-limited']]);
      else expect(requeues).toEqual([]);
    });
  }
});

describe('syncRolloutStatus (TestSyncRolloutStatus)', () => {
  const failedTimedOut: Cond = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', lastUpdateTime: TEST_TIME, lastTransitionTime: TEST_TIME };
  const newRSAvailable: Cond = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: TEST_TIME, lastTransitionTime: TEST_TIME };
  const replicaSetUpdated: Cond = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: TEST_TIME, lastTransitionTime: TEST_TIME };
  const NOW = '2024-04-17T00:00:00Z';

  const cases: Array<{
    name: string;
    d: KubeObject;
    allRSs: KubeObject[];
    newRS?: KubeObject;
    want?: { status: string; reason: string; message?: string; lastUpdate?: string; lastTransition?: string };
  }> = [
    {
      name: 'General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline',
      d: currentDeployment(undefined, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [rsWithAvailable('bar', 0, 1, 1)],
      newRS: rsWithAvailable('foo', 3, 2, 2),
    },
    {
      name: 'General: do not estimate progress of deployment with only one active ReplicaSet',
      d: currentDeployment(60, 3, 3, 3, 3, [newRSAvailable]),
      allRSs: [rsWithAvailable('bar', 3, 3, 3)],
      want: { status: 'True', reason: 'NewReplicaSetAvailable', lastUpdate: TEST_TIME, lastTransition: TEST_TIME },
    },
    {
      name: "DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True",
      d: currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [rsWithAvailable('bar', 0, 1, 1)],
      newRS: rsWithAvailable('foo', 3, 2, 2),
      want: { status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "foo" is progressing.', lastUpdate: NOW, lastTransition: TEST_TIME },
    },
    {
      name: 'DeploymentProgressing: update everything if deployment has Progressing=False',
      d: currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [rsWithAvailable('bar', 0, 1, 1)],
      newRS: rsWithAvailable('foo', 3, 2, 2),
      want: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdate: NOW, lastTransition: NOW },
    },
    {
      name: 'DeploymentProgressing: create Progressing condition if it does not exist',
      d: currentDeployment(60, 3, 2, 2, 2, []),
      allRSs: [rsWithAvailable('bar', 0, 1, 1)],
      newRS: rsWithAvailable('foo', 3, 2, 2),
      want: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdate: NOW, lastTransition: NOW },
    },
    {
      name: "DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True",
      d: currentDeployment(60, 3, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [],
      newRS: rsWithAvailable('foo', 3, 3, 3),
      want: { status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "foo" has successfully progressed.', lastUpdate: NOW, lastTransition: TEST_TIME },
    },
    {
      name: 'DeploymentComplete: update everything if deployment has Progressing=False',
      d: currentDeployment(60, 3, 3, 3, 3, [failedTimedOut]),
      allRSs: [],
      newRS: rsWithAvailable('foo', 3, 3, 3),
      want: { status: 'True', reason: 'NewReplicaSetAvailable', lastUpdate: NOW, lastTransition: NOW },
    },
    {
      name: 'DeploymentComplete: create Progressing condition if it does not exist',
      d: currentDeployment(60, 3, 3, 3, 3, []),
      allRSs: [],
      newRS: rsWithAvailable('foo', 3, 3, 3),
      want: { status: 'True', reason: 'NewReplicaSetAvailable' },
    },
    {
      name: 'DeploymentComplete: defend against NPE when newRS=nil',
      d: currentDeployment(60, 0, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [rsWithAvailable('foo', 0, 0, 0)],
      want: { status: 'True', reason: 'NewReplicaSetAvailable', message: 'Deployment "progress-test" has successfully progressed.' },
    },
    {
      name: 'DeploymentTimedOut: update status if rollout exceeds Progress Deadline',
      d: currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [],
      newRS: rsWithAvailable('foo', 3, 2, 2),
      want: { status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "foo" has timed out progressing.', lastUpdate: NOW, lastTransition: NOW },
    },
    {
      name: 'DeploymentTimedOut: do not update status if deployment has existing timedOut condition',
      d: currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [],
      newRS: rsWithAvailable('foo', 3, 2, 2),
      want: { status: 'False', reason: 'ProgressDeadlineExceeded', lastUpdate: TEST_TIME, lastTransition: TEST_TIME },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { ops } = fakeOps(at(NOW));
      const all = c.newRS ? [...c.allRSs, c.newRS] : c.allRSs;
      syncRolloutStatus(ops, all, c.newRS, c.d);
      const cond = (c.d.status?.conditions ?? []).find((x: Cond) => x.type === 'Progressing');
      if (!c.want) {
        expect(cond).toBeUndefined();
        return;
      }
      expect(cond).toBeDefined();
      expect({ status: cond.status, reason: cond.reason }).toEqual({ status: c.want.status, reason: c.want.reason });
      if (c.want.message !== undefined) expect(cond.message).toBe(c.want.message);
      if (c.want.lastUpdate !== undefined) expect(cond.lastUpdateTime).toBe(c.want.lastUpdate);
      if (c.want.lastTransition !== undefined) expect(cond.lastTransitionTime).toBe(c.want.lastTransition);
    });
  }
});
