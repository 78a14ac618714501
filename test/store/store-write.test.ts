import { describe, expect, it } from 'vitest';
import { bare, cm, deployment, err, ns, pod } from './helpers.js';
import type { WatchEvent } from '../../src/store/types.js';

describe('create', () => {
  it('fills uid, resourceVersion, creationTimestamp, generation for deployments', () => {
    const c = bare();
    c.engine.run({ until: 90_000 });
    const d = c.store.create(deployment('web'));
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.metadata.creationTimestamp).toBe('2024-04-17T00:01:30Z');
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toEqual({});
    expect(Number(d.metadata.resourceVersion)).toBeGreaterThan(0);
    const d2 = c.store.create(deployment('api'));
    expect(Number(d2.metadata.resourceVersion)).toBe(Number(d.metadata.resourceVersion) + 1);
  });
  it('pods, configmaps and events have no generation; pods start Pending', () => {
    const c = bare();
    const p = c.store.create(pod('p'));
    expect(p.metadata.generation).toBeUndefined();
    expect(p.status.phase).toBe('Pending');
    expect(c.store.create(cm('c')).metadata.generation).toBeUndefined();
  });
  it('generateName appends 5 characters from the utilrand alphabet, the same per seed', () => {
    const a = bare(7).store.create({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    const b = bare(7).store.create({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    expect(a.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(a.metadata.name).toBe(b.metadata.name);
    expect(a.metadata.uid).toBe(b.metadata.uid);
    const other = bare(8).store.create({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    expect(other.metadata.uid).not.toBe(a.metadata.uid);
  });
  it('AlreadyExists uses the qualified resource', () => {
    const c = bare();
    c.store.create(deployment('web'));
    expect(err(() => c.store.create(deployment('web')))).toEqual([409, 'AlreadyExists', 'deployments.apps "web" already exists']);
    c.store.create(pod('p'));
    expect(err(() => c.store.create(pod('p')))).toEqual([409, 'AlreadyExists', 'pods "p" already exists']);
  });
  it('needs an existing, non-terminating namespace', () => {
    const c = bare();
    expect(err(() => c.store.create(cm('x', 'nope')))).toEqual([404, 'NotFound', 'namespaces "nope" not found']);
    c.store.create(ns('team'));
    c.store.create(cm('x', 'team'));
    c.store.delete('Namespace', undefined, 'team');
    expect(err(() => c.store.create(cm('y', 'team')))).toEqual([403, 'Forbidden', 'configmaps "y" is forbidden: unable to create new content in namespace team because it is being terminated']);
  });
  it('the four initial namespaces exist at time 0; cluster-scoped objects have no namespace', () => {
    const c = bare();
    expect(c.store.list('Namespace').map((n) => [n.metadata.name, n.status.phase, n.spec.finalizers])).toEqual([
      ['default', 'Active', ['kubernetes']],
      ['kube-node-lease', 'Active', ['kubernetes']],
      ['kube-public', 'Active', ['kubernetes']],
      ['kube-system', 'Active', ['kubernetes']],
    ]);
    const n = c.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'default' } });
    expect(n.metadata.namespace).toBeUndefined();
    expect(c.store.get('Node', undefined, 'n1')).toBe(n);
  });
});

describe('update', () => {
  it('optimistic concurrency: a stale resourceVersion is a Conflict', () => {
    const c = bare();
    const d = c.store.create(deployment('web'));
    c.store.update({ ...d, spec: { ...d.spec, replicas: 2 } });
    expect(err(() => c.store.update({ ...d, spec: { ...d.spec, replicas: 3 } }))).toEqual([
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
  });
  it('generation bumps on spec change (and deployment annotations), not on labels or status', () => {
    const c = bare();
    let d = c.store.create(deployment('web'));
    d = c.store.update({ ...d, metadata: { ...d.metadata, labels: { app: 'web', x: 'y' } } });
    expect(d.metadata.generation).toBe(1);
    d = c.store.update({ ...d, spec: { ...d.spec, replicas: 5 } });
    expect(d.metadata.generation).toBe(2);
    d = c.store.update({ ...d, metadata: { ...d.metadata, annotations: { note: 'x' } } });
    expect(d.metadata.generation).toBe(3);
    d = c.store.updateStatus({ ...d, status: { replicas: 5, observedGeneration: 3 } });
    expect(d.metadata.generation).toBe(3);
    expect(d.status).toEqual({ replicas: 5, observedGeneration: 3 });
  });
  it('update ignores status for kinds with a status subresource; updateStatus changes only status', () => {
    const c = bare();
    let d = c.store.create(deployment('web'));
    d = c.store.updateStatus({ ...d, status: { replicas: 1 } });
    d = c.store.update({ ...d, status: { replicas: 99 }, spec: { ...d.spec, replicas: 3 } });
    expect(d.status).toEqual({ replicas: 1 });
    const s = c.store.updateStatus({ ...d, spec: { ...d.spec, replicas: 7 }, status: { replicas: 2 } });
    expect(s.spec.replicas).toBe(3);
    expect(s.status).toEqual({ replicas: 2 });
  });
  it('a no-op update keeps the resourceVersion and emits nothing', () => {
    const c = bare();
    const d = c.store.create(cm('x'));
    const seen: WatchEvent[] = [];
    c.store.watch((e) => seen.push(e));
    const same = c.store.update({ ...d, data: { k: 'v' } });
    expect(same.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(seen).toEqual([]);
  });
  it('preserves uid, creationTimestamp and deletionTimestamp', () => {
    const c = bare();
    const d = c.store.create({ ...cm('x'), metadata: { name: 'x', namespace: 'default', finalizers: ['example.com/f'] } });
    c.engine.run({ until: 5000 });
    const marked = c.store.delete('ConfigMap', 'default', 'x')!;
    const u = c.store.update({ ...marked, metadata: { ...marked.metadata, uid: undefined, creationTimestamp: 'x', deletionTimestamp: undefined }, data: { k: 'w' } });
    expect(u.metadata.uid).toBe(d.metadata.uid);
    expect(u.metadata.creationTimestamp).toBe('2024-04-17T00:00:00Z');
    expect(u.metadata.deletionTimestamp).toBe('2024-04-17T00:00:05Z');
  });
  it('a mismatched uid is a Conflict; an unknown object is NotFound', () => {
    const c = bare();
    const d = c.store.create(cm('x'));
    expect(err(() => c.store.update({ ...d, metadata: { ...d.metadata, uid: 'other' } }))[2]).toBe(
      `Operation cannot be fulfilled on configmaps "x": Precondition failed: UID in precondition: other, UID in object meta: ${d.metadata.uid}`,
    );
    expect(err(() => c.store.update(cm('nope')))).toEqual([404, 'NotFound', 'configmaps "nope" not found']);
  });
  it('removing the last finalizer of a deleting object deletes it; new finalizers are refused', () => {
    const c = bare();
    c.store.create({ ...cm('x'), metadata: { name: 'x', namespace: 'default', finalizers: ['a/b'] } });
    const marked = c.store.delete('ConfigMap', 'default', 'x')!;
    expect(marked.metadata.deletionTimestamp).toBe('2024-04-17T00:00:00Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(err(() => c.store.update({ ...marked, metadata: { ...marked.metadata, finalizers: ['a/b', 'c/d'] } }))[2]).toBe(
      'ConfigMap "x" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"c/d"}',
    );
    const events: string[] = [];
    c.store.watch((e) => events.push(e.type));
    c.store.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(c.store.get('ConfigMap', 'default', 'x')).toBeUndefined();
    expect(events).toEqual(['DELETED']);
  });
});

describe('bind', () => {
  it('sets nodeName and PodScheduled=True; a bound pod is a Conflict', () => {
    const c = bare();
    c.store.create(pod('p'));
    c.engine.run({ until: 2000 });
    const b = c.store.bind('default', 'p', 'node-a');
    expect(b.spec.nodeName).toBe('node-a');
    expect(b.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-04-17T00:00:02Z' }]);
    expect(c.store.podsOnNode('node-a').map((p) => p.metadata.name)).toEqual(['p']);
    expect(err(() => c.store.bind('default', 'p', 'node-b'))).toEqual([409, 'Conflict', 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-a"']);
  });
});

describe('patch', () => {
  it('strategic, merge and json patches go through update semantics', () => {
    const c = bare();
    const d = c.store.create(deployment('web'));
    const s = c.store.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } }, 'strategic');
    expect(s.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(s.spec.template.spec.containers[0].imagePullPolicy).toBe(d.spec.template.spec.containers[0].imagePullPolicy);
    expect(s.metadata.generation).toBe(2);
    const m = c.store.patch('Deployment', 'default', 'web', { spec: { replicas: 4 }, status: { replicas: 100 } }, 'merge');
    expect(m.spec.replicas).toBe(4);
    expect(m.status).toEqual({});
    const j = c.store.patch('Deployment', 'default', 'web', [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'json');
    expect(j.spec.replicas).toBe(2);
    expect(j.metadata.generation).toBe(4);
    expect(err(() => c.store.patch('Deployment', 'default', 'nope', {}, 'merge'))).toEqual([404, 'NotFound', 'deployments.apps "nope" not found']);
  });
});

describe('apply', () => {
  it('created / unchanged / configured with the last-applied annotation as kubectl writes it', () => {
    const c = bare();
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { a: '1', b: '2' } }, data: { x: '1', y: '2' } };
    const r1 = c.store.apply(manifest);
    expect(r1.action).toBe('created');
    expect(r1.object.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"x":"1","y":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"a":"1","b":"2"},"name":"cfg","namespace":"default"}}\n',
    );
    expect(c.store.apply(manifest).action).toBe('unchanged');
    // A controller adds a label; the manifest drops label b and key y.
    const live = c.store.get('ConfigMap', 'default', 'cfg')!;
    c.store.update({ ...live, metadata: { ...live.metadata, labels: { ...live.metadata.labels, owner: 'ctrl' } } });
    const r3 = c.store.apply({ ...manifest, metadata: { name: 'cfg', labels: { a: '1' } }, data: { x: '1' } });
    expect(r3.action).toBe('configured');
    expect(r3.object.metadata.labels).toEqual({ a: '1', owner: 'ctrl' });
    expect(r3.object.data).toEqual({ x: '1' });
  });
  it('keeps defaulted fields and bumps generation only on spec change', () => {
    const c = bare();
    const r1 = c.store.apply(deployment('web'));
    expect(r1.object.spec.strategy?.type ?? 'RollingUpdate').toBe('RollingUpdate');
    expect(c.store.apply(deployment('web')).action).toBe('unchanged');
    const m = deployment('web');
    m.spec.replicas = 3;
    const r = c.store.apply(m);
    expect(r.action).toBe('configured');
    expect(r.object.metadata.generation).toBe(2);
    expect(r.object.spec.replicas).toBe(3);
  });
});

describe('admission plugins', () => {
  it('run after built-in admission in registration order, filtered by kind; a thrown ApiError rejects', async () => {
    const { ApiError } = await import('../../src/store/types.js');
    const c = bare();
    const order: string[] = [];
    c.store.addAdmissionPlugin({
      name: 'first',
      kinds: ['ConfigMap'],
      admit: (obj, ctx) => {
        order.push(`first:${ctx.operation}:${ctx.old ? 'old' : 'new'}`);
        return { ...obj, metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), stamped: 'yes' } } };
      },
    });
    c.store.addAdmissionPlugin({
      name: 'second',
      admit: (obj, ctx) => {
        order.push(`second:${obj.kind}:${obj.metadata.labels?.stamped ?? '-'}`);
        if (obj.metadata.name === 'bad') throw new ApiError(403, 'Forbidden', `${obj.kind} "bad" is forbidden: no`);
        expect(ctx.store.get('Namespace', undefined, 'default')).toBeDefined();
      },
    });
    const x = c.store.create(cm('x'));
    expect(x.metadata.labels).toEqual({ stamped: 'yes' });
    c.store.update({ ...x, data: { k: 'w' } });
    c.store.create(pod('p'));
    expect(err(() => c.store.create(cm('bad')))).toEqual([403, 'Forbidden', 'ConfigMap "bad" is forbidden: no']);
    expect(c.store.get('ConfigMap', 'default', 'bad')).toBeUndefined();
    expect(order).toEqual(['first:CREATE:new', 'second:ConfigMap:yes', 'first:UPDATE:old', 'second:ConfigMap:yes', 'second:Pod:-', 'first:CREATE:new', 'second:ConfigMap:yes']);
  });
});

describe('registry strategies', () => {
  it('PersistentVolume: phase Pending with lastPhaseTransitionTime, re-stamped when the phase changes', () => {
    const c = bare();
    c.engine.run({ until: 3000 });
    const pv = c.store.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' } }, status: { phase: 'Bound' } });
    expect(pv.status).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2024-04-17T00:00:03Z' });
    c.engine.run({ until: 9000 });
    const same = c.store.updateStatus({ ...pv, status: { phase: 'Pending', message: 'x' } });
    expect(same.status.lastPhaseTransitionTime).toBe('2024-04-17T00:00:03Z');
    const bound = c.store.updateStatus({ ...same, status: { phase: 'Available' } });
    expect(bound.status).toEqual({ phase: 'Available', lastPhaseTransitionTime: '2024-04-17T00:00:09Z' });
  });
  it('Service status starts as {loadBalancer: {}}; Deployment status is cleared on create', () => {
    const c = bare();
    const svc = c.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }], selector: { app: 'x' } }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } });
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect(c.store.create({ ...deployment('d'), status: { replicas: 3 } }).status).toEqual({});
  });
  it('the DELETED event carries a new resourceVersion', () => {
    const c = bare();
    const x = c.store.create(cm('x'));
    let last = '';
    c.store.watch((e) => (last = e.object.metadata.resourceVersion!));
    c.store.delete('ConfigMap', 'default', 'x');
    expect(Number(last)).toBe(Number(x.metadata.resourceVersion) + 1);
  });
});

describe('apply of a Deployment manifest edited over time', () => {
  it('an env var removed from the manifest is removed; one added by another writer stays; container order follows the manifest', () => {
    const c = bare();
    const m = deployment('web');
    m.spec.template.spec.containers = [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'side', image: 'side:1' },
    ];
    c.store.apply(m);
    // Someone else (kubectl set env) adds C to app.
    c.store.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'C', value: '3' }] }] } } } }, 'strategic');
    const m2 = deployment('web');
    m2.spec.template.spec.containers = [
      { name: 'side', image: 'side:2' },
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
    ];
    const r = c.store.apply(m2);
    expect(r.action).toBe('configured');
    const cs = r.object.spec.template.spec.containers;
    expect(cs.map((x: { name: string }) => x.name)).toEqual(['side', 'app']);
    expect(cs[0].image).toBe('side:2');
    expect(cs[1].env).toEqual([{ name: 'C', value: '3' }, { name: 'A', value: '1' }]);
  });
});
