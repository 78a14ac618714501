import type { KubeObject } from '../store/types.js';

/** pkg/api/v1/pod/util.go IsPodReady: condition Ready is True. */
export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c.status === 'True');
}

/**
 * staging/src/k8s.io/endpointslice/util ShouldPodBeInEndpoints: not terminal, has an IP, and not
 * terminating unless `includeTerminating` (publishNotReadyAddresses for Endpoints; always for slices).
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length > 0)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** pkg/controller/util/endpoint ShouldSetHostname: hostname set and subdomain == service name, same namespace. */
export function shouldSetHostname(pod: KubeObject, svc: KubeObject): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/**
 * pkg/api/v1/pod/util.go FindPort: an int targetPort as is; a named one is looked up among the
 * containers' ports (then sidecar init containers) with the same name and protocol.
 * Returns undefined for "no suitable port for manifest".
 */
export function findPort(pod: KubeObject, svcPort: Record<string, any>): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  const protocol = svcPort.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^[0-9]+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid: string };
}
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

const portKey = (p: EndpointPort): string => `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol}\u0000${p.appProtocol ?? ''}`;
const addrKey = (a: EndpointAddress): string => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
/** addrsByIPAndUID (pkg/api/v1/endpoints/util.go). */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return cmpAddr(a, b);
}
function cmpAddr(a: EndpointAddress, b: EndpointAddress): number {
  return cmpStr(a.ip, b.ip) || cmpStr(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}
function cmpPort(a: EndpointPort, b: EndpointPort): number {
  return cmpStr(a.name ?? '', b.name ?? '') || a.port - b.port || cmpStr(a.protocol, b.protocol);
}

/**
 * pkg/api/v1/endpoints/util.go RepackSubsets: map each port to the set of (address, ready) that
 * offer it ("not ready always trumps ready"), group ports whose address sets are equal into one
 * subset, then sort. Upstream orders ports and subsets by an md5 of a spew dump (an arbitrary
 * but stable order); this model orders ports by (name, port, protocol) and subsets by their
 * first address, then first port — equally stable, not byte-identical to upstream's order.
 */
export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const all = new Map<string, EndpointAddress>();
  const portToAddrs = new Map<string, { port: EndpointPort | undefined; addrs: Map<string, boolean> }>();
  const mapAddr = (a: EndpointAddress, port: EndpointPort | undefined, ready: boolean): void => {
    const k = addrKey(a);
    if (!all.has(k)) all.set(k, a);
    const pk = port ? portKey(port) : '\u0001sentinel';
    let entry = portToAddrs.get(pk);
    if (!entry) portToAddrs.set(pk, (entry = { port, addrs: new Map() }));
    const was = entry.addrs.get(k);
    if (was === undefined || was) entry.addrs.set(k, ready);
  };
  for (const s of subsets) {
    const ports: Array<EndpointPort | undefined> = s.ports?.length ? s.ports : [undefined];
    for (const p of ports) {
      for (const a of s.addresses ?? []) mapAddr(a, p, true);
      for (const a of s.notReadyAddresses ?? []) mapAddr(a, p, false);
    }
  }
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of portToAddrs.values()) {
    const key = [...addrs].map(([k, r]) => `${k}\u0000${r}`).sort().join('\u0002');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addrs, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.addrs) (r ? ready : notReady).push(all.get(k)!);
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready.sort(cmpAddr);
    if (notReady.length) s.notReadyAddresses = notReady.sort(cmpAddr);
    if (g.ports.length) s.ports = g.ports.sort(cmpPort);
    out.push(s);
  }
  const first = (s: EndpointSubset): EndpointAddress | undefined => s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return out.sort((a, b) => {
    const fa = first(a);
    const fb = first(b);
    return (fa && fb ? cmpAddr(fa, fb) : 0) || (a.ports?.[0] && b.ports?.[0] ? cmpPort(a.ports[0], b.ports[0]) : 0);
  });
}

/** Ready condition's lastTransitionTime (endpointutil getPodTriggerTime), or undefined. */
export function podTriggerTime(pod: KubeObject): string | undefined {
  const c = (pod.status?.conditions ?? []).find((x: any) => x?.type === 'Ready');
  return c?.lastTransitionTime || undefined;
}

/** The Service's label selector as a predicate (a map selector: every key equal). */
export function serviceSelects(svc: KubeObject, pod: KubeObject): boolean {
  const sel: Record<string, string> = svc.spec?.selector ?? {};
  const labels: Record<string, string> = pod.metadata.labels ?? {};
  for (const k of Object.keys(sel)) if (labels[k] !== sel[k]) return false;
  return true;
}
