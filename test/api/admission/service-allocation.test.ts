import { describe, expect, it } from 'vitest';
import { admit, allocateServiceAddresses, kubernetesServiceIP, type ServiceAllocations } from '../../../src/api/admission/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { createCtx, deepFreeze } from './helpers.js';

/** A scripted rng: returns the queued values (mod n). */
const rng = (...vals: number[]) => ({ int: (n: number) => (vals.shift() ?? 0) % n });
const alloc = (over: Partial<ServiceAllocations> = {}): ServiceAllocations => ({
  usedIPs: new Set(['10.96.0.1']),
  usedNodePorts: new Set(),
  rng: rng(0, 0, 0, 0),
  serviceCIDR: '10.96.0.0/12',
  nodePortRange: '30000-32767',
  ...over,
});
const svc = (spec: Record<string, unknown>): KubeObject => admit({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec } as KubeObject, createCtx());

describe('Service address allocation', () => {
  it('the kubernetes service address', () => {
    expect(kubernetesServiceIP('10.96.0.0/12')).toBe('10.96.0.1');
  });

  it('dynamic ClusterIPs come from above the 256-address offset', () => {
    const s = allocateServiceAddresses(deepFreeze(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] })), alloc({ rng: rng(0) }));
    expect(s.spec).toMatchObject({ clusterIP: '10.96.1.1', clusterIPs: ['10.96.1.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    const t = allocateServiceAddresses(svc({ ports: [{ port: 80 }] }), alloc({ rng: rng(5), usedIPs: new Set(['10.96.1.6']) }));
    expect(t.spec.clusterIP).toBe('10.96.1.7');
  });

  it('a requested ClusterIP that is taken', () => {
    expect(() => allocateServiceAddresses(svc({ clusterIP: '10.96.0.1', ports: [{ port: 80 }] }), alloc())).toThrow(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
  });

  it('headless services', () => {
    expect(allocateServiceAddresses(svc({ clusterIP: 'None', selector: { app: 'db' } }), alloc()).spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack' });
    expect(allocateServiceAddresses(svc({ clusterIP: 'None' }), alloc()).spec.ipFamilyPolicy).toBe('RequireDualStack');
  });

  it('NodePorts: requested ones are kept, others allocated above the offset (86 of 2768)', () => {
    const s = allocateServiceAddresses(
      svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30123 }, { name: 'b', port: 443 }] }),
      alloc({ rng: rng(0, 0) }),
    );
    expect(s.spec.ports.map((p: { nodePort: number }) => p.nodePort)).toEqual([30123, 30086]);
    expect(() => allocateServiceAddresses(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30123 }] }), alloc({ usedNodePorts: new Set([30123]) }))).toThrow(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30123: provided port is already allocated',
    );
  });

  it('ExternalName services get no addresses', () => {
    const s = allocateServiceAddresses(svc({ type: 'ExternalName', externalName: 'db.example.com' }), alloc());
    expect(s.spec.clusterIP).toBeUndefined();
    expect(s.spec.ipFamilies).toBeUndefined();
  });
});
