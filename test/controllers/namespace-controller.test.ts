import { describe, expect, it } from 'vitest';
import { withGc, cm, ns, pod } from '../store/helpers.js';

describe('namespace controller', () => {
  it('deletes the content of a Terminating namespace, then the namespace', () => {
    const c = withGc();
    c.store.create(ns('team'));
    c.store.create(cm('a', 'team'));
    c.store.create(pod('p', { ns: 'team' }));
    c.store.delete('Namespace', undefined, 'team');
    expect(c.store.get('Namespace', undefined, 'team')!.status.phase).toBe('Terminating');
    c.engine.run();
    expect(c.store.get('Namespace', undefined, 'team')).toBeUndefined();
    expect(c.store.list('ConfigMap', { namespace: 'team' })).toEqual([]);
    expect(c.store.list('Pod', { namespace: 'team' })).toEqual([]);
  });

  it('waits for pods to finish their grace period; the namespace shows content remaining meanwhile', () => {
    const c = withGc();
    c.store.create(ns('team'));
    c.store.create(pod('p', { ns: 'team', node: 'n1' }));
    c.store.delete('Namespace', undefined, 'team');
    c.engine.run({ until: 10_000 });
    const t = c.store.get('Namespace', undefined, 'team')!;
    expect(t.status.conditions.find((x: { type: string }) => x.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain' });
    expect(c.store.get('Pod', 'team', 'p')!.metadata.deletionTimestamp).toBe('2024-04-17T00:00:30Z');
    // The kubelet would finish the pod; here a final delete with grace 0 does it.
    c.store.delete('Pod', 'team', 'p', { gracePeriodSeconds: 0 });
    c.engine.run();
    expect(c.store.get('Namespace', undefined, 'team')).toBeUndefined();
  });

  it('a namespace with a metadata finalizer stays until it is removed', () => {
    const c = withGc();
    c.store.create({ ...ns('team'), metadata: { name: 'team', finalizers: ['example.com/hold'] } });
    c.store.delete('Namespace', undefined, 'team');
    c.engine.run();
    const t = c.store.get('Namespace', undefined, 'team')!;
    expect(t.spec.finalizers).toEqual([]);
    c.store.update({ ...t, metadata: { ...t.metadata, finalizers: [] } });
    expect(c.store.get('Namespace', undefined, 'team')).toBeUndefined();
  });
});
