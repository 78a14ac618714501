import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import type { Selector } from '../api/selector.js';
import { fromTimestamp } from '../api/time.js';
import { controllerRefOf, isPodActive, podReadyCondition } from './replicaset-pod-util.js';
import { selectVictims, sortKey, type SortKey } from './replicaset-ranking.js';

/** What a ReplicaSet sync needs to know about one active pod it controls, derived once per pod version. */
interface PodInfo {
  pod: KubeObject;
  match: boolean;
  labeled: boolean;
  ready: boolean;
  /** Ready condition's lastTransitionTime (ms) when ready with a time; NaN otherwise. */
  readyAt: number;
  /** The scale-down ranking fields, once the pod is first ranked. */
  sortKey: SortKey | undefined;
}

/** The counts calculateStatus needs (pkg/controller/replicaset/replica_set_utils.go). */
export interface ClaimedCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/**
 * One owner's view: the active pods in its namespace whose controllerRef names its uid, with
 * running counts over them. Pod changes only mark names dirty; a sync folds the dirty names in
 * (re-reading the store), so the view always equals what a full list would give.
 */
class OwnerView {
  params = '';
  /** The selector and template-labels objects `params` was last checked against. */
  selectorObj: unknown = undefined;
  labelsObj: unknown = undefined;
  readonly pods = new Map<string, PodInfo>();
  dirty = new Set<string>();
  matching = 0;
  nonMatching = 0;
  ready = 0;
  labeled = 0;
  /** Sorted ready times of matching ready pods (for minReadySeconds availability). */
  readonly readyTimes: number[] = [];

  constructor(
    readonly uid: string,
    readonly namespace: string | undefined,
  ) {}

  add(info: PodInfo, sign: 1 | -1): void {
    if (!info.match) {
      this.nonMatching += sign;
      return;
    }
    this.matching += sign;
    if (info.labeled) this.labeled += sign;
    if (info.ready) {
      this.ready += sign;
      if (info.readyAt === info.readyAt) {
        const t = this.readyTimes;
        const i = lowerBound(t, info.readyAt);
        if (sign > 0) t.splice(i, 0, info.readyAt);
        else if (t[i] === info.readyAt) t.splice(i, 1);
      }
    }
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Incremental replacement for the ReplicaSet sync's "list every pod, filter active, claim"
 * scan (the informer cache upstream keeps is what makes that list cheap there): per owner uid
 * the active controlled pods and their ready / fully-labeled counts, plus per namespace the
 * orphan pods (no controllerRef) that could be adopted. A sync whose owner has no controlled pod
 * failing its selector and no matching active orphan in its namespace claims exactly the
 * view's matching pods (ClaimPods would neither adopt nor release anything); any other sync
 * takes the full path.
 */
export class ReplicaSetPodTracker {
  private readonly views = new Map<string, OwnerView>();
  private readonly orphans = new Map<string, Set<string>>();

  constructor(private readonly store: StoreApi) {
    for (const p of store.list('Pod', { namespace: '' })) if (!controllerRefOf(p)) this.orphanSet(p.metadata.namespace ?? '').add(p.metadata.name!);
  }

  private orphanSet(ns: string): Set<string> {
    let s = this.orphans.get(ns);
    if (!s) this.orphans.set(ns, (s = new Set()));
    return s;
  }

  /** Called for every Pod watch event, before anything else looks at it. */
  observe(e: WatchEvent): void {
    const pod = e.object;
    const name = pod.metadata.name!;
    const ref = e.type === 'DELETED' ? undefined : controllerRefOf(pod)?.uid;
    if (ref !== undefined) this.views.get(ref)?.dirty.add(name);
    const oldRef = e.type === 'DELETED' ? controllerRefOf(pod)?.uid : e.old ? controllerRefOf(e.old)?.uid : undefined;
    if (oldRef !== undefined && oldRef !== ref) this.views.get(oldRef)?.dirty.add(name);
    const ns = pod.metadata.namespace ?? '';
    if (e.type !== 'DELETED' && ref === undefined) this.orphanSet(ns).add(name);
    else if (e.type === 'DELETED' || (e.old && !controllerRefOf(e.old))) this.orphans.get(ns)?.delete(name);
  }

  /** The owner is gone: forget its view. */
  forget(uid: string | undefined): void {
    if (uid) this.views.delete(uid);
  }

  /**
   * The claimed counts of `rs` when the fast path applies (no release and no adoption
   * possible), or undefined when the sync must claim over the full pod list.
   */
  view(rs: KubeObject, selector: Selector): OwnerView | undefined {
    // What a pod's derived data depends on: the selector and the template's labels. A scale
    // or status update keeps both objects, so the text is only rebuilt when one is replaced.
    const selectorObj = rs.spec?.selector;
    const labelsObj = rs.spec?.template?.metadata?.labels;
    const templateLabels: Record<string, string> = labelsObj ?? {};
    const uid = rs.metadata.uid!;
    const ns = rs.metadata.namespace;
    let v = this.views.get(uid);
    let params: string | undefined;
    if (v && (v.selectorObj !== selectorObj || v.labelsObj !== labelsObj)) {
      params = `${JSON.stringify(selectorObj ?? null)}\u0000${JSON.stringify(templateLabels)}`;
      if (params === v.params) {
        v.selectorObj = selectorObj;
        v.labelsObj = labelsObj;
      }
    }
    if (!v || (params !== undefined && v.params !== params) || v.namespace !== ns) {
      v = new OwnerView(uid, ns);
      v.params = params ?? `${JSON.stringify(selectorObj ?? null)}\u0000${JSON.stringify(templateLabels)}`;
      v.selectorObj = selectorObj;
      v.labelsObj = labelsObj;
      this.views.set(uid, v);
      for (const p of this.store.dependents(uid)) if (p.kind === 'Pod') v.dirty.add(p.metadata.name!);
    }
    if (v.dirty.size) {
      const dirty = v.dirty;
      v.dirty = new Set();
      for (const name of dirty) {
        const prev = v.pods.get(name);
        const pod = this.store.get('Pod', ns, name);
        if (prev && prev.pod === pod) continue;
        if (prev) {
          v.add(prev, -1);
          v.pods.delete(name);
        }
        if (!pod || controllerRefOf(pod)?.uid !== uid || !isPodActive(pod)) continue;
        const info = podInfo(pod, selector, templateLabels);
        v.pods.set(name, info);
        v.add(info, 1);
      }
    }
    if (v.nonMatching > 0) return undefined;
    const orphans = this.orphans.get(ns ?? '');
    if (orphans && orphans.size) {
      for (const name of orphans) {
        const p = this.store.get('Pod', ns, name);
        if (p && isPodActive(p) && !controllerRefOf(p) && selector.matches(p.metadata.labels ?? {})) return undefined;
      }
    }
    return v;
  }
}

function podInfo(pod: KubeObject, selector: Selector, templateLabels: Record<string, string>): PodInfo {
  const labels = pod.metadata.labels ?? {};
  let labeled = true;
  for (const k in templateLabels) {
    if (labels[k] !== templateLabels[k]) {
      labeled = false;
      break;
    }
  }
  const c = podReadyCondition(pod);
  const ready = c?.status === 'True';
  return { pod, match: selector.matches(labels), labeled, ready, readyAt: ready && c!.lastTransitionTime ? fromTimestamp(c!.lastTransitionTime) : NaN, sortKey: undefined };
}

/** The view's claimed pods, in name order (the order the full list gives) unless `sorted` is false. */
export function claimedPods(v: OwnerView, sorted = true): KubeObject[] {
  const out: KubeObject[] = [];
  for (const info of v.pods.values()) out.push(info.pod);
  return sorted ? out.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0)) : out;
}

/** getPodsToDelete over the view's pods (`diff` < their number), their ranking keys kept with them. */
export function podsToDelete(v: OwnerView, onNode: ReadonlyMap<string, number>, diff: number, now: number): KubeObject[] {
  return selectVictims((visit) => {
    for (const info of v.pods.values()) visit((info.sortKey ??= sortKey(info.pod)));
  }, v.matching, onNode, diff, now);
}

/** Counts over the view at `now`: IsPodAvailable is Ready and (minReadySeconds 0 or readyAt + minReadySeconds < now). */
export function claimedCounts(v: OwnerView, minReadySeconds: number, now: number): ClaimedCounts {
  const available = minReadySeconds ? lowerBound(v.readyTimes, now - minReadySeconds * 1000) : v.ready;
  return { replicas: v.matching, fullyLabeled: v.labeled, ready: v.ready, available };
}

export type { OwnerView };
