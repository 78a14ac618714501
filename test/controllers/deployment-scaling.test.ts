import { describe, expect, it } from 'vitest';
import { deploymentSurgeBound } from '../../src/invariants/deployment-surge-bound.js';
import { deploymentAvailabilityFloor } from '../../src/invariants/deployment-availability-floor.js';
import { getProportion, getReplicaSetFraction } from '../../src/controllers/deployment-util.js';
import { deployment, rsByImage, runFor, scalingEvents, setImage, watchInvariants, workloadCluster } from './replicaset-fake-kubelet.js';

const never = (img: string) => (p: any) => (p.spec.containers[0].image === img ? undefined : 5000);

function stuckRollout(strategy: any) {
  const c = workloadCluster({ readyDelay: never('web:broken') });
  const violations = watchInvariants(c, [deploymentSurgeBound, deploymentAvailabilityFloor]);
  c.store.create(deployment('web', 10, 'web:v1', { strategy }), { actor: 'scenario' });
  runFor(c, 10_000);
  setImage(c, 'web', 'web:broken');
  runFor(c, 30_000);
  expect(rsByImage(c, 'web:v1').spec.replicas).toBe(8);
  expect(rsByImage(c, 'web:broken').spec.replicas).toBe(5);
  return { c, violations };
}

function scaleTo(c: ReturnType<typeof workloadCluster>, n: number) {
  c.store.patch('Deployment', 'default', 'web', { spec: { replicas: n } }, 'merge', { actor: 'scenario' });
  runFor(c, 30_000);
}

describe('Deployment proportional scaling', () => {
  it('splits 10 → 15 mid-rollout as the docs say: +3 to the old RS (8 → 11), +2 to the new (5 → 7)', () => {
    const { c, violations } = stuckRollout({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } });
    scaleTo(c, 15);
    expect(scalingEvents(c, 'web').slice(4)).toEqual(['Scaled up replica set <web:v1> to 11 from 8', 'Scaled up replica set <web:broken> to 7 from 5']);
    expect(rsByImage(c, 'web:v1').metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    expect(rsByImage(c, 'web:broken').metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    expect(violations).toEqual([]);
  });

  it('splits 10 → 30 at 25%/25% (allowed 38 = 30 + 8): old 8 → 23, new 5 → 15', () => {
    const { c } = stuckRollout({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    scaleTo(c, 30);
    expect(scalingEvents(c, 'web').slice(4)).toEqual(['Scaled up replica set <web:v1> to 23 from 8', 'Scaled up replica set <web:broken> to 15 from 5']);
  });

  it('scales down 10 → 5 (allowed 8, toAdd −5) oldest-largest first: old 8 → 5, new 5 → 3', () => {
    const { c } = stuckRollout({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } });
    scaleTo(c, 5);
    expect(scalingEvents(c, 'web').slice(4)).toEqual([
      'Scaled down replica set <web:v1> to 5 from 8',
      'Scaled down replica set <web:broken> to 3 from 5',
      // The rollout resumes under the new numbers: 5 available − (5 − 2) = 2 more old pods may go.
      'Scaled down replica set <web:v1> to 3 from 5',
    ]);
  });

  it('computes getReplicaSetFraction / getProportion with round-half-away-from-zero and the bounds', () => {
    const d: any = { metadata: {}, spec: { replicas: 15, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }, status: { replicas: 13 } };
    const rs = (n: number, max?: number): any => ({ metadata: { annotations: max === undefined ? {} : { 'deployment.kubernetes.io/max-replicas': String(max) } }, spec: { replicas: n } });
    expect(getReplicaSetFraction(rs(8, 13), d)).toBe(3); // 8*18/13 = 11.08
    expect(getReplicaSetFraction(rs(5, 13), d)).toBe(2); // 5*18/13 = 6.92
    expect(getReplicaSetFraction(rs(5), d)).toBe(2); // falls back to status.replicas 13
    expect(getReplicaSetFraction(rs(1, 2), { ...d, spec: { ...d.spec, replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } })).toBe(1); // 1*3/2 = 1.5 → 2
    expect(getReplicaSetFraction(rs(4, 13), { ...d, spec: { ...d.spec, replicas: 0 } })).toBe(-4);
    expect(getProportion(rs(8, 13), d, 5, 0)).toBe(3);
    expect(getProportion(rs(8, 13), d, 2, 0)).toBe(2); // capped by what is left to add
    expect(getProportion(rs(0, 13), d, 5, 0)).toBe(0);
    expect(getProportion(rs(8, 13), d, 5, 5)).toBe(0);
  });
});

describe('Deployment paused', () => {
  it('scales while paused but rolls out nothing; two edits then resume make one new ReplicaSet (revision 2)', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    c.store.create(deployment('web', 3, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    c.store.patch('Deployment', 'default', 'web', { spec: { paused: true } }, 'merge', { actor: 'scenario' });
    runFor(c, 1_000);
    let d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.status.conditions.find((x: any) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(c, 'web', 'web:v2');
    runFor(c, 1_000);
    c.store.patch('Deployment', 'default', 'web', { spec: { template: { metadata: { labels: { app: 'web', tier: 'front' } } } } }, 'strategic', { actor: 'scenario' });
    runFor(c, 1_000);
    c.store.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', { actor: 'scenario' });
    runFor(c, 5_000);
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(1);
    expect(rsByImage(c, 'web:v1').spec.replicas).toBe(5);
    c.store.patch('Deployment', 'default', 'web', { spec: { paused: null } }, 'merge', { actor: 'scenario' });
    runFor(c, 60_000);
    const rss = c.store.list('ReplicaSet', { namespace: 'default' });
    expect(rss).toHaveLength(2);
    const v2 = rsByImage(c, 'web:v2');
    expect(v2.spec.template.metadata.labels).toEqual({ app: 'web', tier: 'front', 'pod-template-hash': v2.metadata.name!.slice(4) });
    expect(v2.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(v2.spec.replicas).toBe(5);
    expect(rsByImage(c, 'web:v1').spec.replicas).toBe(0);
    d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.status.conditions.find((x: any) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(scalingEvents(c, 'web')).toEqual([
      'Scaled up replica set <web:v1> to 3',
      'Scaled up replica set <web:v1> to 5 from 3',
      'Scaled up replica set <web:v2> to 2',
      'Scaled down replica set <web:v1> to 4 from 5',
      'Scaled up replica set <web:v2> to 3 from 2',
      // The three new pods became Ready together: available 4 + 3 = 7, minAvailable 4 → old down by 3.
      'Scaled down replica set <web:v1> to 1 from 4',
      'Scaled up replica set <web:v2> to 5 from 3',
      'Scaled down replica set <web:v1> to 0 from 1',
    ]);
  });
});
