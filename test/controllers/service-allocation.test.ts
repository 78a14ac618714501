import { describe, expect, it } from 'vitest';
import { services, svc } from './services-harness.js';
import { ApiError } from '../../src/store/types.js';

function apiErr(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return `${e.code} ${e.reason}: ${e.message}`;
    throw e;
  }
  throw new Error('no error');
}

describe('Service address allocation', () => {
  it('a real cluster starts with the kubernetes Service on the first IP of the CIDR, and its Endpoints', () => {
    const c = services();
    const k = c.store.get('Service', 'default', 'kubernetes')!;
    expect(k.spec.clusterIP).toBe('10.96.0.1');
    expect(k.spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    expect(k.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(c.store.get('Endpoints', 'default', 'kubernetes')!.subsets).toEqual([{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    // 10.96.0.1 is taken.
    expect(apiErr(() => c.store.create(svc('a', { clusterIP: '10.96.0.1', ports: [{ port: 80 }] })))).toBe(
      '422 Invalid: Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
  });

  it('allocates ClusterIPs on the seeded stream (same seed, same IPs; another seed, others)', () => {
    const ips = (seed: number) => {
      const c = services(seed);
      return ['a', 'b', 'c'].map((n) => c.store.create(svc(n, { ports: [{ port: 80 }] })).spec.clusterIP);
    };
    const a = ips(0);
    expect(a).toEqual(ips(0));
    expect(a).not.toEqual(ips(1));
    for (const ip of a) {
      const [o1, o2] = ip.split('.').map(Number);
      // 10.96.0.0/12 is 10.96.0.0 - 10.111.255.255.
      expect(o1).toBe(10);
      expect(o2).toBeGreaterThanOrEqual(96);
      expect(o2).toBeLessThanOrEqual(111);
    }
    expect(new Set(a).size).toBe(3);
  });

  it('keeps an explicit clusterIP and refuses it twice with the allocator message; freed on delete', () => {
    const c = services();
    const a = c.store.create(svc('a', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] }));
    expect(a.spec.clusterIP).toBe('10.96.0.10');
    expect(a.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(apiErr(() => c.store.create(svc('b', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })))).toBe(
      '422 Invalid: Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    c.store.delete('Service', 'default', 'a');
    expect(c.store.create(svc('b', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })).spec.clusterIP).toBe('10.96.0.10');
  });

  it('out of range', () => {
    const c = services();
    expect(apiErr(() => c.store.create(svc('a', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })))).toBe(
      '422 Invalid: Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('NodePort: explicit port kept, conflict refused, others allocated in 30000-32767; freed on delete', () => {
    const c = services();
    const a = c.store.create(svc('a', { type: 'NodePort', selector: { app: 'a' }, ports: [{ port: 80, nodePort: 30080 }] }));
    expect(a.spec.ports[0].nodePort).toBe(30080);
    expect(apiErr(() => c.store.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))).toBe(
      '422 Invalid: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    const b = c.store.create(svc('b', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    const ports = b.spec.ports.map((p: any) => p.nodePort);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(30000);
      expect(p).toBeLessThanOrEqual(32767);
    }
    expect(ports[0]).not.toBe(ports[1]);
    c.store.delete('Service', 'default', 'a');
    expect(c.store.create(svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
  });

  it('headless gets no IP, ExternalName no IP and no family fields, LoadBalancer node ports and a pending (empty) status', () => {
    const c = services();
    const h = c.store.create(svc('h', { clusterIP: 'None', selector: { app: 'x' } }));
    expect([h.spec.clusterIP, h.spec.clusterIPs, h.spec.ipFamilyPolicy]).toEqual(['None', ['None'], 'SingleStack']);
    const e = c.store.create(svc('e', { type: 'ExternalName', externalName: 'someapi.somecompany.com' }));
    expect(e.spec.clusterIP).toBeUndefined();
    expect(e.spec.ipFamilies).toBeUndefined();
    const lb = c.store.create(svc('lb', { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    expect(lb.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(lb.status).toEqual({ loadBalancer: {} });
  });

  it('apply without clusterIP / nodePort keeps the allocated values; ClusterIP -> NodePort allocates a node port', () => {
    const c = services();
    const manifest = svc('a', { type: 'NodePort', selector: { app: 'a' }, ports: [{ name: 'http', port: 80 }] });
    const first = c.store.apply(manifest).object;
    const again = c.store.apply({ ...manifest, metadata: { ...manifest.metadata, labels: { v: '2' } } }).object;
    expect(again.spec.clusterIP).toBe(first.spec.clusterIP);
    expect(again.spec.ports[0].nodePort).toBe(first.spec.ports[0].nodePort);
    const b = c.store.create(svc('b', { selector: { app: 'b' }, ports: [{ port: 80 }] }));
    expect(b.spec.ports[0].nodePort).toBeUndefined();
    const nb = c.store.update({ ...b, spec: { ...b.spec, type: 'NodePort' } });
    expect(nb.spec.clusterIP).toBe(b.spec.clusterIP);
    expect(nb.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });
});
