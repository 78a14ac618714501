import { describe, expect, it } from 'vitest';
import { bare, deployment } from './helpers.js';
import type { KubeObject } from '../../src/store/types.js';

const tpl = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };
const selector = { matchLabels: { app: 'x' } };

describe('create: the status a strategy resets to, as the API serializes it', () => {
  it('status counters without omitempty show as 0; Deployment status (all omitempty) is empty', () => {
    const c = bare();
    const given = { replicas: 9, readyReplicas: 9 };
    const create = (o: { apiVersion: string; kind: string; spec: unknown }): unknown => c.store.create({ ...o, metadata: { name: 'x', namespace: 'default' }, status: given }).status;
    expect(create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { replicas: 1, selector, template: tpl } })).toEqual({ replicas: 0 });
    expect(create({ apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { replicas: 1, serviceName: 'x', selector, template: tpl } })).toEqual({ replicas: 0 });
    expect(create({ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { selector, template: tpl } })).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    expect(create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { minAvailable: 1, selector } })).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
    expect(c.store.create({ ...deployment('web'), status: given }).status).toEqual({});
  });
});

describe('getByUid of Events', () => {
  const event = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', ...extra },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' },
    reason: 'R',
    message: 'm',
  });
  it('finds Events that something can refer to (owner references, finalizers), from create or a later update', () => {
    const c = bare();
    const owner = c.store.create(deployment('web'));
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner.metadata.uid! };
    const owned = c.store.create(event('owned', { ownerReferences: [ref] }));
    const held = c.store.create(event('held', { finalizers: ['example.com/hold'] }));
    const plain = c.store.create(event('plain'));
    expect(c.store.getByUid(owned.metadata.uid!)).toBe(owned);
    expect(c.store.getByUid(held.metadata.uid!)).toBe(held);
    // The kubelets' plain Events stay out of the uid index (nothing looks them up by uid).
    expect(c.store.getByUid(plain.metadata.uid!)).toBeUndefined();
    const adopted = c.store.update({ ...plain, metadata: { ...plain.metadata, ownerReferences: [ref] } });
    expect(c.store.getByUid(plain.metadata.uid!)).toBe(adopted);
    c.store.delete('Event', 'default', 'owned');
    expect(c.store.getByUid(owned.metadata.uid!)).toBeUndefined();
  });
});
