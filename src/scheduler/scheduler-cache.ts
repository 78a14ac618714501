import type { KubeObject } from '../store/types.js';
import type { Selector } from '../api/selector.js';
import { NodeInfo, zoneKey } from './node-info.js';
import { newPodInfo, podInfoFor, type PodInfo } from './pod-info.js';
import { NodeColumns } from './node-columns.js';

/** Per-node counts of the non-terminating pods of one namespace that one selector matches. */
export interface SelectorCounts {
  readonly namespace: string;
  readonly selector: Selector;
  readonly perNode: Map<string, number>;
  /** The same counts by NodeInfo.slot (scoring loops read an array, not a Map by name); see slotCounts. */
  readonly bySlot: number[];
  /** Sums per zone label value ('' for no label) over the cache's nodes; valid while zoneEpoch is the cache's. */
  byZone: Map<string, number> | undefined;
  zoneEpoch: number;
}

const ZONE = 'topology.kubernetes.io/zone';

interface CachedPod {
  node: string;
  info: PodInfo;
  /** The NodeInfo holding it (the node's, or the orphan's for an unknown node: the same object while it has pods). */
  ni: NodeInfo;
}

function grow(arr: number[], n: number): void {
  while (arr.length < n) arr.push(0);
}

/**
 * Whether `pod` is `template.pod` bound to a node (store.bind copies the spec with nodeName):
 * every field newPodInfo reads is the same object, so the scheduling cycle's PodInfo can be reused.
 */
function sameButNodeName(template: PodInfo, pod: KubeObject): boolean {
  const a = template.pod;
  if (a.metadata.uid !== pod.metadata.uid || a.metadata.name !== pod.metadata.name || a.metadata.namespace !== pod.metadata.namespace) return false;
  if (a.metadata.labels !== pod.metadata.labels) return false;
  const x = a.spec ?? {};
  const y = pod.spec ?? {};
  return (
    x.containers === y.containers &&
    x.initContainers === y.initContainers &&
    x.overhead === y.overhead &&
    x.affinity === y.affinity &&
    x.tolerations === y.tolerations &&
    x.priority === y.priority
  );
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
  private slotsCache: Int32Array | undefined;
  /** The numbers of every NodeInfo of this cache, by slot (hot loops). */
  readonly cols = new NodeColumns();
  /** uid -> (node, PodInfo) for pods in the cache. */
  private readonly podNode = new Map<string, CachedPod>();
  /** Uids of the cached pods per namespace (a new selector's counts walk only its namespace). */
  private readonly nsPods = new Map<string, Set<string>>();
  /** NodeInfo.slot allocation (slots are never reused). */
  private nextSlot = 0;
  /** Interned zone label values (NodeInfo.zoneId). */
  private readonly zoneIds = new Map<string, number>();
  /** Bumped when the nodes or their zones change: SelectorCounts.byZone must be recomputed. */
  private zoneEpoch = 0;
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
      const oldLabels = ni.labels;
      const oldZoneLabel = ni.zoneLabel;
      ni.setNode(node);
      if (ni.labels !== oldLabels) {
        const oldZone = zoneKey(oldLabels);
        const newZone = zoneKey(ni.labels);
        if (oldZone !== newZone) {
          this.removeFromZone(oldZone, name);
          this.addToZone(newZone, name);
        }
      }
      if (ni.zoneLabel !== oldZoneLabel) this.setZoneId(ni);
      return ni;
    }
    const orphan = this.orphans.get(name);
    ni = orphan ?? this.newNodeInfo(node);
    this.orphans.delete(name);
    if (orphan) ni.setNode(node);
    this.setZoneId(ni);
    this.nodes.set(name, ni);
    this.addToZone(zoneKey(ni.labels), name);
    return ni;
  }

  private newNodeInfo(node: KubeObject): NodeInfo {
    const ni = new NodeInfo(node);
    ni.attach(this.cols, this.nextSlot++);
    return ni;
  }

  /** Nodes' slots in list() order. */
  listSlots(): Int32Array {
    if (this.slotsCache !== undefined) return this.slotsCache;
    const list = this.list();
    const out = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = list[i]!.slot;
    this.slotsCache = out;
    return out;
  }

  /** How many slots were handed out (arrays indexed by NodeInfo.slot need this length). */
  get slotCount(): number {
    return this.nextSlot;
  }

  /** The interned id of a zone label value. */
  zoneIdOf(value: string): number {
    let id = this.zoneIds.get(value);
    if (id === undefined) this.zoneIds.set(value, (id = this.zoneIds.size));
    return id;
  }

  get zoneIdCount(): number {
    return this.zoneIds.size;
  }

  private setZoneId(ni: NodeInfo): void {
    ni.zoneId = ni.zoneLabel === undefined ? -1 : this.zoneIdOf(ni.zoneLabel);
    this.cols.zoneId[ni.slot] = ni.zoneId;
    this.zoneEpoch++;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.nodes.delete(name);
    this.zoneEpoch++;
    this.removeFromZone(zoneKey(ni.labels), name);
    if (ni.podCount > 0) this.orphans.set(name, ni);
  }

  private addToZone(z: string, name: string): void {
    let arr = this.zones.get(z);
    if (!arr) this.zones.set(z, (arr = []));
    arr.push(name);
    this.listCache = undefined;
    this.slotsCache = undefined;
  }

  private removeFromZone(z: string, name: string): void {
    const arr = this.zones.get(z);
    if (!arr) return;
    const i = arr.indexOf(name);
    if (i >= 0) arr.splice(i, 1);
    if (arr.length === 0) this.zones.delete(z);
    this.listCache = undefined;
    this.slotsCache = undefined;
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

  /**
   * Add, update or remove a pod after a watch event (pass undefined for a deletion). `assumed`:
   * the scheduling cycle's PodInfo of a pod just bound, reused when only spec.nodeName changed.
   */
  updatePod(uid: string, pod: KubeObject | undefined, assumed?: PodInfo): PodInfo | undefined {
    const prev = this.podNode.get(uid);
    if (prev) {
      if (pod && SchedulerCache.cached(pod) && prev.info.pod === pod) return prev.info;
      // A status update (same spec, labels and deletion state): nothing counted changes.
      if (
        pod &&
        SchedulerCache.cached(pod) &&
        prev.info.pod.spec === pod.spec &&
        prev.info.pod.metadata.labels === pod.metadata.labels &&
        prev.info.terminating === (pod.metadata.deletionTimestamp != null)
      ) {
        const info: PodInfo = podInfoFor(prev.info, pod, prev.info.labels, prev.info.terminating);
        prev.ni.replacePod(prev.info, info);
        // The entry is updated in place (its position in podNode only orders allPods(), whose
        // users add integer counts: the order does not change a result).
        const was = prev.info;
        prev.info = info;
        if (this.podsWithRequiredAntiAffinity.delete(was)) this.podsWithRequiredAntiAffinity.add(info);
        if (this.podsWithAffinity.delete(was)) this.podsWithAffinity.add(info);
        return info;
      }
      prev.ni.removePod(prev.info);
      this.touch(prev.info, -1, prev.ni);
      this.podNode.delete(uid);
      this.nsPods.get(prev.info.namespace)?.delete(uid);
      if (prev.info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.delete(prev.info);
      this.podsWithAffinity.delete(prev.info);
    }
    if (!pod || !SchedulerCache.cached(pod)) return undefined;
    // A status-only change keeps the spec object: reuse the parsed requests and terms.
    const info: PodInfo =
      prev && prev.info.pod.spec === pod.spec
        ? podInfoFor(prev.info, pod, pod.metadata.labels ?? {}, pod.metadata.deletionTimestamp != null)
        : assumed !== undefined && sameButNodeName(assumed, pod)
          ? podInfoFor(assumed, pod, assumed.labels, pod.metadata.deletionTimestamp != null)
          : newPodInfo(pod);
    const node = pod.spec.nodeName as string;
    const ni = this.nodeOrOrphan(node);
    ni.addPod(info);
    this.podNode.set(uid, { node, info, ni });
    let inNs = this.nsPods.get(info.namespace);
    if (!inNs) this.nsPods.set(info.namespace, (inNs = new Set()));
    inNs.add(uid);
    this.touch(info, 1, ni);
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
      o = this.newNodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
      this.orphans.set(name, o);
    }
    return o;
  }

  /** All cached pods (every node, including orphans), in no particular order of meaning. */
  *allPods(): Iterable<{ node: string; info: PodInfo; ni: NodeInfo }> {
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
    sc = { namespace, selector, perNode: new Map(), bySlot: [], byZone: undefined, zoneEpoch: -1 };
    this.selectorCounts.set(key, sc);
    const bucket = `${namespace}\u0000${bucketOf(selector) ?? ''}`;
    let arr = this.selectorBuckets.get(bucket);
    if (!arr) this.selectorBuckets.set(bucket, (arr = []));
    arr.push(sc);
    grow(sc.bySlot, this.nextSlot);
    for (const uid of this.nsPods.get(namespace) ?? []) {
      const { node, info, ni } = this.podNode.get(uid)!;
      if (!info.terminating && info.namespace === namespace && selector.matches(info.labels)) {
        sc.perNode.set(node, (sc.perNode.get(node) ?? 0) + 1);
        sc.bySlot[ni.slot]!++;
      }
    }
    this.countsMemo.set(selector, sc);
    return sc;
  }

  /** sc.bySlot, long enough to be indexed by the slot of any NodeInfo of this cache. */
  slotCounts(sc: SelectorCounts): readonly number[] {
    grow(sc.bySlot, this.nextSlot);
    return sc.bySlot;
  }

  /**
   * Matching pods per zone label value ('' for nodes without it) over the cache's nodes (not
   * orphans): the sum PodTopologySpread's PreScore takes over all nodes for a zone constraint
   * that every node is eligible for. Kept up to date from pod events; rebuilt after node changes.
   */
  zoneCounts(sc: SelectorCounts): ReadonlyMap<string, number> {
    if (sc.byZone !== undefined && sc.zoneEpoch === this.zoneEpoch) return sc.byZone;
    const m = new Map<string, number>();
    for (const [name, n] of sc.perNode) {
      if (n === 0) continue;
      const ni = this.nodes.get(name);
      if (!ni) continue;
      const v = ni.labels[ZONE] ?? '';
      m.set(v, (m.get(v) ?? 0) + n);
    }
    sc.byZone = m;
    sc.zoneEpoch = this.zoneEpoch;
    return m;
  }

  private touch(info: PodInfo, sign: number, ni: NodeInfo): void {
    if (info.terminating || this.selectorCounts.size === 0) return;
    const keys = this.bucketKeys(info.namespace, info.labels);
    for (let i = 0; i < keys.length; i++) {
      const arr = this.selectorBuckets.get(keys[i]!);
      if (arr) this.touchAll(arr, info, sign, ni);
    }
  }

  /** Per labels object (pods of one template share it): the namespace and its bucket keys. */
  private readonly bucketKeysMemo = new WeakMap<object, { ns: string; keys: string[] }>();

  /** The selectorBuckets keys a pod's labels can hit: `ns\0key=value` per label, then `ns\0`. */
  private bucketKeys(ns: string, labels: Readonly<Record<string, string>>): string[] {
    const memo = this.bucketKeysMemo.get(labels);
    if (memo !== undefined && memo.ns === ns) return memo.keys;
    const keys: string[] = [];
    for (const k in labels) keys.push([ns, '\u0000', k, '=', labels[k]!].join(''));
    keys.push(ns + '\u0000');
    this.bucketKeysMemo.set(labels, { ns, keys });
    return keys;
  }

  private touchAll(arr: readonly SelectorCounts[], info: PodInfo, sign: number, ni: NodeInfo): void {
    const node = ni.name;
    for (let i = 0; i < arr.length; i++) {
      const sc = arr[i]!;
      if (!sc.selector.matches(info.labels)) continue;
      sc.perNode.set(node, (sc.perNode.get(node) ?? 0) + sign);
      if (sc.bySlot.length <= ni.slot) grow(sc.bySlot, ni.slot + 1);
      sc.bySlot[ni.slot]! += sign;
      if (sc.byZone !== undefined && sc.zoneEpoch === this.zoneEpoch && this.nodes.get(node) === ni) {
        const v = ni.labels[ZONE] ?? '';
        sc.byZone.set(v, (sc.byZone.get(v) ?? 0) + sign);
      }
    }
  }
}

/** The `key=value` a selector requires, used to bucket it (undefined: test against every pod). */
function bucketOf(selector: Selector): string | undefined {
  for (const r of selector.requirements()) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return `${r.key}=${r.values[0]}`;
  }
  return undefined;
}
