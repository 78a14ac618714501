import type { KubeObject } from '../store/types.js';
import type { Selector } from '../api/selector.js';
import { NodeInfo, zoneKey } from './node-info.js';
import { newPodInfo, type PodInfo } from './pod-info.js';

/** Per-node counts of the non-terminating pods of one namespace that one selector matches. */
export interface SelectorCounts {
  readonly namespace: string;
  readonly selector: Selector;
  readonly perNode: Map<string, number>;
}

/**
 * The scheduler's cache (pkg/scheduler/internal/cache) and node tree: NodeInfos updated
 * incrementally from watch events. Pods count while assigned and not Succeeded/Failed (the
 * scheduler's pod informer uses `status.phase!=Succeeded,status.phase!=Failed`).
 *
 * Node order is the node tree's (internal/cache/node_tree.go): zones in order of first
 * appearance, nodes of a zone in order of addition, interleaved zone by zone.
 *
 * Selector counts replace countPodsMatchSelector walks (PodTopologySpread) with an index kept
 * from the same events: each tracked selector is bucketed by one `key=value` it requires, so a
 * pod event only tests the selectors that can match it.
 */
export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  private readonly zones = new Map<string, string[]>();
  private listCache: NodeInfo[] | undefined;
  /** uid -> (node, PodInfo) for pods in the cache. */
  private readonly podNode = new Map<string, { node: string; info: PodInfo }>();
  /** Pods whose node is not (or no longer) known: kept so they count when it comes back. */
  private readonly orphans = new Map<string, NodeInfo>();
  private readonly selectorCounts = new Map<string, SelectorCounts>();
  private readonly selectorBuckets = new Map<string, SelectorCounts[]>();
  private readonly countsMemo = new WeakMap<Selector, SelectorCounts>();
  /** Namespace labels (namespaceSelector of affinity terms). */
  readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  /** Every cached pod with required anti-affinity (existing pods' anti-affinity). */
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  readonly podsWithAffinity = new Set<PodInfo>();

  /** Nodes in node-tree order. */
  list(): NodeInfo[] {
    if (this.listCache) return this.listCache;
    const zs = [...this.zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; ; i++) {
      let any = false;
      for (const z of zs) {
        if (i < z.length) {
          out.push(this.nodes.get(z[i]!)!);
          any = true;
        }
      }
      if (!any) break;
    }
    this.listCache = out;
    return out;
  }

  get numNodes(): number {
    return this.nodes.size;
  }

  setNode(node: KubeObject): NodeInfo {
    const name = node.metadata.name!;
    let ni = this.nodes.get(name);
    if (ni) {
      const oldZone = zoneKey(ni.labels);
      ni.setNode(node);
      const newZone = zoneKey(ni.labels);
      if (oldZone !== newZone) {
        this.removeFromZone(oldZone, name);
        this.addToZone(newZone, name);
      }
      return ni;
    }
    const orphan = this.orphans.get(name);
    ni = orphan ?? new NodeInfo(node);
    this.orphans.delete(name);
    if (orphan) ni.setNode(node);
    this.nodes.set(name, ni);
    this.addToZone(zoneKey(ni.labels), name);
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.nodes.delete(name);
    this.removeFromZone(zoneKey(ni.labels), name);
    if (ni.podCount > 0) this.orphans.set(name, ni);
  }

  private addToZone(z: string, name: string): void {
    let arr = this.zones.get(z);
    if (!arr) this.zones.set(z, (arr = []));
    arr.push(name);
    this.listCache = undefined;
  }

  private removeFromZone(z: string, name: string): void {
    const arr = this.zones.get(z);
    if (!arr) return;
    const i = arr.indexOf(name);
    if (i >= 0) arr.splice(i, 1);
    if (arr.length === 0) this.zones.delete(z);
    this.listCache = undefined;
  }

  /** Whether a pod object belongs in the cache (assigned, not terminal). */
  static cached(pod: KubeObject): boolean {
    const phase = pod.status?.phase;
    return !!pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed';
  }

  /** Cached PodInfo of a pod uid. */
  podInfo(uid: string): PodInfo | undefined {
    return this.podNode.get(uid)?.info;
  }

  /** Add, update or remove a pod after a watch event (pass undefined for a deletion). */
  updatePod(uid: string, pod: KubeObject | undefined): PodInfo | undefined {
    const prev = this.podNode.get(uid);
    if (prev) {
      if (pod && SchedulerCache.cached(pod) && prev.info.pod === pod) return prev.info;
      this.nodeOrOrphan(prev.node).removePod(prev.info);
      this.unindex(prev.info);
      this.podNode.delete(uid);
      if (prev.info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.delete(prev.info);
      this.podsWithAffinity.delete(prev.info);
    }
    if (!pod || !SchedulerCache.cached(pod)) return undefined;
    // A status-only change keeps the spec object: reuse the parsed requests and terms.
    const info: PodInfo =
      prev && prev.info.pod.spec === pod.spec
        ? { ...prev.info, pod, labels: pod.metadata.labels ?? {}, terminating: pod.metadata.deletionTimestamp != null }
        : newPodInfo(pod);
    const node = pod.spec.nodeName as string;
    this.nodeOrOrphan(node).addPod(info);
    this.podNode.set(uid, { node, info });
    this.index(info);
    if (info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.add(info);
    if (info.requiredAffinityTerms.length + info.requiredAntiAffinityTerms.length + info.preferredAffinityTerms.length + info.preferredAntiAffinityTerms.length > 0) {
      this.podsWithAffinity.add(info);
    }
    return info;
  }

  /** The node a cached pod is on. */
  nodeOf(uid: string): string | undefined {
    return this.podNode.get(uid)?.node;
  }

  private nodeOrOrphan(name: string): NodeInfo {
    const ni = this.nodes.get(name);
    if (ni) return ni;
    let o = this.orphans.get(name);
    if (!o) {
      o = new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
      this.orphans.set(name, o);
    }
    return o;
  }

  /** All cached pods (every node, including orphans), in no particular order of meaning. */
  *allPods(): Iterable<{ node: string; info: PodInfo }> {
    yield* this.podNode.values();
  }

  // ---- selector counts (countPodsMatchSelector without the walk) ----

  /** Counts of non-terminating pods in `namespace` matching `selector`, per node; tracked from now on. */
  counts(namespace: string, selector: Selector): SelectorCounts {
    const memo = this.countsMemo.get(selector);
    if (memo && memo.namespace === namespace) return memo;
    const key = `${namespace}\u0000${selector.toString()}`;
    let sc = this.selectorCounts.get(key);
    if (sc) {
      this.countsMemo.set(selector, sc);
      return sc;
    }
    sc = { namespace, selector, perNode: new Map() };
    this.selectorCounts.set(key, sc);
    const bucket = `${namespace}\u0000${bucketOf(selector) ?? ''}`;
    let arr = this.selectorBuckets.get(bucket);
    if (!arr) this.selectorBuckets.set(bucket, (arr = []));
    arr.push(sc);
    for (const { node, info } of this.podNode.values()) {
      if (!info.terminating && info.namespace === namespace && selector.matches(info.labels)) {
        sc.perNode.set(node, (sc.perNode.get(node) ?? 0) + 1);
      }
    }
    this.countsMemo.set(selector, sc);
    return sc;
  }

  private index(info: PodInfo): void {
    this.touch(info, 1);
  }

  private unindex(info: PodInfo): void {
    this.touch(info, -1);
  }

  private touch(info: PodInfo, sign: number): void {
    if (info.terminating || this.selectorCounts.size === 0) return;
    const node = info.pod.spec.nodeName as string;
    const visit = (arr: SelectorCounts[] | undefined): void => {
      if (!arr) return;
      for (const sc of arr) {
        if (sc.selector.matches(info.labels)) sc.perNode.set(node, (sc.perNode.get(node) ?? 0) + sign);
      }
    };
    const ns = info.namespace;
    for (const k in info.labels) visit(this.selectorBuckets.get(`${ns}\u0000${k}=${info.labels[k]}`));
    visit(this.selectorBuckets.get(`${ns}\u0000`));
  }
}

/** The `key=value` a selector requires, used to bucket it (undefined: test against every pod). */
function bucketOf(selector: Selector): string | undefined {
  for (const r of selector.requirements()) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return `${r.key}=${r.values[0]}`;
  }
  return undefined;
}
