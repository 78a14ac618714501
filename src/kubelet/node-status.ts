import { toMicroTimestamp, toTimestamp } from '../api/time.js';
import type { NodeSpec } from '../cluster/cluster.js';
import type { KubeObject } from '../store/types.js';

/** The kubelet version every simulated node reports (profile 1.30). */
export const KUBELET_VERSION = 'v1.30.0';

/** One concrete node (a NodeSpec with `count` expanded) and its index in cluster order. */
export interface NodeConfig {
  name: string;
  index: number;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

/** `cluster.nodes` with `count: n` expanded into `name-0 .. name-(n-1)`, in order. */
export function expandNodes(specs: readonly NodeSpec[]): NodeConfig[] {
  const out: NodeConfig[] = [];
  for (const s of specs) {
    const names = s.count === undefined ? [s.name] : Array.from({ length: s.count }, (_, i) => `${s.name}-${i}`);
    for (const name of names) {
      const capacity = { cpu: '2', memory: '4Gi', pods: '110', ...(s.capacity ?? {}) };
      out.push({
        name,
        index: out.length,
        capacity,
        allocatable: { ...capacity, ...(s.allocatable ?? {}) },
        labels: { ...(s.labels ?? {}) },
        taints: (s.taints ?? []).map((t) => ({ ...t })),
      });
    }
  }
  return out;
}

function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function parseIPv4(s: string): number {
  const p = s.split('.').map(Number);
  return (((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!) >>> 0;
}

/** InternalIP of the i-th node: 172.18.0.2, 172.18.0.3, ... (like kind's docker network). */
export function nodeInternalIP(index: number): string {
  return ipv4((parseIPv4('172.18.0.0') + 2 + index) >>> 0);
}

/**
 * podCIDR of the i-th node: the cluster CIDR split into /24s in registration order, as the
 * node-ipam controller's range allocator hands them out. A /16 holds 256 of them; later nodes
 * continue past the cluster CIDR (real clusters would fail allocation; noted as a simplification).
 */
export function podCIDRFor(index: number, clusterCIDR: string): string {
  const base = parseIPv4(clusterCIDR.split('/')[0]!);
  return `${ipv4((base + index * 256) >>> 0)}/24`;
}

/** The IP at `offset` inside a /24 pod CIDR. */
export function ipInCIDR(cidr: string, offset: number): string {
  return ipv4((parseIPv4(cidr.split('/')[0]!) + offset) >>> 0);
}

/** `a.b.c.` of a /24 CIDR, to which the kubelet appends the host part. */
export function cidrPrefix24(cidr: string): string {
  const ip = cidr.split('/')[0]!;
  return ip.slice(0, ip.lastIndexOf('.') + 1);
}

interface ConditionSpec {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** pkg/kubelet/nodestatus/setters.go: MemoryPressure, DiskPressure, PIDPressure, Ready (in this order). */
export function healthyNodeConditions(): ConditionSpec[] {
  return [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
}

/**
 * Node conditions as the kubelet posts them: lastHeartbeatTime = now; lastTransitionTime kept
 * from `old` when the status did not change (setters.go only bumps it on a transition).
 */
export function nodeConditions(specs: ConditionSpec[], old: any[] | undefined, now: number): any[] {
  const ts = toTimestamp(now);
  return specs.map((c) => {
    const prev = old?.find((o) => o.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : ts;
    return { type: c.type, status: c.status, lastHeartbeatTime: ts, lastTransitionTime, reason: c.reason, message: c.message };
  });
}

/** Deterministic hex of `len` chars from a string (FNV-1a rounds); for machine ids and image digests. */
export function hexId(seed: string, len: number): string {
  let out = '';
  let round = 0;
  while (out.length < len) {
    let h = 0x811c9dc5 ^ round++;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

/** The Node object the kubelet registers (kubelet_node_status.go initialNode + the status setters). */
export function buildNode(cfg: NodeConfig, clusterCIDR: string, now: number): KubeObject {
  const podCIDR = podCIDRFor(cfg.index, clusterCIDR);
  const spec: Record<string, unknown> = { podCIDR, podCIDRs: [podCIDR] };
  if (cfg.taints.length > 0) spec.taints = cfg.taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': cfg.name,
        'kubernetes.io/os': 'linux',
        ...cfg.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: nodeStatus(cfg, undefined, now),
  };
}

/** nodestatus/setters.go MemoryPressureCondition while the eviction manager reports memory pressure. */
export const MEMORY_PRESSURE_TRUE: ConditionSpec = {
  type: 'MemoryPressure',
  status: 'True',
  reason: 'KubeletHasInsufficientMemory',
  message: 'kubelet has insufficient memory available',
};

/** Node status as posted by the kubelet's status setters (`memoryPressure`: evictionManager.IsUnderMemoryPressure). */
export function nodeStatus(cfg: NodeConfig, old: any | undefined, now: number, memoryPressure = false): any {
  const machine = hexId(`machine/${cfg.name}`, 32);
  const specs = healthyNodeConditions();
  if (memoryPressure) specs[0] = MEMORY_PRESSURE_TRUE;
  return {
    capacity: { ...cfg.capacity },
    allocatable: { ...cfg.allocatable },
    conditions: nodeConditions(specs, old?.conditions, now),
    addresses: [
      { type: 'InternalIP', address: nodeInternalIP(cfg.index) },
      { type: 'Hostname', address: cfg.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: machine,
      systemUUID: `${machine.slice(0, 8)}-${machine.slice(8, 12)}-${machine.slice(12, 16)}-${machine.slice(16, 20)}-${machine.slice(20, 32)}`,
      bootID: old?.nodeInfo?.bootID ?? hexId(`boot/${cfg.name}/${now}`, 32),
      kernelVersion: '6.5.0-1018-generic',
      osImage: 'Ubuntu 22.04.4 LTS',
      containerRuntimeVersion: 'containerd://1.7.13',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The node's Lease in kube-node-lease (pkg/kubelet/nodelease, component-helpers/apimachinery/lease). */
export function buildLease(nodeName: string, nodeUid: string | undefined, now: number): KubeObject {
  const metadata: Record<string, unknown> = { name: nodeName, namespace: 'kube-node-lease' };
  if (nodeUid) metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: metadata as KubeObject['metadata'],
    spec: { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: toMicroTimestamp(now) },
  };
}
