import { describe, expect, it } from 'vitest';
import { runPod, services, setStatus, settle, svc } from './services-harness.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';

const slices = (c: Cluster, name: string): KubeObject[] => c.store.list('EndpointSlice', { namespace: 'default', labelSelector: `kubernetes.io/service-name=${name}` });

describe('EndpointSlice controller', () => {
  it('one slice named <svc>-<5 chars> with labels, owner reference, conditions, nodeName, zone, ports', () => {
    const c = services();
    c.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } } }, { origin: 'system' });
    const s = c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { app: 'web' }));
    runPod(c, 'a', { ip: '10.244.0.2', node: 'node-a' });
    runPod(c, 'b', { ip: '10.244.0.3', ready: false });
    settle(c);
    const [sl, ...rest] = slices(c, 'web');
    expect(rest).toEqual([]);
    expect(sl!.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(sl!.metadata.generateName).toBe('web-');
    expect(sl!.metadata.labels).toEqual({ app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(sl!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: s.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(sl!.addressType).toBe('IPv4');
    expect(sl!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(sl!.endpoints).toEqual([
      { addresses: ['10.244.0.2'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: expect.any(String) }, nodeName: 'node-a', zone: 'zone-1' },
      { addresses: ['10.244.0.3'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: expect.any(String) } },
    ]);
  });

  it('terminating: ready false, serving keeps the readiness, terminating true (unless publishNotReadyAddresses: ready true)', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    c.store.create(svc('pub', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2', node: 'n' });
    settle(c);
    c.store.delete('Pod', 'default', 'a');
    settle(c);
    expect(slices(c, 'web')[0]!.endpoints[0].conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(slices(c, 'pub')[0]!.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: true });
  });

  it('a Service without endpoints has one empty placeholder slice, reused when a pod comes', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    settle(c);
    const [ph] = slices(c, 'web');
    expect(ph!.endpoints).toEqual([]);
    expect(ph!.ports).toBeUndefined();
    runPod(c, 'a', { ip: '10.244.0.2' });
    settle(c);
    const after = slices(c, 'web');
    expect(after.map((s) => s.metadata.name)).toEqual([ph!.metadata.name]);
    expect(after[0]!.endpoints).toHaveLength(1);
    expect(after[0]!.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });

  it('at most 100 endpoints per slice; removal updates in place, an emptied slice is deleted', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    for (let i = 0; i < 250; i++) runPod(c, `p${String(i).padStart(3, '0')}`, { ip: `10.244.${Math.floor(i / 200)}.${(i % 200) + 2}` });
    settle(c);
    expect(slices(c, 'web').map((s) => s.endpoints.length).sort()).toEqual([100, 100, 50]);
    const third = slices(c, 'web').find((s) => s.endpoints.length === 50)!;
    for (let i = 200; i < 250; i++) c.store.delete('Pod', 'default', `p${i}`);
    settle(c);
    const left = slices(c, 'web');
    expect(left.map((s) => s.endpoints.length)).toEqual([100, 100]);
    expect(left.map((s) => s.metadata.name)).not.toContain(third.metadata.name);
  });

  it('named target ports resolving to different numbers give one slice per port set', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] }));
    runPod(c, 'a', { ip: '10.244.0.2', ports: [{ name: 'web', containerPort: 8080 }] });
    runPod(c, 'b', { ip: '10.244.0.3', ports: [{ name: 'web', containerPort: 9090 }] });
    settle(c);
    const got = slices(c, 'web').map((s) => [s.ports[0].port, s.endpoints.map((e: any) => e.targetRef.name)]);
    expect(got.sort()).toEqual([
      [8080, ['a']],
      [9090, ['b']],
    ]);
  });

  it('headless slices carry the headless label and hostnames; deleting the Service collects them', () => {
    const c = services();
    c.store.create(svc('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }));
    runPod(c, 'db-0', { ip: '10.244.0.2', labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db' });
    settle(c);
    const [sl] = slices(c, 'db');
    expect(sl!.metadata.labels!['service.kubernetes.io/headless']).toBe('');
    expect(sl!.endpoints[0].hostname).toBe('db-0');
    c.store.delete('Service', 'default', 'db');
    c.engine.run({ until: c.engine.now + 1 });
    expect(slices(c, 'db')).toEqual([]);
  });

  it('readiness change updates the endpoint in place without creating slices', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2' });
    settle(c);
    const name = slices(c, 'web')[0]!.metadata.name;
    setStatus(c, 'a', { ip: '10.244.0.2', ready: false });
    settle(c);
    const after = slices(c, 'web');
    expect(after.map((s) => s.metadata.name)).toEqual([name]);
    expect(after[0]!.endpoints[0].conditions).toEqual({ ready: false, serving: false, terminating: false });
  });
});
