import type { KubeObject } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';
import { isPodActive, isPodReady, podReadyCondition } from './replicaset-pod-util.js';
import { relatedPodsPerNode } from './replicaset-related-pods.js';

/**
 * Which pods a ReplicaSet deletes first when scaling down: getPodsToDelete /
 * getPodsRankedByRelatedPodsOnSameNode (pkg/controller/replicaset/replica_set.go) and
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go), with PodDeletionCost and
 * LogarithmicScaleDown on (their 1.30 defaults). A negative result means `a` goes first.
 */

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export interface RankedPod {
  pod: KubeObject;
  rank: number;
}

/** helper.GetDeletionCostFromPodAnnotations: an int32; missing or invalid = 0. */
export function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function readyTime(pod: KubeObject): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const ts = podReadyCondition(pod)?.lastTransitionTime;
  return ts ? fromTimestamp(ts) : undefined;
}

function creationTime(pod: KubeObject): number | undefined {
  const ts = pod.metadata.creationTimestamp;
  return ts ? fromTimestamp(ts) : undefined;
}

/** afterOrZero: zero time first, else the later time first. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: floor(log2(now − t)) in nanoseconds; −1 for t ≥ now. */
export function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const r = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return r(t1) - r(t2);
}

function maxRestarts(statuses: any[] | undefined, filter?: (name: string) => boolean): number {
  let m = 0;
  for (const s of statuses ?? []) if ((!filter || filter(s.name)) && (s.restartCount ?? 0) > m) m = s.restartCount ?? 0;
  return m;
}

/** compareMaxContainerRestarts: regular containers, then restartable init (sidecar) containers. */
function compareRestarts(a: KubeObject, b: KubeObject): boolean | undefined {
  const ra = maxRestarts(a.status?.containerStatuses);
  const rb = maxRestarts(b.status?.containerStatuses);
  if (ra !== rb) return ra > rb;
  const sidecars = (p: KubeObject) => {
    const names = new Set<string>((p.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always').map((c: any) => c.name));
    return maxRestarts(p.status?.initContainerStatuses, (n) => names.has(n));
  };
  const sa = sidecars(a);
  const sb = sidecars(b);
  if (sa !== sb) return sa > sb;
  return undefined;
}

function uidLess(a: KubeObject, b: KubeObject): boolean {
  return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
}

/** ActivePodsWithRanks.Less(a, b): true when `a` should be deleted before `b`. */
export function activePodsWithRanksLess(a: RankedPod, b: RankedPod, now: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  // 1. unassigned < assigned
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa < ob;
  // 3. not ready < ready
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. lower pod-deletion-cost first
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. more co-located related pods first
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. both ready: more recently ready first (log2 buckets, then UID)
  if (ra && rb) {
    const ta = readyTime(pa);
    const tb = readyTime(pb);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
      const diff = logarithmicRankDiff(ta, tb, now);
      if (diff === 0) return uidLess(pa, pb);
      return diff < 0;
    }
  }
  // 7. more restarts first
  const res = compareRestarts(pa, pb);
  if (res !== undefined) return res;
  // 8. newer first (log2 buckets, then UID)
  const cta = creationTime(pa);
  const ctb = creationTime(pb);
  if (cta !== ctb) {
    if (cta === undefined || ctb === undefined) return afterOrZero(cta, ctb);
    const diff = logarithmicRankDiff(cta, ctb, now);
    if (diff === 0) return uidLess(pa, pb);
    return diff < 0;
  }
  return false;
}

/** getPodsRankedByRelatedPodsOnSameNode: rank = active related pods on the pod's node. */
export function rankPods(pods: KubeObject[], relatedPods: KubeObject[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/**
 * getPodsToDelete: the first `diff` pods in ActivePodsWithRanks order (no sort when all go).
 * Upstream uses sort.Sort (not stable) over the informer's list order; here pods Less() calls
 * equal go by name (the order the controller lists them in), so the result is the stable sort
 * of the name-ordered list. A small `diff` picks the first pods with one pass over a bounded
 * sorted buffer instead of sorting them all (same result whenever Less is a strict weak order).
 */
export function getPodsToDelete(pods: KubeObject[], relatedPods: KubeObject[] | ReadonlyMap<string, number>, diff: number, now: number): KubeObject[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  // The related pods, or their active count per node when the caller keeps it.
  const onNode = Array.isArray(relatedPods) ? relatedPodsPerNode(relatedPods) : (relatedPods as ReadonlyMap<string, number>);
  return selectVictims((visit) => {
    for (let i = 0; i < pods.length; i++) visit(cachedSortKey(pods[i]!));
  }, pods.length, onNode, diff, now);
}

/**
 * getPodsToDelete over keys the caller already holds (`forEachKey` visits every candidate's
 * SortKey once per call, in any order): the first `diff` of `n` candidates.
 */
export function selectVictims(forEachKey: (visit: (k: SortKey) => void) => void, n: number, onNode: ReadonlyMap<string, number>, diff: number, now: number): KubeObject[] {
  const b = new Buckets(now);
  const fill = (r: Ranked, k: SortKey): Ranked => {
    r.k = k;
    r.rank = onNode.get(k.node) ?? 0;
    r.rb = k.readyTime === undefined ? 0 : b.of(k.readyTime);
    r.cb = k.created === undefined ? 0 : b.of(k.created);
    return r;
  };
  if (diff * 8 <= n) {
    // One pass: a pod is ranked into a scratch entry and only kept when it beats the worst kept.
    const best: Ranked[] = [];
    let scratch: Ranked = { k: undefined as unknown as SortKey, rank: 0, rb: 0, cb: 0 };
    forEachKey((k) => {
      const e = fill(scratch, k);
      if (best.length === diff && compareRanked(e, best[diff - 1]!) >= 0) return;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRanked(e, best[mid]!) < 0) hi = mid;
        else lo = mid + 1;
      }
      best.splice(lo, 0, e);
      scratch = { k: undefined as unknown as SortKey, rank: 0, rb: 0, cb: 0 };
      if (best.length > diff) scratch = best.pop()!;
    });
    return best.map((r) => r.k.pod);
  }
  const entries: Ranked[] = [];
  forEachKey((k) => {
    entries.push(fill({ k: undefined as unknown as SortKey, rank: 0, rb: 0, cb: 0 }, k));
  });
  entries.sort(compareRanked);
  const out = new Array<KubeObject>(diff);
  for (let i = 0; i < diff; i++) out[i] = entries[i]!.k.pod;
  return out;
}

/** bucket() at one `now`, remembering the last time asked (pods share second-precision times). */
class Buckets {
  private lastT = NaN;
  private lastB = 0;
  constructor(private readonly now: number) {}
  of(t: number): number {
    if (t !== this.lastT) {
      this.lastT = t;
      this.lastB = bucket(t, this.now);
    }
    return this.lastB;
  }
}

/** floor(log2(now - t in ns)), −1 for t ≥ now: logarithmicRankDiff's per-pod half. */
function bucket(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** The fields Less() reads, parsed once per pod object (store objects are immutable). */
export interface SortKey {
  node: string;
  phase: number;
  ready: boolean;
  cost: number;
  readyTime: number | undefined;
  created: number | undefined;
  restarts: number;
  sidecarRestarts: number;
  uid: string;
  name: string;
  pod: KubeObject;
}

interface Ranked {
  k: SortKey;
  rank: number;
  /** Log2 buckets of the ready and creation times at this sync's now. */
  rb: number;
  cb: number;
}

const sortKeys = new WeakMap<KubeObject, SortKey>();

function cachedSortKey(pod: KubeObject): SortKey {
  let k = sortKeys.get(pod);
  if (!k) {
    k = sortKey(pod);
    sortKeys.set(pod, k);
  }
  return k;
}

export function sortKey(pod: KubeObject): SortKey {
  const names = new Set<string>((pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always').map((c: any) => c.name));
  return {
    node: pod.spec?.nodeName ?? '',
    phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0,
    ready: isPodReady(pod),
    cost: deletionCost(pod),
    readyTime: readyTime(pod),
    created: creationTime(pod),
    restarts: maxRestarts(pod.status?.containerStatuses),
    sidecarRestarts: names.size ? maxRestarts(pod.status?.initContainerStatuses, (n) => names.has(n)) : 0,
    uid: pod.metadata.uid ?? '',
    name: pod.metadata.name ?? '',
    pod,
  };
}

/**
 * Less, then name: the stable sort's order over a name-ordered list. Each rule of Less decides
 * symmetrically (when it decides a < b it decides b > a), so one pass over the rules gives
 * less(a, b) ? -1 : less(b, a) ? 1 : 0.
 */
function compareRanked(a: Ranked, b: Ranked): number {
  const ka = a.k;
  const kb = b.k;
  if (ka.node !== kb.node && (ka.node === '' || kb.node === '')) return ka.node === '' ? -1 : 1;
  if (ka.phase !== kb.phase) return ka.phase < kb.phase ? -1 : 1;
  if (ka.ready !== kb.ready) return ka.ready ? 1 : -1;
  if (ka.cost !== kb.cost) return ka.cost < kb.cost ? -1 : 1;
  if (a.rank !== b.rank) return a.rank > b.rank ? -1 : 1;
  if (ka.ready && kb.ready && ka.readyTime !== kb.readyTime) {
    if (ka.readyTime === undefined || kb.readyTime === undefined) return ka.readyTime === undefined ? -1 : 1;
    if (a.rb !== b.rb) return a.rb < b.rb ? -1 : 1;
    if (ka.uid !== kb.uid) return ka.uid < kb.uid ? -1 : 1;
    return ka.name < kb.name ? -1 : ka.name > kb.name ? 1 : 0;
  }
  if (ka.restarts !== kb.restarts) return ka.restarts > kb.restarts ? -1 : 1;
  if (ka.sidecarRestarts !== kb.sidecarRestarts) return ka.sidecarRestarts > kb.sidecarRestarts ? -1 : 1;
  if (ka.created !== kb.created) {
    if (ka.created === undefined || kb.created === undefined) return ka.created === undefined ? -1 : 1;
    if (a.cb !== b.cb) return a.cb < b.cb ? -1 : 1;
    if (ka.uid !== kb.uid) return ka.uid < kb.uid ? -1 : 1;
  }
  return ka.name < kb.name ? -1 : ka.name > kb.name ? 1 : 0;
}
