import type { ClusterContext, Component } from '../cluster/context.js';
import type { Rng } from '../engine/rng.js';
import type { AdmissionPlugin } from '../store/store.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import { allocateServiceAddresses, kubernetesServiceIP } from '../api/admission/index.js';

/**
 * The address of the API server behind the `kubernetes` Service (what a kind cluster's
 * control-plane node shows: `kubectl get ep kubernetes` → 172.18.0.2:6443). The model has no
 * control-plane node, so it is a fixed value.
 */
export const API_SERVER_ADDRESS = '172.18.0.2';
const API_SERVER_PORT = 6443;

function needsClusterIP(svc: KubeObject): boolean {
  return svc.spec?.type !== 'ExternalName';
}
function needsNodePort(svc: KubeObject): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

/** The ClusterIPs and NodePorts held by every Service except `self` (by uid). Deleted Services release theirs. */
function inUse(store: StoreApi, selfUid: string | undefined): { usedIPs: Set<string>; usedNodePorts: Set<number> } {
  const usedIPs = new Set<string>();
  const usedNodePorts = new Set<number>();
  for (const s of store.list('Service', { namespace: '' })) {
    if (selfUid && s.metadata.uid === selfUid) continue;
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) if (ip && ip !== 'None') usedIPs.add(ip);
    for (const p of s.spec?.ports ?? []) if (p?.nodePort) usedNodePorts.add(p.nodePort);
  }
  return { usedIPs, usedNodePorts };
}

/**
 * On update, values the user left out are taken from the old object, as
 * pkg/registry/core/service/storage/storage.go patchAllocatedValues does (clusterIP(s) when both
 * need one; nodePorts by port name when both need node ports, unless used by another port).
 */
function patchAllocatedValues(svc: KubeObject, old: KubeObject): KubeObject {
  const spec: Record<string, any> = { ...(svc.spec ?? {}) };
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if ((!spec.clusterIPs || spec.clusterIPs.length === 0) && old.spec?.clusterIPs?.length) spec.clusterIPs = old.spec.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc) && Array.isArray(spec.ports)) {
    const ports = (s: KubeObject): Set<number> => new Set<number>((s.spec?.ports ?? []).map((p: any) => p?.nodePort).filter((n: unknown) => !!n));
    const newPorts = ports({ ...svc, spec });
    const used = new Set([...ports(old)].filter((n) => newPorts.has(n)));
    const byName = new Map<string, number>();
    for (const p of old.spec?.ports ?? []) byName.set(p?.name ?? '', p?.nodePort ?? 0);
    spec.ports = spec.ports.map((p: any) => {
      if (!p || p.nodePort) return p;
      const v = byName.get(p.name ?? '') ?? 0;
      return v && !used.has(v) ? { ...p, nodePort: v } : p;
    });
  }
  return { ...svc, spec };
}

/**
 * Service ClusterIP / NodePort allocation (the service REST storage's allocators,
 * pkg/registry/core/service/storage/alloc.go) as an admission plugin: on create every needed
 * address is allocated on the seeded stream `service-ip` (explicit ones are claimed, conflicts
 * are 422 Invalid with upstream's messages); on update, kept values are patched in and newly
 * needed ones (type change) allocated. An address is released when its Service is gone from
 * the store (a terminating Service still holds it, like upstream's release after deletion).
 */
export function serviceAllocatorPlugin(rng: Rng, serviceCIDR: string, nodePortRange: string): AdmissionPlugin {
  return {
    name: 'ServiceAllocator',
    kinds: ['Service'],
    admit(obj, { operation, old, store }) {
      let svc = obj;
      if (operation === 'UPDATE' && old) {
        svc = patchAllocatedValues(svc, old);
        const spec = svc.spec ?? {};
        const needIP = needsClusterIP(svc) && !spec.clusterIP;
        const needPort = needsNodePort(svc) && (spec.ports ?? []).some((p: any) => p && !p.nodePort) && !(spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false);
        // Conflicts on update are checked only for values that changed (ports the Service already holds are its own).
        const newlyRequested = needsNodePort(svc) && (spec.ports ?? []).some((p: any) => p?.nodePort && !(old.spec?.ports ?? []).some((o: any) => o?.nodePort === p.nodePort));
        if (!needIP && !needPort && !newlyRequested) return svc;
        const used = inUse(store, old.metadata.uid);
        // The Service's own clusterIP is kept as an explicit request.
        return allocateServiceAddresses(svc, { ...used, rng, serviceCIDR, nodePortRange });
      }
      return allocateServiceAddresses(svc, { ...inUse(store, undefined), rng, serviceCIDR, nodePortRange });
    },
  };
}

/** The `kubernetes` Service in `default`, as the API server's bootstrap controller creates it. */
export function kubernetesService(serviceCIDR: string): KubeObject {
  const ip = kubernetesServiceIP(serviceCIDR);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: API_SERVER_PORT }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
}

/**
 * The allocator component: registers the admission plugin and, like a real cluster's API server
 * (pkg/controlplane/controller/kubernetesservice, reconcilers/endpointsreconciler.go), creates the
 * `kubernetes` Service (first IP of the CIDR, 10.96.0.1) with its selector-less Endpoints and
 * EndpointSlice pointing at the API server (labelled skip-mirror so no mirroring applies).
 */
export class ServiceAllocator implements Component {
  readonly name = 'service-allocator';

  start(ctx: ClusterContext): void {
    const store = ctx.store as StoreApi & { addAdmissionPlugin?: (p: AdmissionPlugin) => void };
    store.addAdmissionPlugin?.(serviceAllocatorPlugin(ctx.engine.rng('service-ip'), ctx.settings.serviceCIDR, ctx.settings.nodePortRange));
    if (store.get('Service', 'default', 'kubernetes')) return;
    const opts = { actor: 'kube-apiserver', origin: 'system' as const };
    store.create(kubernetesService(ctx.settings.serviceCIDR), opts);
    store.create(
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [{ name: 'https', port: API_SERVER_PORT, protocol: 'TCP' }] }],
      },
      opts,
    );
    store.create(
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }],
        ports: [{ name: 'https', port: API_SERVER_PORT, protocol: 'TCP' }],
      },
      opts,
    );
  }
}
