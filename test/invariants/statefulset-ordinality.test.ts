import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { statefulSetOrdinality } from '../../src/invariants/statefulset-ordinality.js';
import { INVARIANTS } from '../../src/invariants/index.js';

/** A cluster without controllers: the test writes the state and emits the controller's actions. */
function bare(spec: Record<string, unknown> = {}) {
  const c = new Cluster({ components: () => [] });
  c.start();
  const violations: string[] = [];
  statefulSetOrdinality().start(c, (v) => violations.push(v.message));
  const set = c.store.create(
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'web:v1' }] } },
        ...spec,
      },
    },
    { actor: 'scenario' },
  );
  const addPod = (name: string, ready: boolean, terminating = false): void => {
    const p = c.store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid!, controller: true }], finalizers: terminating ? ['test/hold'] : undefined },
        spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'web:v1' }] },
      } as KubeObject,
      { actor: 'test' },
    );
    c.store.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }, { actor: 'test' });
    if (terminating) c.store.delete('Pod', 'default', name, { actor: 'test' });
  };
  const emit = (action: string, data: Record<string, unknown>) => c.actions.emit({ component: 'statefulset-controller', action, object: 'default/web', data });
  return { c, violations, addPod, emit };
}

describe('statefulset-ordinality', () => {
  it('is registered and on by default', () => {
    expect(Object.keys(INVARIANTS)).toContain('statefulset-ordinality');
  });

  it('create: a second pod of the same identity (also while the old one terminates)', () => {
    const { violations, addPod, emit } = bare({ podManagementPolicy: 'Parallel' });
    addPod('web-1', true, true);
    // The controller announces the pod it created (its uid); the old object is another one.
    emit('create-pod', { pod: 'web-1', ordinal: 1, uid: 'new-uid' });
    expect(violations).toEqual(['created web-1 while an earlier web-1 still exists (terminating)']);
  });

  it('create: a pod name that is not <set>-<ordinal>', () => {
    const { violations, emit } = bare({ podManagementPolicy: 'Parallel' });
    emit('create-pod', { pod: 'web-x', ordinal: 1 });
    expect(violations).toEqual(['created pod web-x, not named web-1']);
  });

  it('create (OrderedReady): a lower ordinal missing, not ready, or terminating', () => {
    const { violations, addPod, emit } = bare();
    emit('create-pod', { pod: 'web-0', ordinal: 0 });
    expect(violations).toEqual([]);
    addPod('web-0', false);
    emit('create-pod', { pod: 'web-2', ordinal: 2 });
    expect(violations).toEqual(['OrderedReady: created web-2 while web-0 is not Running and Ready', 'OrderedReady: created web-2 while web-1 does not exist']);
  });

  it('create (OrderedReady): a lower ordinal terminating', () => {
    const { violations, addPod, emit } = bare();
    addPod('web-0', true, true);
    emit('create-pod', { pod: 'web-1', ordinal: 1 });
    expect(violations).toEqual(['OrderedReady: created web-1 while web-0 is terminating']);
  });

  it('create: a claim of a volumeClaimTemplate missing', () => {
    const { violations, emit } = bare({ volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
    emit('create-pod', { pod: 'web-0', ordinal: 0 });
    expect(violations).toEqual(['created web-0 before its claim www-web-0 exists']);
  });

  it('scale-down (OrderedReady): a lower ordinal while a higher one exists, or an ordinal in range', () => {
    const { violations, addPod, emit, c } = bare();
    c.store.patch('StatefulSet', 'default', 'web', { spec: { replicas: 1 } }, 'merge', { actor: 'test' });
    addPod('web-0', true);
    addPod('web-1', true);
    addPod('web-2', true, true);
    emit('delete-pod', { pod: 'web-1', ordinal: 1, reason: 'scale-down' });
    emit('delete-pod', { pod: 'web-0', ordinal: 0, reason: 'scale-down' });
    expect(violations).toEqual([
      'OrderedReady: deleted web-1 for scale-down while web-2 still exist',
      'deleted web-0 for scale-down although ordinal 0 is within 0..0',
      'OrderedReady: deleted web-0 for scale-down while web-1, web-2 still exist',
    ]);
  });

  it('update: below the partition, or while another pod is not Running and Ready', () => {
    const { violations, addPod, emit } = bare({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    addPod('web-0', false);
    addPod('web-1', true);
    addPod('web-2', true);
    emit('delete-pod', { pod: 'web-2', ordinal: 2, reason: 'update' });
    emit('delete-pod', { pod: 'web-1', ordinal: 1, reason: 'update' });
    expect(violations).toEqual([
      'deleted web-2 for update while web-0 is not Running and Ready',
      'deleted web-1 for update below the partition',
      'deleted web-1 for update while web-0 is not Running and Ready',
    ]);
  });

  it('update (Parallel): only higher ordinals must be healthy', () => {
    const { violations, addPod, emit } = bare({ podManagementPolicy: 'Parallel' });
    addPod('web-0', false);
    addPod('web-1', true);
    addPod('web-2', true, true);
    emit('delete-pod', { pod: 'web-1', ordinal: 1, reason: 'update' });
    expect(violations).toEqual(['deleted web-1 for update while web-2 is terminating']);
  });

  it('claim owners against the retention policy', () => {
    const { violations, emit } = bare();
    emit('update-claim-owners', { claim: 'www-web-2', pod: 'web-2', ordinal: 2, inRange: false, owners: ['Pod/web-2'] });
    emit('update-claim-owners', { claim: 'www-web-0', pod: 'web-0', ordinal: 0, inRange: true, owners: ['StatefulSet/web'] });
    expect(violations).toEqual([
      'claim www-web-2 made owned by pod web-2 although whenScaled is Retain',
      'claim www-web-0 made owned by the StatefulSet although whenDeleted is Retain',
    ]);
  });

  it('claim owned by a pod within the range, even with whenScaled=Delete', () => {
    const { violations, emit } = bare({ persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } });
    emit('update-claim-owners', { claim: 'www-web-2', pod: 'web-2', ordinal: 2, inRange: false, owners: ['Pod/web-2'] });
    expect(violations).toEqual([]);
    emit('update-claim-owners', { claim: 'www-web-1', pod: 'web-1', ordinal: 1, inRange: true, owners: ['Pod/web-1'] });
    expect(violations).toEqual(['claim www-web-1 made owned by pod web-1 although the pod is within the ordinal range']);
  });
});
