import type { KubeObject } from '../../store/types.js';

type Obj = Record<string, any>;

const needsClusterIP = (s: Obj): boolean => (s.type ?? 'ClusterIP') !== 'ExternalName';
const needsNodePort = (s: Obj): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * pkg/registry/core/service/strategy.go dropTypeDependentFields: on a Service update that
 * switches to a type which does not use a field, and the user left that field as it was, the
 * API server clears it (e.g. applying an ExternalName Service over a ClusterIP one drops the
 * allocated cluster IP instead of rejecting the update).
 */
export function dropTypeDependentFields(next: KubeObject, old: KubeObject): KubeObject {
  const ns: Obj = next.spec ?? {};
  const os: Obj = old.spec ?? {};
  let spec: Obj | undefined;
  const edit = (): Obj => (spec ??= { ...ns });
  if (needsClusterIP(os) && !needsClusterIP(ns)) {
    if (same(ns.clusterIP, os.clusterIP) && same(ns.clusterIPs, os.clusterIPs)) {
      delete edit().clusterIP;
      delete edit().clusterIPs;
    }
    if (same(ns.ipFamilies, os.ipFamilies)) delete edit().ipFamilies;
    if (same(ns.ipFamilyPolicy, os.ipFamilyPolicy)) delete edit().ipFamilyPolicy;
    if (same(ns.internalTrafficPolicy, os.internalTrafficPolicy)) delete edit().internalTrafficPolicy;
  }
  if (needsNodePort(os) && !needsNodePort(ns) && Array.isArray(ns.ports) && Array.isArray(os.ports)) {
    const oldPorts = new Map(os.ports.map((p: Obj) => [`${p.name ?? ''}/${p.port}`, p.nodePort]));
    if (ns.ports.every((p: Obj) => p.nodePort === undefined || oldPorts.get(`${p.name ?? ''}/${p.port}`) === p.nodePort)) {
      edit().ports = ns.ports.map((p: Obj) => {
        const { nodePort: _drop, ...rest } = p;
        return rest;
      });
    }
    if (same(ns.externalTrafficPolicy, os.externalTrafficPolicy)) delete edit().externalTrafficPolicy;
  }
  return spec ? { ...next, spec } : next;
}
