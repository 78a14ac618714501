import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { fakeDeploymentOps as fakeOps } from './deployment-fake-ops.js';
import { cleanupDeployment, scale } from '../../src/controllers/deployment-sync.js';
import { maxSurge, setReplicasAnnotations } from '../../src/controllers/deployment-util.js';

// The table of pkg/controller/deployment/sync_test.go TestScale (the cases that apply to 1.30,
// i.e. without DeploymentPodReplacementPolicy), and of TestDeploymentController_cleanupDeployment
// and _cleanupDeploymentOrder, run against the model's scale() and cleanupDeployment(). As
// upstream, each ReplicaSet starts with the desired/max-replicas annotations of the Deployment
// before the change (`oldDeployment`), and the test Deployment's fenceposts default to 0/0.

const NEW = '2016-05-20T02:00:00Z';
const OLD = '2016-05-20T01:00:00Z';
const OLDER = '2016-05-20T00:00:00Z';
const UID = 'd-uid';

type Fence = number | string | undefined;

function newDeployment(replicas: number, surge: Fence = undefined, unavailable: Fence = undefined, revisionHistoryLimit?: number): KubeObject {
  const spec: any = {
    replicas,
    selector: { matchLabels: { foo: 'bar' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge ?? 0, maxUnavailable: unavailable ?? 0 } },
    template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ image: 'foo/bar' }] } },
  };
  if (revisionHistoryLimit !== undefined) spec.revisionHistoryLimit = revisionHistoryLimit;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'foo', namespace: 'default', uid: UID, annotations: {} }, spec };
}

function rs(name: string, replicas: number, ts: string, status: Record<string, number> = {}, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: ts,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: UID, controller: true }],
      ...(annotations ? { annotations } : {}),
    },
    spec: { replicas, selector: { matchLabels: { foo: 'bar' } }, template: {} },
    status,
  };
}

interface ScaleCase {
  name: string;
  deployment: KubeObject;
  oldDeployment: KubeObject;
  newRS?: KubeObject;
  oldRSs: KubeObject[];
  expectedNew?: number;
  expectedOld: number[];
}

const cases: ScaleCase[] = [
  { name: 'normal scaling event: 10 -> 12', deployment: newDeployment(12), oldDeployment: newDeployment(10), newRS: rs('foo-v1', 10, NEW), oldRSs: [], expectedNew: 12, expectedOld: [] },
  { name: 'normal scaling event: 10 -> 5', deployment: newDeployment(5), oldDeployment: newDeployment(10), newRS: rs('foo-v1', 10, NEW), oldRSs: [], expectedNew: 5, expectedOld: [] },
  { name: 'proportional scaling: 5 -> 10', deployment: newDeployment(10), oldDeployment: newDeployment(5), newRS: rs('foo-v2', 2, NEW), oldRSs: [rs('foo-v1', 3, OLD)], expectedNew: 4, expectedOld: [6] },
  { name: 'proportional scaling: 5 -> 3', deployment: newDeployment(3), oldDeployment: newDeployment(5), newRS: rs('foo-v2', 2, NEW), oldRSs: [rs('foo-v1', 3, OLD)], expectedNew: 1, expectedOld: [2] },
  { name: 'proportional scaling: 9 -> 4', deployment: newDeployment(4), oldDeployment: newDeployment(9), newRS: rs('foo-v2', 8, NEW), oldRSs: [rs('foo-v1', 1, OLD)], expectedNew: 4, expectedOld: [0] },
  {
    name: 'proportional scaling: 7 -> 10',
    deployment: newDeployment(10),
    oldDeployment: newDeployment(7),
    newRS: rs('foo-v3', 2, NEW),
    oldRSs: [rs('foo-v2', 3, OLD), rs('foo-v1', 2, OLDER)],
    expectedNew: 3,
    expectedOld: [4, 3],
  },
  {
    name: 'proportional scaling: 13 -> 8',
    deployment: newDeployment(8),
    oldDeployment: newDeployment(13),
    newRS: rs('foo-v3', 2, NEW),
    oldRSs: [rs('foo-v2', 8, OLD), rs('foo-v1', 3, OLDER)],
    expectedNew: 1,
    expectedOld: [5, 2],
  },
  // Scales up the new replica set.
  { name: 'leftover distribution: 3 -> 4', deployment: newDeployment(4), oldDeployment: newDeployment(3), newRS: rs('foo-v3', 1, NEW), oldRSs: [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)], expectedNew: 2, expectedOld: [1, 1] },
  // Scales down the older replica set.
  { name: 'leftover distribution: 3 -> 2', deployment: newDeployment(2), oldDeployment: newDeployment(3), newRS: rs('foo-v3', 1, NEW), oldRSs: [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)], expectedNew: 1, expectedOld: [1, 0] },
  // Scales up the latest replica set first.
  { name: 'proportional scaling (no new rs): 4 -> 5', deployment: newDeployment(5), oldDeployment: newDeployment(4), oldRSs: [rs('foo-v2', 2, OLD), rs('foo-v1', 2, OLDER)], expectedOld: [3, 2] },
  { name: 'proportional scaling: 6 -> 0', deployment: newDeployment(0), oldDeployment: newDeployment(6), newRS: rs('foo-v3', 3, NEW), oldRSs: [rs('foo-v2', 2, OLD), rs('foo-v1', 1, OLDER)], expectedNew: 0, expectedOld: [0, 0] },
  { name: 'proportional scaling: 0 -> 6', deployment: newDeployment(6), oldDeployment: newDeployment(6), newRS: rs('foo-v3', 0, NEW), oldRSs: [rs('foo-v2', 0, OLD), rs('foo-v1', 0, OLDER)], expectedNew: 6, expectedOld: [0, 0] },
  { name: 'deployment with surge pods', deployment: newDeployment(20, 2), oldDeployment: newDeployment(10, 2), newRS: rs('foo-v2', 6, NEW), oldRSs: [rs('foo-v1', 6, OLD)], expectedNew: 11, expectedOld: [11] },
  { name: 'change both surge and size', deployment: newDeployment(50, 6), oldDeployment: newDeployment(10, 3), newRS: rs('foo-v2', 5, NEW), oldRSs: [rs('foo-v1', 8, OLD)], expectedNew: 22, expectedOld: [34] },
  {
    // The template changed too: no ReplicaSet matches it, so both are old (updatedTemplate(14) upstream).
    name: 'change both size and template',
    deployment: newDeployment(14),
    oldDeployment: newDeployment(10),
    oldRSs: [rs('foo-v2', 7, NEW), rs('foo-v1', 3, OLD)],
    expectedOld: [10, 4],
  },
  {
    name: 'saturated but broken new replica set does not affect old pods',
    deployment: newDeployment(2, 1, 1),
    oldDeployment: newDeployment(2, 1, 1),
    newRS: rs('foo-v2', 2, NEW, { availableReplicas: 0 }),
    oldRSs: [rs('foo-v1', 1, OLD)],
    expectedNew: 2,
    expectedOld: [1],
  },
];

describe('scale() against upstream TestScale', () => {
  for (const c of cases) {
    it(c.name, () => {
      const desired = c.oldDeployment.spec.replicas;
      const annotate = (r: KubeObject): KubeObject => {
        const annotations: Record<string, string> = {};
        setReplicasAnnotations(annotations, desired, desired + maxSurge(c.oldDeployment));
        return { ...r, metadata: { ...r.metadata, annotations } };
      };
      const newRS = c.newRS && annotate(c.newRS);
      const oldRSs = c.oldRSs.map(annotate);
      const { ops, byName } = fakeOps([...(newRS ? [newRS] : []), ...oldRSs]);
      scale(ops, c.deployment, newRS, oldRSs);
      if (c.expectedNew !== undefined) expect(byName.get(newRS!.metadata.name!)!.spec.replicas).toBe(c.expectedNew);
      expect(oldRSs.map((r) => byName.get(r.metadata.name!)!.spec.replicas)).toEqual(c.expectedOld);
    });
  }

  it('writes the new desired/max-replicas annotations on every ReplicaSet it scales (sync.go scaleReplicaSet)', () => {
    const d = newDeployment(20, 2);
    const old = newDeployment(10, 2);
    const ann = (): Record<string, string> => {
      const a: Record<string, string> = {};
      setReplicasAnnotations(a, 10, 10 + maxSurge(old));
      return a;
    };
    const newRS = rs('foo-v2', 6, NEW, {}, ann());
    const oldRS = rs('foo-v1', 6, OLD, {}, ann());
    const { ops, byName, updates } = fakeOps([newRS, oldRS]);
    scale(ops, d, newRS, [oldRS]);
    // Equal sizes, scaling up: the newer ReplicaSet first (ReplicaSetsBySizeNewer).
    expect(updates).toEqual([
      ['foo-v2', 11],
      ['foo-v1', 11],
    ]);
    for (const n of ['foo-v1', 'foo-v2']) {
      expect(byName.get(n)!.metadata.annotations).toEqual({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '22' });
    }
  });
});

describe('cleanupDeployment() against upstream TestDeploymentController_cleanupDeployment(Order)', () => {
  const withStatus = (name: string, spec: number, statusReplicas: number) => rs(name, spec, NEW, { replicas: statusReplicas });
  const cleanupCases: Array<{ oldRSs: KubeObject[]; limit: number; deleted: number }> = [
    { oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)], limit: 1, deleted: 2 },
    // Only the replica set with Spec.Replicas = Status.Replicas = 0.
    { oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 1), withStatus('foo-3', 1, 0), withStatus('foo-4', 1, 1)], limit: 0, deleted: 1 },
    { oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0)], limit: 0, deleted: 2 },
    { oldRSs: [withStatus('foo-1', 1, 1), withStatus('foo-2', 1, 1)], limit: 0, deleted: 0 },
    { oldRSs: [{ ...withStatus('foo-1', 0, 0), metadata: { ...withStatus('foo-1', 0, 0).metadata, deletionTimestamp: NEW } }], limit: 0, deleted: 0 },
    { oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)], limit: 2147483647, deleted: 0 },
  ];
  cleanupCases.forEach((c, i) => {
    it(`scenario ${i}: ${c.deleted} deleted`, () => {
      const { ops, deletions } = fakeOps(c.oldRSs);
      cleanupDeployment(ops, c.oldRSs, newDeployment(1, undefined, undefined, c.limit));
      expect(deletions).toHaveLength(c.deleted);
    });
  });

  // creationTimestamp order rs1 < rs2 < rs3 < rs4; a missing revision sorts as 0.
  const at = ['2024-04-17T00:00:00Z', '2024-04-17T00:01:00Z', '2024-04-17T00:02:00Z', '2024-04-17T00:03:00Z'];
  const rev = (i: number, spec: number, revision: string) => rs(`foo-${i + 1}`, spec, at[i]!, { replicas: spec }, revision ? { 'deployment.kubernetes.io/revision': revision } : undefined);
  const orderCases: Array<{ oldRSs: KubeObject[]; limit: number; deleted: string[] }> = [
    { oldRSs: [rev(0, 0, '1'), rev(1, 0, '2')], limit: 1, deleted: ['foo-1'] },
    { oldRSs: [rev(0, 0, '2'), rev(1, 0, '1')], limit: 1, deleted: ['foo-2'] },
    { oldRSs: [rev(0, 0, '1'), rev(1, 0, '')], limit: 1, deleted: ['foo-2'] },
    { oldRSs: [rev(0, 0, ''), rev(1, 0, '2')], limit: 1, deleted: ['foo-1'] },
    // rs1 still has replicas: it is skipped but counts against the diff, so only rs2 goes.
    { oldRSs: [rev(0, 1, '1'), rev(1, 0, '2'), rev(2, 0, '3')], limit: 1, deleted: ['foo-2'] },
    { oldRSs: [rev(0, 1, '1'), rev(1, 1, '2'), rev(2, 0, '3')], limit: 1, deleted: [] },
    { oldRSs: [rev(0, 0, '3'), rev(1, 0, '1'), rev(2, 0, '4'), rev(3, 0, '2')], limit: 2, deleted: ['foo-2', 'foo-4'] },
  ];
  orderCases.forEach((c, i) => {
    it(`order scenario ${i}: deletes ${c.deleted.join(', ') || 'nothing'}`, () => {
      const { ops, deletions } = fakeOps(c.oldRSs);
      cleanupDeployment(ops, c.oldRSs, newDeployment(1, undefined, undefined, c.limit));
      expect([...deletions].sort()).toEqual(c.deleted);
    });
  });
});
