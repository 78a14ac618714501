import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { deploymentSurgeBound } from '../../src/invariants/deployment-surge-bound.js';
import { deploymentAvailabilityFloor } from '../../src/invariants/deployment-availability-floor.js';
import { deployment } from './replicaset-fake-kubelet.js';

function bare() {
  const c = new Cluster({ components: () => [] });
  c.start();
  const violations: any[] = [];
  deploymentSurgeBound().start(c, (v) => violations.push(v));
  deploymentAvailabilityFloor().start(c, (v) => violations.push(v));
  return { c, violations };
}

const base = { R: 10, S: 3, U: 2, strategy: 'RollingUpdate', newRS: 'web-new' };
const emit = (c: Cluster, action: string, data: Record<string, unknown>) => c.actions.emit({ component: 'deployment-controller', action, object: 'default/web', data: { ...base, ...data } });

describe('deployment invariants', () => {
  it('surge bound: a scale-up past R + S or a new RS above R is reported; proportional scaling and repairs are not', () => {
    const { c, violations } = bare();
    emit(c, 'scale-new', { rs: 'web-new', from: 3, to: 5, sumSpecBefore: 11, sumSpec: 13, newRSSpec: 5 });
    expect(violations).toEqual([]);
    emit(c, 'proportional', { rs: 'web-new', from: 5, to: 9, sumSpecBefore: 13, sumSpec: 17, newRSSpec: 9 });
    emit(c, 'scale-old', { rs: 'web-old', from: 8, to: 7, sumSpecBefore: 17, sumSpec: 16, newRSSpec: 9 });
    expect(violations).toEqual([]);
    emit(c, 'scale-new', { rs: 'web-new', from: 5, to: 6, sumSpecBefore: 13, sumSpec: 14, newRSSpec: 6 });
    expect(violations.map((v) => v.message)).toEqual(['scale-new of replicaset web-new (5 → 6) left Σ spec.replicas = 14 > R + maxSurge = 10 + 3 = 13 for deployment default/web']);
    emit(c, 'scale-new', { rs: 'web-new', from: 9, to: 11, sumSpecBefore: 11, sumSpec: 13, newRSSpec: 11 });
    expect(violations[1].message).toBe('new replicaset web-new of deployment default/web scaled to 11 > R = 10');
  });

  it('availability floor: old scale-downs in one sync may remove at most Σ available − (R − U) available pods; cleanup removes none', () => {
    const { c, violations } = bare();
    const d = c.store.create(deployment('web', 10, 'web:v1'), { actor: 'scenario' });
    const rs = c.store.create(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-old', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
        spec: { replicas: 10, selector: { matchLabels: { app: 'web' } }, template: d.spec.template },
      },
      { actor: 'scenario' },
    );
    c.store.updateStatus({ ...rs, status: { replicas: 10, readyReplicas: 10, availableReplicas: 10 } }, { actor: 'scenario' });
    // 10 available, R − U = 8: two may go.
    emit(c, 'scale-old', { rs: 'web-old', from: 10, to: 8, rsAvailable: 10 });
    expect(violations).toEqual([]);
    emit(c, 'scale-old', { rs: 'web-old', from: 8, to: 7, rsAvailable: 10 });
    expect(violations.map((v) => v.numbers)).toEqual([{ removedAvailable: 3, available: 10, R: 10, U: 2, from: 8, to: 7 }]);
    emit(c, 'cleanup-unhealthy', { rs: 'web-old', from: 10, to: 8, rsAvailable: 9 });
    expect(violations[1].message).toBe('cleanup of unhealthy replicas scaled replicaset web-old of deployment default/web from 10 to 8, below its 9 available pods');
  });
});
