import { describe, expect, it } from 'vitest';
import { bare, cm, err, ns, pod } from './helpers.js';

describe('graceful pod deletion (podStrategy.CheckGracefulDelete, rest.BeforeDelete)', () => {
  it('a scheduled pod gets deletionTimestamp = now + terminationGracePeriodSeconds', () => {
    const c = bare();
    c.store.create(pod('p', { node: 'n1' }));
    c.engine.run({ until: 10_000 });
    const m = c.store.delete('Pod', 'default', 'p')!;
    expect(m.metadata.deletionTimestamp).toBe('2024-04-17T00:00:40Z');
    expect(m.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(c.store.get('Pod', 'default', 'p')).toBe(m);
  });
  it('unscheduled and terminal pods are deleted at once', () => {
    const c = bare();
    c.store.create(pod('unscheduled'));
    expect(c.store.delete('Pod', 'default', 'unscheduled')).toBeUndefined();
    const done = c.store.create(pod('done', { node: 'n1' }));
    c.store.updateStatus({ ...done, status: { phase: 'Succeeded' } });
    expect(c.store.delete('Pod', 'default', 'done')).toBeUndefined();
    expect(c.store.count('Pod')).toBe(0);
  });
  it('gracePeriodSeconds 0 removes at once; a second delete may shorten but never lengthen the grace', () => {
    const c = bare();
    c.store.create(pod('p', { node: 'n1' }));
    const first = c.store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 20 })!;
    expect(first.metadata.deletionTimestamp).toBe('2024-04-17T00:00:20Z');
    c.engine.run({ until: 5000 });
    expect(c.store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 60 })).toBe(c.store.get('Pod', 'default', 'p'));
    expect(c.store.get('Pod', 'default', 'p')!.metadata.deletionGracePeriodSeconds).toBe(20);
    const shorter = c.store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 5 })!;
    expect(shorter.metadata.deletionTimestamp).toBe('2024-04-17T00:00:05Z');
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(c.store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 0 })).toBeUndefined();
    expect(c.store.get('Pod', 'default', 'p')).toBeUndefined();
  });
  it('preconditions mismatch is a Conflict; unknown object is NotFound', () => {
    const c = bare();
    const p = c.store.create(pod('p'));
    expect(err(() => c.store.delete('Pod', 'default', 'p', { preconditions: { uid: 'x' } }))[2]).toBe(
      `Operation cannot be fulfilled on pods "p": Precondition failed: UID in precondition: x, UID in object meta: ${p.metadata.uid}`,
    );
    expect(err(() => c.store.delete('Pod', 'default', 'p', { preconditions: { resourceVersion: '1' } }))[0]).toBe(409);
    expect(err(() => c.store.delete('Pod', 'default', 'x'))).toEqual([404, 'NotFound', 'pods "x" not found']);
  });
});

describe('finalizers and propagation policies', () => {
  it('an object with finalizers stays Terminating until they are removed', () => {
    const c = bare();
    c.store.create({ ...cm('x'), metadata: { name: 'x', namespace: 'default', finalizers: ['example.com/keep'] } });
    const m = c.store.delete('ConfigMap', 'default', 'x')!;
    expect(m.metadata.deletionTimestamp).toBe('2024-04-17T00:00:00Z');
    expect(c.store.list('ConfigMap', { namespace: 'default' })).toHaveLength(1);
  });
  it('Foreground adds foregroundDeletion, Orphan adds orphan, Background deletes now', () => {
    const c = bare();
    c.store.create(cm('f'));
    c.store.create(cm('o'));
    c.store.create(cm('b'));
    expect(c.store.delete('ConfigMap', 'default', 'f', { propagationPolicy: 'Foreground' })!.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(c.store.delete('ConfigMap', 'default', 'o', { propagationPolicy: 'Orphan' })!.metadata.finalizers).toEqual(['orphan']);
    expect(c.store.delete('ConfigMap', 'default', 'b', { propagationPolicy: 'Background' })).toBeUndefined();
  });
  it('a namespace is marked Terminating; default and kube-system may not be deleted', () => {
    const c = bare();
    c.store.create(ns('team'));
    const m = c.store.delete('Namespace', undefined, 'team')!;
    expect(m.status.phase).toBe('Terminating');
    expect(m.metadata.deletionTimestamp).toBe('2024-04-17T00:00:00Z');
    expect(c.store.delete('Namespace', undefined, 'team')).toBe(c.store.get('Namespace', undefined, 'team'));
    expect(err(() => c.store.delete('Namespace', undefined, 'default'))).toEqual([403, 'Forbidden', 'namespaces "default" is forbidden: this namespace may not be deleted']);
    expect(err(() => c.store.delete('Namespace', undefined, 'kube-system'))[0]).toBe(403);
  });
});
