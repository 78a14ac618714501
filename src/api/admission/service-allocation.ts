/**
 * Service address allocation, as the service REST storage does it on create
 * (pkg/registry/core/service/storage/alloc.go, ipallocator and portallocator with
 * bitmap randomScanStrategyWithOffset): ClusterIPs from the service CIDR (the first address is
 * the `kubernetes` service's), NodePorts from the node port range; dynamic picks prefer the upper
 * part of the range (above an offset of min(max(16, size/step), max)), so static picks in the
 * lower part rarely collide. Pure: the caller passes the addresses in use and a seeded rng.
 */
import { ApiError, type ApiReason, type KubeObject } from '../../store/types.js';
import { fieldErr, type FieldError } from './field-error.js';
import { invalidError } from './invalid-error.js';

export interface AllocatorRng {
  int(n: number): number;
}

export interface ServiceAllocations {
  /** ClusterIPs in use (strings). */
  usedIPs: ReadonlySet<string>;
  /** NodePorts in use ("TCP/30080" style keys are not needed: ports are shared across protocols). */
  usedNodePorts: ReadonlySet<number>;
  rng: AllocatorRng;
  /** e.g. "10.96.0.0/12" */
  serviceCIDR: string;
  /** e.g. "30000-32767" */
  nodePortRange: string;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}
function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** calculateRangeOffset: min(max(min, size/step), max), 0 for tiny ranges. */
function rangeOffset(size: number, min: number, max: number, step: number): number {
  if (size <= min) return 0;
  return Math.min(Math.max(Math.floor(size / step), min), max);
}

/** randomScanStrategyWithOffset.AllocateBit. */
function allocateBit(taken: (i: number) => boolean, max: number, offset: number, rng: AllocatorRng): number | undefined {
  const sub = max - offset;
  let start = rng.int(sub);
  for (let i = 0; i < sub; i++) {
    const at = offset + ((start + i) % sub);
    if (!taken(at)) return at;
  }
  if (offset === 0) return undefined;
  start = rng.int(offset);
  for (let i = 0; i < offset; i++) {
    const at = (start + i) % offset;
    if (!taken(at)) return at;
  }
  return undefined;
}

/** IPv4 CIDR -> [first usable, count] (network and broadcast addresses excluded). */
function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const base = ipToInt(ip!) - (ipToInt(ip!) % size);
  return [base + 1, Math.max(size - 2, 0)];
}

/** The `kubernetes` service's address: the first usable address of the CIDR (10.96.0.1). */
export function kubernetesServiceIP(cidr: string): string {
  return intToIp(cidrRange(cidr)[0]);
}

/**
 * Fill spec.clusterIP(s), ipFamilies, ipFamilyPolicy and nodePorts of a Service being created.
 * Throws 422 Invalid with the allocators' messages for a requested address that is taken or out
 * of range (pkg/registry/core/service/storage/alloc.go wraps them as `failed to allocate IP ...`).
 */
export function allocateServiceAddresses(svc: KubeObject, a: ServiceAllocations): KubeObject {
  const spec: Record<string, any> = { ...(svc.spec ?? {}) };
  const errs: FieldError[] = [];
  if (spec.type !== 'ExternalName') {
    const [first, count] = cidrRange(a.serviceCIDR);
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (spec.clusterIP) {
      const n = ipToInt(spec.clusterIP);
      if (n < first || n >= first + count) {
        errs.push(fieldErr.invalid(['spec', 'clusterIPs'], { go: `[]string{"${spec.clusterIP}"}` }, `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${a.serviceCIDR}`));
      } else if (a.usedIPs.has(spec.clusterIP)) {
        errs.push(fieldErr.invalid(['spec', 'clusterIPs'], { go: `[]string{"${spec.clusterIP}"}` }, `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`));
      }
      spec.clusterIPs = [spec.clusterIP];
    } else {
      const offset = rangeOffset(count, 16, 256, 16);
      const bit = allocateBit((i) => a.usedIPs.has(intToIp(first + i)), count, offset, a.rng);
      // 500 InternalError upstream; ApiReason has no such member, so the reason is cast.
      if (bit === undefined) throw new ApiError(500, 'InternalError' as ApiReason, 'Internal error occurred: failed to allocate a serviceIP: range is full');
      spec.clusterIP = intToIp(first + bit);
      spec.clusterIPs = [spec.clusterIP];
    }
    const headlessNoSelector = spec.clusterIP === 'None' && (!spec.selector || Object.keys(spec.selector).length === 0);
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && Array.isArray(spec.ports)) {
    const [lo, hi] = a.nodePortRange.split('-').map(Number) as [number, number];
    const size = hi - lo + 1;
    const used = new Set<number>(a.usedNodePorts);
    const offset = rangeOffset(size, 16, 128, 32);
    // Requested ports are claimed first, then the others are allocated.
    spec.ports.forEach((p: Record<string, any>, i: number) => {
      if (!p?.nodePort) return;
      if (used.has(p.nodePort)) errs.push(fieldErr.invalid(['spec', 'ports', i, 'nodePort'], p.nodePort, 'provided port is already allocated'));
      used.add(p.nodePort);
    });
    spec.ports = spec.ports.map((p: Record<string, any>) => {
      if (!p || p.nodePort || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false)) return p;
      const bit = allocateBit((i) => used.has(lo + i), size, offset, a.rng);
      if (bit === undefined) return p;
      used.add(lo + bit);
      return { ...p, nodePort: lo + bit };
    });
  }
  if (errs.length) throw invalidError('Service', String(svc.metadata?.name ?? ''), errs);
  return { ...svc, spec };
}
