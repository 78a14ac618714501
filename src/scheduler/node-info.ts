import type { KubeObject } from '../store/types.js';
import { nodeAllocatable, type Allocatable } from './resources.js';
import type { HostPort, PodInfo } from './pod-info.js';
import type { Taint } from './toleration.js';
import { HAS_HOSTNAME, PLAIN, PREFER_NO_SCHEDULE, type NodeColumns } from './node-columns.js';

/**
 * framework.NodeInfo: a node and the aggregate of the pods the scheduler cache holds on it
 * (assigned, not Succeeded/Failed; terminating pods still count). Kept incrementally from
 * watch events, so a scheduling cycle never walks the pods of a node to add up requests.
 */
export class NodeInfo {
  node!: KubeObject;
  readonly name: string;
  labels!: Readonly<Record<string, string>>;
  taints!: readonly Taint[];
  unschedulable!: boolean;
  allocatable!: Allocatable;
  /** labels['kubernetes.io/hostname'] and labels['topology.kubernetes.io/zone'], read per node by spreading. */
  hostnameLabel: string | undefined;
  zoneLabel: string | undefined;
  /** Not cordoned and without taints: the taint and cordon filters pass for every pod. */
  plain = true;
  /** Has PreferNoSchedule taints (TaintToleration score). */
  preferNoSchedule = false;
  /** allocatable's numbers, flattened for the hot paths. */
  allocCPU = 0;
  allocMemory = 0;
  allocEphemeral = 0;
  allocPods = 0;
  /** Sum of the pods' requests (Requested). */
  reqCPU = 0;
  reqMemory = 0;
  reqEphemeral = 0;
  reqScalar: Record<string, number> | undefined;
  /** NonZeroRequested (scoring). */
  nzCPU = 0;
  nzMemory = 0;
  /** pods.size, kept as a plain field (the filter loop reads it for every node). */
  podCount = 0;
  /** Pods by uid, in insertion order. */
  readonly pods = new Map<string, PodInfo>();
  /** Pods with any (anti-)affinity (PodsWithAffinity) and with required anti-affinity. */
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** HostPortInfo: `ip|proto|port` and `proto|port` (any ip) use counts. */
  private readonly ports = new Map<string, number>();
  private readonly anyIpPorts = new Map<string, number>();
  /** Bumped on every change (cache-friendly memo keys). */
  generation = 0;
  /**
   * The cache's index of this NodeInfo (-1 outside a cache): per-node arrays (selector counts)
   * are indexed by it in the scoring loops instead of Maps keyed by node name.
   */
  slot = -1;
  /** The cache's interned id of labels['topology.kubernetes.io/zone'] (-1: no label or outside a cache). */
  zoneId = -1;
  /** The cache's columns this NodeInfo writes its numbers to (at `slot`); undefined outside a cache and for clones. */
  cols: NodeColumns | undefined = undefined;

  constructor(node: KubeObject, allocatable?: Allocatable) {
    this.name = node.metadata.name!;
    this.assign(node, allocatable ?? nodeAllocatable(node));
  }

  setNode(node: KubeObject): void {
    // Heartbeats keep status.allocatable's object: no need to parse it again.
    const same = node.status?.allocatable !== undefined && node.status.allocatable === this.node.status?.allocatable;
    this.assign(node, same ? this.allocatable : nodeAllocatable(node));
    this.generation++;
  }

  /** The fields derived from the Node object (shared by construction and updates). */
  private assign(node: KubeObject, allocatable: Allocatable): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = allocatable;
    this.hostnameLabel = this.labels['kubernetes.io/hostname'];
    this.zoneLabel = this.labels['topology.kubernetes.io/zone'];
    this.plain = !this.unschedulable && this.taints.length === 0;
    this.preferNoSchedule = this.taints.some((t) => t.effect === 'PreferNoSchedule');
    this.allocCPU = this.allocatable.milliCPU;
    this.allocMemory = this.allocatable.memory;
    this.allocEphemeral = this.allocatable.ephemeralStorage;
    this.allocPods = this.allocatable.pods;
    if (this.cols !== undefined) this.flush();
  }

  /** Attach to the cache's columns at `slot` and write every field there. */
  attach(cols: NodeColumns, slot: number): void {
    this.slot = slot;
    this.cols = cols;
    cols.ensure(slot);
    this.flush();
  }

  /** Write the numbers the hot loops read to the columns. */
  flush(): void {
    const c = this.cols!;
    const i = this.slot;
    c.allocCPU[i] = this.allocCPU;
    c.allocMemory[i] = this.allocMemory;
    c.allocEphemeral[i] = this.allocEphemeral;
    c.allocPods[i] = this.allocPods;
    c.reqCPU[i] = this.reqCPU;
    c.reqMemory[i] = this.reqMemory;
    c.reqEphemeral[i] = this.reqEphemeral;
    c.nzCPU[i] = this.nzCPU;
    c.nzMemory[i] = this.nzMemory;
    c.podCount[i] = this.podCount;
    c.flags[i] = (this.plain ? PLAIN : 0) | (this.hostnameLabel !== undefined ? HAS_HOSTNAME : 0) | (this.preferNoSchedule ? PREFER_NO_SCHEDULE : 0);
    c.zoneId[i] = this.zoneId;
    c.fitKeyCPU[i] = NaN;
    c.balKeyCPU[i] = NaN;
  }


  addPod(pi: PodInfo): void {
    if (!this.pods.has(pi.uid)) this.podCount++;
    else this.account(this.pods.get(pi.uid)!, -1);
    this.pods.set(pi.uid, pi);
    this.account(pi, 1);
    if (this.cols !== undefined) this.flush();
  }

  /**
   * A new PodInfo for the same pod with the same requests, ports and terms (a status update):
   * what removePod + addPod do, without the accounting that cancels out.
   */
  replacePod(old: PodInfo, pi: PodInfo): void {
    this.pods.delete(old.uid);
    this.pods.set(pi.uid, pi);
    if (this.podsWithAffinity.delete(old)) this.podsWithAffinity.add(pi);
    if (this.podsWithRequiredAntiAffinity.delete(old)) this.podsWithRequiredAntiAffinity.add(pi);
    this.generation += 2;
  }

  removePod(pi: PodInfo): boolean {
    const had = this.pods.get(pi.uid);
    if (!had) return false;
    this.pods.delete(pi.uid);
    this.podCount--;
    this.account(had, -1);
    if (this.cols !== undefined) this.flush();
    return true;
  }

  private account(pi: PodInfo, sign: 1 | -1): void {
    const r = pi.res;
    this.reqCPU += sign * r.milliCPU;
    this.reqMemory += sign * r.memory;
    this.reqEphemeral += sign * r.ephemeralStorage;
    if (r.scalar) {
      const s = (this.reqScalar ??= {});
      for (const k in r.scalar) s[k] = (s[k] ?? 0) + sign * r.scalar[k]!;
    }
    this.nzCPU += sign * r.nonZeroCPU;
    this.nzMemory += sign * r.nonZeroMemory;
    const hasAffinity =
      pi.requiredAffinityTerms.length + pi.requiredAntiAffinityTerms.length + pi.preferredAffinityTerms.length + pi.preferredAntiAffinityTerms.length > 0;
    if (sign > 0) {
      if (hasAffinity) this.podsWithAffinity.add(pi);
      if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.add(pi);
    } else {
      this.podsWithAffinity.delete(pi);
      this.podsWithRequiredAntiAffinity.delete(pi);
    }
    if (pi.hostPorts) for (const p of pi.hostPorts) this.usePort(p, sign);
    this.generation++;
  }

  private usePort(p: HostPort, sign: number): void {
    const k = `${p.ip}|${p.protocol}|${p.port}`;
    const a = `${p.protocol}|${p.port}`;
    const n = (this.ports.get(k) ?? 0) + sign;
    if (n <= 0) this.ports.delete(k);
    else this.ports.set(k, n);
    const m = (this.anyIpPorts.get(a) ?? 0) + sign;
    if (m <= 0) this.anyIpPorts.delete(a);
    else this.anyIpPorts.set(a, m);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any ip on the same protocol/port. */
  portConflict(p: HostPort): boolean {
    if (p.port <= 0) return false;
    if (p.ip === '0.0.0.0') return this.anyIpPorts.has(`${p.protocol}|${p.port}`);
    return this.ports.has(`0.0.0.0|${p.protocol}|${p.port}`) || this.ports.has(`${p.ip}|${p.protocol}|${p.port}`);
  }

  /** A copy with the same pods (preemption dry runs mutate the copy). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node, this.allocatable);
    c.slot = this.slot;
    c.zoneId = this.zoneId;
    for (const pi of this.pods.values()) c.addPod(pi);
    return c;
  }
}

/** A node label, with the two keys spreading reads for every node kept in fields. */
export function nodeLabel(ni: NodeInfo, key: string): string | undefined {
  if (key === 'kubernetes.io/hostname') return ni.hostnameLabel;
  if (key === 'topology.kubernetes.io/zone') return ni.zoneLabel;
  return ni.labels[key];
}

/** utilnode.GetZoneKey: region + ":\x00:" + zone, "" when the node has neither label. */
export function zoneKey(labels: Readonly<Record<string, string>>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}
