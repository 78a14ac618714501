import { describe, expect, it } from 'vitest';
import { runPod, services, setStatus, settle, svc } from './services-harness.js';
import { repackSubsets } from '../../src/controllers/endpoints-util.js';
import { truncateSubsets } from '../../src/controllers/endpoints.js';

const addr = (ip: string, name: string, extra: Record<string, unknown> = {}) => ({ ip, ...extra, targetRef: { kind: 'Pod', namespace: 'default', name, uid: expect.any(String) } });

describe('Endpoints controller', () => {
  it('ready pods in addresses, not-ready in notReadyAddresses, pods without IP / terminal / other labels left out', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }, { app: 'web', tier: 'fe' }));
    runPod(c, 'a', { ip: '10.244.0.2', node: 'node-a' });
    runPod(c, 'b', { ip: '10.244.0.3', ready: false });
    runPod(c, 'c', {});
    runPod(c, 'd', { ip: '10.244.0.5', phase: 'Succeeded', ready: false });
    runPod(c, 'e', { ip: '10.244.0.6', labels: { app: 'other' } });
    settle(c);
    const ep = c.store.get('Endpoints', 'default', 'web')!;
    expect(ep.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2024-04-17T00:00:00Z' });
    expect(ep.subsets).toEqual([{ addresses: [addr('10.244.0.2', 'a', { nodeName: 'node-a' })], notReadyAddresses: [addr('10.244.0.3', 'b')], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  it('readiness turning False moves the address to notReadyAddresses and back; no write when nothing changed', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2' });
    settle(c);
    const rv1 = c.store.get('Endpoints', 'default', 'web')!.metadata.resourceVersion;
    c.engine.run({ until: 5000 });
    setStatus(c, 'a', { ip: '10.244.0.2', ready: false, readyAt: '2024-04-17T00:00:05Z' });
    settle(c);
    const ep = c.store.get('Endpoints', 'default', 'web')!;
    expect(ep.metadata.resourceVersion).not.toBe(rv1);
    expect(ep.subsets).toEqual([{ notReadyAddresses: [addr('10.244.0.2', 'a')], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }]);
    expect(ep.metadata.annotations!['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2024-04-17T00:00:05Z');
    // An unrelated pod change (annotation) does not rewrite the Endpoints.
    const p = c.store.get('Pod', 'default', 'a')!;
    c.store.update({ ...p, metadata: { ...p.metadata, annotations: { x: 'y' } } });
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')!.metadata.resourceVersion).toBe(ep.metadata.resourceVersion);
    setStatus(c, 'a', { ip: '10.244.0.2', ready: true, readyAt: '2024-04-17T00:00:06Z' });
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')!.subsets).toEqual([{ addresses: [addr('10.244.0.2', 'a')], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }]);
  });

  it('terminating pods are dropped, unless publishNotReadyAddresses, which also lists not-ready pods as ready', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    c.store.create(svc('all', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2', node: 'n' });
    runPod(c, 'b', { ip: '10.244.0.3', node: 'n', ready: false });
    settle(c);
    c.store.delete('Pod', 'default', 'a'); // bound: graceful, stays terminating
    settle(c);
    expect(c.store.get('Pod', 'default', 'a')!.metadata.deletionTimestamp).toBeDefined();
    expect(c.store.get('Endpoints', 'default', 'web')!.subsets).toEqual([{ notReadyAddresses: [addr('10.244.0.3', 'b', { nodeName: 'n' })], ports: [{ port: 80, protocol: 'TCP' }] }]);
    expect(c.store.get('Endpoints', 'default', 'all')!.subsets).toEqual([{ addresses: [addr('10.244.0.2', 'a', { nodeName: 'n' }), addr('10.244.0.3', 'b', { nodeName: 'n' })], ports: [{ port: 80, protocol: 'TCP' }] }]);
  });

  it('named targetPort resolved per pod: different numbers give separate subsets; unresolvable pods are left out', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] }));
    runPod(c, 'a', { ip: '10.244.0.2', ports: [{ name: 'web', containerPort: 8080 }] });
    runPod(c, 'b', { ip: '10.244.0.3', ports: [{ name: 'web', containerPort: 9090 }] });
    runPod(c, 'c', { ip: '10.244.0.4', ports: [{ name: 'web', containerPort: 8080 }] });
    runPod(c, 'd', { ip: '10.244.0.5', ports: [{ name: 'other', containerPort: 8080 }] });
    runPod(c, 'e', { ip: '10.244.0.6', ports: [{ name: 'web', containerPort: 8080, protocol: 'UDP' }] });
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')!.subsets).toEqual([
      { addresses: [addr('10.244.0.2', 'a'), addr('10.244.0.4', 'c')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [addr('10.244.0.3', 'b')], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('headless: label service.kubernetes.io/headless, hostname only for the matching subdomain; no ports → one portless subset', () => {
    const c = services();
    c.store.create(svc('db', { clusterIP: 'None', selector: { app: 'db' } }));
    runPod(c, 'db-0', { ip: '10.244.0.2', labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db' });
    runPod(c, 'db-1', { ip: '10.244.0.3', labels: { app: 'db' }, hostname: 'db-1', subdomain: 'other' });
    settle(c);
    const ep = c.store.get('Endpoints', 'default', 'db')!;
    expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep.subsets).toEqual([{ addresses: [addr('10.244.0.2', 'db-0', { hostname: 'db-0' }), addr('10.244.0.3', 'db-1')] }]);
  });

  it('selector-less Services keep hand-written Endpoints; ExternalName gets none; Endpoints go with the Service', () => {
    const c = services();
    c.store.create(svc('ext', { ports: [{ port: 80 }] }));
    const hand = c.store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext', namespace: 'default' }, subsets: [{ addresses: [{ ip: '11.11.11.11' }, { ip: '22.22.22.22' }], ports: [{ port: 80 }] }] });
    c.store.create(svc('alias', { type: 'ExternalName', externalName: 'someapi.somecompany.com', selector: { app: 'web' } }));
    runPod(c, 'a', { ip: '10.244.0.2' });
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'ext')!.metadata.resourceVersion).toBe(hand.metadata.resourceVersion);
    expect(c.store.get('Endpoints', 'default', 'alias')).toBeUndefined();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')).toBeDefined();
    c.store.delete('Service', 'default', 'web');
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')).toBeUndefined();
    expect(c.store.get('Endpoints', 'default', 'ext')).toBeDefined();
  });

  it('a deleted Endpoints of a managed Service is written again', () => {
    const c = services();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2' });
    settle(c);
    c.store.delete('Endpoints', 'default', 'web');
    settle(c);
    expect(c.store.get('Endpoints', 'default', 'web')!.subsets[0].addresses).toHaveLength(1);
  });

  it('over 1000 addresses: truncated with the over-capacity annotation', () => {
    const c = services();
    c.store.create(svc('big', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    for (let i = 0; i < 1003; i++) runPod(c, `p${String(i).padStart(4, '0')}`, { ip: `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`, ready: i % 2 === 0 });
    settle(c);
    const ep = c.store.get('Endpoints', 'default', 'big')!;
    expect(ep.metadata.annotations!['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
    // 502 ready kept, not-ready cut to 1000 - 502.
    expect(ep.subsets[0].addresses).toHaveLength(502);
    expect(ep.subsets[0].notReadyAddresses).toHaveLength(498);
  });
});

describe('RepackSubsets / truncateEndpoints', () => {
  it('merges addresses with equal port sets; not-ready trumps ready for the same address', () => {
    const a = { ip: '10.0.0.2' };
    const b = { ip: '10.0.0.1' };
    const p80 = { name: 'a', port: 80, protocol: 'TCP' };
    const p81 = { name: 'b', port: 81, protocol: 'TCP' };
    expect(repackSubsets([{ addresses: [a], ports: [p80] }, { addresses: [b], ports: [p80] }, { addresses: [a], ports: [p81] }, { addresses: [b], ports: [p81] }])).toEqual([{ addresses: [b, a], ports: [p80, p81] }]);
    expect(repackSubsets([{ addresses: [a], ports: [p80] }, { notReadyAddresses: [a], ports: [p80] }])).toEqual([{ notReadyAddresses: [a], ports: [p80] }]);
  });

  it('truncates ready addresses in proportion when they alone exceed 1000', () => {
    const mk = (n: number, base: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.${base}.${Math.floor(i / 250)}.${i % 250}` }));
    const t = truncateSubsets([
      { addresses: mk(900, 1), notReadyAddresses: mk(5, 3), ports: [{ port: 80, protocol: 'TCP' }] },
      { addresses: mk(300, 2), ports: [{ port: 81, protocol: 'TCP' }] },
    ]);
    expect(t.truncated).toBe(true);
    // ceil(900/1200*1000) = 750, then min(ceil(300/1200*1000)=250, 250).
    expect(t.subsets.map((s) => [s.addresses?.length, s.notReadyAddresses?.length])).toEqual([
      [750, undefined],
      [250, undefined],
    ]);
  });
});
