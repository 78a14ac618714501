import { describe, expect, it } from 'vitest';
import { ASSERTIONS, evaluateAssertion } from '../../src/scenario/assertions/index.js';
import type { Assertion } from '../../src/scenario/types.js';
import type { KubeObject } from '../../src/store/types.js';
import { fakeStore, pod } from './fake-store.js';

const deploy: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': '2' }, labels: { app: 'web' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'web:v2' }] } } },
  status: {
    availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-5d8f" has successfully progressed.' },
    ],
  },
};
const pv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'yh-pv1' }, spec: { capacity: { storage: '1Gi' } }, status: { phase: 'Released' } };
const ev: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'hog.17c', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'hog' },
  reason: 'Evicted',
  type: 'Warning',
  message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi.',
};
const store = fakeStore([
  deploy,
  pv,
  ev,
  pod('web-a', { labels: { app: 'web' }, node: 'node-a' }),
  pod('web-b', { labels: { app: 'web' }, node: 'node-b', ready: false }),
  pod('web-c', { labels: { app: 'web' }, node: 'node-a', terminating: true }),
  pod('db-0', { labels: { app: 'db' }, phase: 'Pending', ready: false }),
  pod('other', { labels: { app: 'web' }, namespace: 'team' }),
]);
const ctx = { store, now: 0 };
const run = (a: Assertion) => evaluateAssertion(a, ctx);

describe('object + matches', () => {
  it('passes on a subset', () => {
    expect(run({ object: 'pv/yh-pv1', matches: { status: { phase: 'Released' } } }).ok).toBe(true);
    expect(run({ object: 'deploy/web', matches: { spec: { template: { spec: { containers: [{ image: 'web:v2' }] } } } } }).ok).toBe(true);
  });
  it('fails with a diff naming the path, expected and actual', () => {
    const r = run({ object: 'pv/yh-pv1', matches: { status: { phase: 'Available' }, spec: { claimRef: { name: 'x' } } } });
    expect(r.ok).toBe(false);
    expect(r.message).toBe('persistentvolume/yh-pv1 does not match (2 differences)');
    expect(r.diff).toBe('  status.phase: expected "Available", got "Released"\n  spec.claimRef: expected {"name":"x"}, but the field is absent');
  });
  it('lists match element by element and must have the same length (kuttl)', () => {
    const r = run({ object: 'deploy/web', matches: { status: { conditions: [{ type: 'Available' }] } } });
    expect(r.ok).toBe(false);
    expect(r.diff).toBe('  status.conditions: expected a list of 1 items, got 2');
    expect(run({ object: 'deploy/web', matches: { status: { conditions: [{ type: 'Available' }, { status: 'True' }] } } }).ok).toBe(true);
    expect(run({ object: 'deploy/web', matches: { status: { conditions: [{ type: 'Progressing' }, { type: 'Available' }] } } }).ok).toBe(false);
  });
  it('keys with dots and slashes print quoted', () => {
    const r = run({ object: 'deploy/web', matches: { metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } } } });
    expect(r.diff).toBe('  metadata.annotations["deployment.kubernetes.io/revision"]: expected "3", got "2"');
  });
  it('a missing object fails', () => {
    expect(run({ object: 'deploy/api' })).toEqual({ ok: false, message: 'deployment.apps/api not found' });
    expect(run({ object: 'pod/other' }).ok).toBe(false);
    expect(run({ object: 'pod/other', namespace: 'team' }).ok).toBe(true);
  });
});

describe('absent', () => {
  it('passes when absent, fails naming phase and termination', () => {
    expect(run({ absent: 'pod/web-z' }).ok).toBe(true);
    expect(run({ absent: 'pod/web-c' })).toEqual({ ok: false, message: 'pod/web-c exists (phase Running; terminating since 2024-04-17T00:00:30Z)' });
  });
});

describe('count', () => {
  it('filters kind, selector, namespace, phase, ready, terminating, node', () => {
    expect(run({ count: { kind: 'pods' }, equals: 5 }).ok).toBe(true);
    expect(run({ count: { kind: 'po', namespace: 'default' }, equals: 4 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', selector: 'app=web' }, equals: 4 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', selector: 'app=web', namespace: 'default', ready: true }, equals: 2 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', selector: 'app=web', namespace: 'default', ready: true, terminating: false }, equals: 1 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', phase: 'Pending' }, equals: 1 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', node: 'node-a' }, equals: 2 }).ok).toBe(true);
    expect(run({ count: { kind: 'Pod', selector: 'app in (web,db)', namespace: 'default' }, min: 4, max: 4 }).ok).toBe(true);
  });
  it('fails listing what matched', () => {
    const r = run({ count: { kind: 'Pod', selector: 'app=web', namespace: 'default', ready: true }, equals: 3 });
    expect(r.ok).toBe(false);
    expect(r.message).toBe('count of pods (namespace=default selector=app=web ready=true): expected 3, got 2');
    expect(r.diff).toBe('matching now:\n  default/web-a Running\n  default/web-c Running Terminating');
    expect(run({ count: { kind: 'Pod' }, min: 6 }).message).toBe('count of pods: expected at least 6, got 5');
    expect(run({ count: { kind: 'Pod' }, max: 4 }).message).toBe('count of pods: expected at most 4, got 5');
  });
});

describe('field', () => {
  it('follows dots, indexes, [key=value] and quoted keys', () => {
    expect(run({ field: { target: 'deploy/web', path: 'status.availableReplicas' }, min: 3 }).ok).toBe(true);
    expect(run({ field: { target: 'deploy/web', path: 'status.conditions[type=Available].status' }, equals: 'True' }).ok).toBe(true);
    expect(run({ field: { target: 'deploy/web', path: 'status.conditions[1].reason' }, equals: 'NewReplicaSetAvailable' }).ok).toBe(true);
    expect(run({ field: { target: 'deploy/web', path: 'metadata.annotations["deployment.kubernetes.io/revision"]' }, equals: '2' }).ok).toBe(true);
    expect(run({ field: { target: 'pod/web-a', path: 'status.containerStatuses[name=web].restartCount' }, equals: 0 }).ok).toBe(true);
  });
  it('compares quantities by value', () => {
    expect(run({ field: { target: 'pv/yh-pv1', path: 'spec.capacity.storage' }, min: '1024Mi', max: '1Gi' }).ok).toBe(true);
    expect(run({ field: { target: 'pv/yh-pv1', path: 'spec.capacity.storage' }, min: '2Gi' }).ok).toBe(false);
  });
  it('fails with expected and actual', () => {
    expect(run({ field: { target: 'deploy/web', path: 'status.availableReplicas' }, equals: 4 }).message).toBe('deployment.apps/web status.availableReplicas: expected 4, got 3');
    expect(run({ field: { target: 'deploy/web', path: 'status.conditions[type=Ready].status' }, equals: 'True' }).message).toBe(
      'deployment.apps/web status.conditions[type=Ready].status: absent (no status.conditions[type=Ready]), equals "True"',
    );
    expect(run({ field: { target: 'deploy/web', path: 'status.unavailableReplicas' }, equals: null }).ok).toBe(true);
  });
});

describe('event', () => {
  it('matches reason, object, type and a message substring', () => {
    expect(run({ event: { reason: 'Evicted', object: 'pod/hog' } }).ok).toBe(true);
    expect(run({ event: { reason: 'Evicted', type: 'Warning', message: 'low on resource: memory' } }).ok).toBe(true);
    const r = run({ event: { reason: 'Evicted', object: 'pod/web-a' } });
    expect(r.ok).toBe(false);
    expect(r.message).toBe('no event Evicted on pod/web-a');
    expect(r.diff).toContain('Warning Evicted Pod/hog: The node was low on resource: memory.');
    expect(run({ event: { reason: 'Evicted', type: 'Normal' } }).ok).toBe(false);
  });
});

describe('condition', () => {
  it('checks type, status (default True), reason and message', () => {
    expect(run({ condition: { target: 'deploy/web', type: 'Available' } }).ok).toBe(true);
    expect(run({ condition: { target: 'deploy/web', type: 'Available', reason: 'MinimumReplicasAvailable' } }).ok).toBe(true);
    expect(run({ condition: { target: 'pod/web-b', type: 'Ready', status: 'False', reason: 'ContainersNotReady' } }).ok).toBe(true);
    expect(run({ condition: { target: 'deploy/web', type: 'Available', status: 'False' } }).message).toBe(
      'deployment.apps/web condition Available: want Available=False, got status True (Deployment has minimum availability.)',
    );
    expect(run({ condition: { target: 'deploy/web', type: 'ReplicaFailure' } }).message).toBe(
      'deployment.apps/web has no ReplicaFailure condition (want ReplicaFailure=True; has Available=True (MinimumReplicasAvailable), Progressing=True (NewReplicaSetAvailable))',
    );
  });
});

describe('unregistered forms', () => {
  it('report not supported', () => {
    const saved = ASSERTIONS.env;
    delete ASSERTIONS.env;
    try {
      expect(run({ env: { target: 'pod/web-a', name: 'X' }, equals: 'y' })).toEqual({ ok: false, message: 'assertion "env" is not supported yet' });
    } finally {
      if (saved) ASSERTIONS.env = saved;
    }
  });
});
