import { describe, expect, it } from 'vitest';
import { deploymentSurgeBound } from '../../src/invariants/deployment-surge-bound.js';
import { deploymentAvailabilityFloor } from '../../src/invariants/deployment-availability-floor.js';
import { rollbackDeployment } from '../../src/controllers/deployment-rollback.js';
import { deployment, pods, rsByImage, runFor, scalingEvents, setImage, watchInvariants, workloadCluster } from './replicaset-fake-kubelet.js';

const never = (img: string) => (p: any) => (p.spec.containers[0].image === img ? undefined : 5000);

describe('Deployment rolling update', () => {
  it('rolls 4 replicas at 25%/25% (surge 1, unavailable 1) in the upstream order, within the bounds', () => {
    const c = workloadCluster({ readyDelay: () => 5000 });
    const violations = watchInvariants(c, [deploymentSurgeBound, deploymentAvailabilityFloor]);
    c.store.create(deployment('web', 4, 'nginx:1.25'), { actor: 'scenario' });
    runFor(c, 10_000);
    let maxPods = 0;
    let minAvailable = Infinity;
    c.engine.afterEachEvent(() => {
      const ps = pods(c, 'app=web').filter((p) => !p.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, ps.length);
      minAvailable = Math.min(minAvailable, ps.filter((p) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')).length);
    });
    setImage(c, 'web', 'nginx:1.26');
    runFor(c, 60_000);
    expect(scalingEvents(c, 'web')).toEqual([
      'Scaled up replica set <nginx:1.25> to 4',
      'Scaled up replica set <nginx:1.26> to 1',
      'Scaled down replica set <nginx:1.25> to 3 from 4',
      'Scaled up replica set <nginx:1.26> to 2 from 1',
      'Scaled down replica set <nginx:1.25> to 1 from 3',
      'Scaled up replica set <nginx:1.26> to 4 from 2',
      'Scaled down replica set <nginx:1.25> to 0 from 1',
    ]);
    expect(maxPods).toBe(5);
    expect(minAvailable).toBe(3);
    expect(violations).toEqual([]);
    const d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
    const newRS = rsByImage(c, 'nginx:1.26');
    expect(d.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`],
    ]);
    expect(newRS.metadata.name).toMatch(/^web-[4-9bcdf]{6,10}$/);
    expect(newRS.metadata.labels!['pod-template-hash']).toBe(newRS.metadata.name!.slice(4));
    expect(newRS.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': newRS.metadata.name!.slice(4) });
    expect(newRS.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
    expect(rsByImage(c, 'nginx:1.25').spec.replicas).toBe(0);
  });

  it('reproduces the rolling.go example: 10 replicas, surge 3, unavailable 2, a never-ready new RS stops at 8 + 5; undo drops the 5 unhealthy first', () => {
    const c = workloadCluster({ readyDelay: never('web:broken') });
    const violations = watchInvariants(c, [deploymentSurgeBound, deploymentAvailabilityFloor]);
    c.store.create(deployment('web', 10, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }), { actor: 'scenario' });
    runFor(c, 10_000);
    setImage(c, 'web', 'web:broken');
    runFor(c, 60_000);
    expect(scalingEvents(c, 'web')).toEqual([
      'Scaled up replica set <web:v1> to 10',
      'Scaled up replica set <web:broken> to 3',
      'Scaled down replica set <web:v1> to 8 from 10',
      'Scaled up replica set <web:broken> to 5 from 3',
    ]);
    // allPods 13 − minAvailable 8 − newRS unavailable 5 = 0: stuck.
    expect(pods(c, 'app=web')).toHaveLength(13);
    rollbackDeployment(c.store, c.store.get('Deployment', 'default', 'web')!, 0);
    runFor(c, 60_000);
    expect(scalingEvents(c, 'web').slice(4)).toEqual(['Scaled down replica set <web:broken> to 0 from 5', 'Scaled up replica set <web:v1> to 10 from 8']);
    const v1 = rsByImage(c, 'web:v1');
    expect(v1.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(c.store.get('Deployment', 'default', 'web')!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(violations).toEqual([]);
  });

  it('maxSurge 0 / maxUnavailable 1 deletes before creating; 1/0 never drops below 3 available', () => {
    for (const [surge, unavailable, expected] of [
      [0, 1, ['Scaled down replica set <web:v1> to 2 from 3', 'Scaled up replica set <web:v2> to 1 from 0', 'Scaled down replica set <web:v1> to 1 from 2', 'Scaled up replica set <web:v2> to 2 from 1', 'Scaled down replica set <web:v1> to 0 from 1', 'Scaled up replica set <web:v2> to 3 from 2']],
      [1, 0, ['Scaled up replica set <web:v2> to 1', 'Scaled down replica set <web:v1> to 2 from 3', 'Scaled up replica set <web:v2> to 2 from 1', 'Scaled down replica set <web:v1> to 1 from 2', 'Scaled up replica set <web:v2> to 3 from 2', 'Scaled down replica set <web:v1> to 0 from 1']],
    ] as const) {
      const c = workloadCluster({ readyDelay: () => 5000 });
      const violations = watchInvariants(c, [deploymentSurgeBound, deploymentAvailabilityFloor]);
      c.store.create(deployment('web', 3, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } }), { actor: 'scenario' });
      runFor(c, 10_000);
      setImage(c, 'web', 'web:v2');
      runFor(c, 60_000);
      expect(scalingEvents(c, 'web').slice(1)).toEqual(expected);
      expect(violations).toEqual([]);
    }
  });
});
