import { getScaledValueFromIntOrPercent } from '../api/intstr.js';
import { labelSelectorAsSelector, type LabelSelector, type Selector } from '../api/selector.js';
import { toTimestamp, fromTimestamp } from '../api/time.js';
import { resolveKind } from '../api/kinds.js';
import { ApiError, type KubeObject, type OwnerReference, type StoreApi, type WatchEvent } from '../store/types.js';
import { Controller, keyOf, splitKey } from './controller.js';
import type { Timer } from '../engine/engine.js';

/** Controller name (kube-controller-manager's "disruption" controller). */
export const DISRUPTION_CONTROLLER = 'disruption-controller';
/** dc.recorder's EventSource component (disruption.go NewDisruptionControllerInternal). */
export const DISRUPTION_EVENT_SOURCE = 'controllermanager';
/** DeletionTimeout: an evicted pod not deleted within 2m counts as healthy again (disruption.go). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;
/** stalePodDisruptionTimeout (disruption.go). */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;
/** First per-item delay of workqueue.DefaultControllerRateLimiter (AddRateLimited after Forget). */
const RATE_LIMITED_DELAY_MS = 5;

/** metav1.Condition of a PDB (policy/v1). */
export interface PdbCondition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const selectorCache = new WeakMap<object, Selector | Error>();

/** metav1.LabelSelectorAsSelector of a PDB's spec.selector (nil → Nothing, {} → Everything), cached per spec. */
export function pdbSelector(pdb: KubeObject): Selector | Error {
  const spec = pdb.spec ?? {};
  let s = selectorCache.get(spec);
  if (s === undefined) {
    try {
      s = labelSelectorAsSelector(spec.selector as LabelSelector | null | undefined);
    } catch (e) {
      s = e as Error;
    }
    selectorCache.set(spec, s);
  }
  return s;
}

/**
 * PodDisruptionBudgetLister.GetPodPodDisruptionBudgets (client-go listers/policy/v1
 * poddisruptionbudget_expansion.go): the PDBs of the pod's namespace whose selector matches
 * its labels; an invalid selector matches nothing; unlike v1beta1, an empty selector matches
 * everything. Sorted by name (the informer's order is unspecified).
 */
export function pdbsForPod(store: StoreApi, pod: KubeObject): KubeObject[] {
  if (store.count('PodDisruptionBudget') === 0) return [];
  const out: KubeObject[] = [];
  for (const pdb of store.list('PodDisruptionBudget', { namespace: pod.metadata.namespace })) {
    const sel = pdbSelector(pdb);
    if (sel instanceof Error) continue;
    if (sel.matches(pod.metadata.labels ?? {})) out.push(pdb);
  }
  return out;
}

/** podutil.IsPodReady: condition Ready is True. */
export function isPodReady(pod: KubeObject): boolean {
  const cs = pod.status?.conditions;
  return Array.isArray(cs) && cs.some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');
}

/** metav1.GetControllerOf. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * apimeta.SetStatusCondition on a copy: lastTransitionTime moves only when status changes;
 * reason, message and observedGeneration are always taken.
 */
export function setStatusCondition(conditions: readonly PdbCondition[], c: Omit<PdbCondition, 'lastTransitionTime'>, now: number): PdbCondition[] {
  const i = conditions.findIndex((x) => x.type === c.type);
  // metav1.Condition field order: type, status, observedGeneration (omitempty), lastTransitionTime, reason, message.
  const build = (ltt: string): PdbCondition =>
    c.observedGeneration
      ? { type: c.type, status: c.status, observedGeneration: c.observedGeneration, lastTransitionTime: ltt, reason: c.reason, message: c.message }
      : { type: c.type, status: c.status, lastTransitionTime: ltt, reason: c.reason, message: c.message };
  if (i < 0) return [...conditions, build(toTimestamp(now))];
  const old = conditions[i]!;
  const next = build(old.status === c.status ? old.lastTransitionTime : toTimestamp(now));
  return conditions.map((x, j) => (j === i ? next : x));
}

/**
 * pdbhelper.UpdateDisruptionAllowedCondition (staging/src/k8s.io/component-helpers/apps/
 * poddisruptionbudget/helpers.go): DisruptionAllowed True/SufficientPods when
 * disruptionsAllowed > 0, else False/InsufficientPods; empty message.
 */
export function withDisruptionAllowedCondition(status: any, now: number): any {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const conditions = setStatusCondition(
    (status.conditions ?? []) as PdbCondition[],
    {
      type: 'DisruptionAllowed',
      status: allowed ? 'True' : 'False',
      observedGeneration: status.observedGeneration,
      reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: '',
    },
    now,
  );
  return { ...status, conditions };
}

/** pdbhelper.ConditionsAreUpToDate. */
function conditionsAreUpToDate(pdb: KubeObject): boolean {
  const st = pdb.status ?? {};
  const cond = ((st.conditions ?? []) as PdbCondition[]).find((c) => c.type === 'DisruptionAllowed');
  if (!cond) return false;
  if ((st.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if ((st.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === 'SufficientPods';
  return cond.status === 'False' && cond.reason === 'InsufficientPods';
}

/**
 * LabelSelector.String() (gogo-generated, as Eventf's %v prints spec.selector):
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorString(ls: LabelSelector | null | undefined): string {
  if (ls == null) return 'nil';
  const ml = ls.matchLabels ?? {};
  const keys = Object.keys(ml).sort();
  const labels = `map[string]string{${keys.map((k) => `${k}: ${ml[k]},`).join('')}}`;
  const exprs = (ls.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:${labels},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

const SCALE_KINDS: Record<string, string[]> = {
  // verifyGroupKind groups of the typed finders (disruption.go finders()).
  ReplicationController: [''],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Deployment: ['apps', 'extensions'],
};

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status (currentHealthy, desiredHealthy, expectedPods,
 * disruptionsAllowed, disruptedPods, observedGeneration, condition DisruptionAllowed) in step
 * with its pods. It watches pods and PDBs only (not the workload controllers: a scale change
 * shows once a pod changes), syncs a pod's change into the first PDB that selects it, drops
 * disruptedPods entries that are deleted or older than DeletionTimeout (recheck queued for the
 * earliest expiry), and on a sync error writes the failSafe status (0 allowed, SyncFailed).
 * Pods with a stale DisruptionTarget condition (set by the eviction API, no deletion
 * followed) get it reset to False after stalePodDisruptionTimeout.
 */
export class DisruptionController extends Controller {
  /** Pending stale-DisruptionTarget checks by pod key (the stalePodDisruptionQueue's AddAfter). */
  private readonly staleTimers = new Map<string, Timer>();

  constructor() {
    super(DISRUPTION_CONTROLLER);
  }

  protected setup(): void {
    const store = this.ctx.store;
    store.watch((e: WatchEvent) => this.enqueue(keyOf(e.object)), ['PodDisruptionBudget']);
    store.watch((e: WatchEvent) => this.onPod(e), ['Pod']);
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object;
    const store = this.ctx.store;
    if (store.count('PodDisruptionBudget') > 0) {
      // getPdbForPod: several → a Warning event on the pod and the first one.
      const pdbs = pdbsForPod(store, pod);
      if (pdbs.length > 1) {
        this.ctx.events.record(pod, 'Warning', 'MultiplePodDisruptionBudgets', `Pod "${pod.metadata.namespace}"/"${pod.metadata.name}" matches multiple PodDisruptionBudgets.  Chose "${pdbs[0]!.metadata.name}" arbitrarily.`, DISRUPTION_EVENT_SOURCE);
      }
      if (pdbs.length > 0) this.enqueue(keyOf(pdbs[0]!));
    }
    if (e.type !== 'DELETED') this.checkStaleDisruption(pod);
    else if (this.staleTimers.size > 0) this.cancelStale(keyOf(pod));
  }

  /**
   * A pod that is deleting or gone can no longer have a stale condition: the queued check
   * would find nothing to do, so it is dropped (keeps the trace free of no-op checks).
   */
  private cancelStale(key: string): void {
    const t = this.staleTimers.get(key);
    if (!t) return;
    t.cancel();
    this.staleTimers.delete(key);
  }

  /** nonTerminatingPodHasStaleDisruptionCondition → enqueueStalePodDisruptionCleanup. */
  private checkStaleDisruption(pod: KubeObject): void {
    const key = keyOf(pod);
    const cleanAfter = this.staleDisruptionAfter(pod);
    if (cleanAfter === undefined) {
      if (this.staleTimers.size > 0) this.cancelStale(key);
      return;
    }
    const at = this.ctx.engine.now + cleanAfter;
    const existing = this.staleTimers.get(key);
    if (existing && existing.time <= at) return;
    existing?.cancel();
    const timer = this.ctx.engine.at(at, this.name, 'stale-disruption', key, () => {
      if (this.staleTimers.get(key) === timer) this.staleTimers.delete(key);
      this.syncStalePodDisruption(key);
    });
    this.staleTimers.set(key, timer);
  }

  private staleDisruptionAfter(pod: KubeObject): number | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const cond = (pod.status?.conditions as any[] | undefined)?.find((c) => c.type === 'DisruptionTarget');
    const phase = pod.status?.phase;
    if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet' || phase === 'Succeeded' || phase === 'Failed') return undefined;
    const since = this.ctx.engine.now - fromTimestamp(cond.lastTransitionTime);
    return Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - since);
  }

  /** syncStalePodDisruption: DisruptionTarget → False once stale. */
  private syncStalePodDisruption(key: string): void {
    const { namespace, name } = splitKey(key);
    const store = this.ctx.store;
    const pod = store.get('Pod', namespace, name);
    if (!pod) return;
    const after = this.staleDisruptionAfter(pod);
    if (after === undefined) return;
    if (after > 0) return this.checkStaleDisruption(pod);
    const conditions = (pod.status.conditions as any[]).map((c) =>
      c.type === 'DisruptionTarget' ? { type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: toTimestamp(this.ctx.engine.now) } : c,
    );
    try {
      store.updateStatus({ ...pod, status: { ...pod.status, conditions } }, { actor: this.name, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pdb = this.ctx.store.get('PodDisruptionBudget', namespace, name);
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'Conflict') return this.enqueueAfter(key, RATE_LIMITED_DELAY_MS);
      const err = e as Error;
      this.failSafe(pdb, err.message);
    }
  }

  private trySync(pdb: KubeObject): void {
    const store = this.ctx.store;
    const now = this.ctx.engine.now;
    const pods = this.podsForPdb(pdb);
    if (pods.length === 0) this.ctx.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', DISRUPTION_EVENT_SOURCE);
    let expected: { expectedCount: number; desiredHealthy: number; unmanaged: string[] };
    try {
      expected = this.expectedPodCount(pdb, pods);
    } catch (e) {
      this.ctx.events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${(e as Error).message}`, DISRUPTION_EVENT_SOURCE);
      throw e;
    }
    if (expected.unmanaged.length > 0) {
      this.ctx.events.record(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        DISRUPTION_EVENT_SOURCE,
      );
    }
    const { disrupted, recheckAt } = this.buildDisruptedPodMap(pods, pdb, now);
    const currentHealthy = countHealthyPods(pods, disrupted, now);
    this.updatePdbStatus(store, pdb, currentHealthy, expected.desiredHealthy, expected.expectedCount, disrupted, now);
    // enqueuePdbForRecheck → recheckWorker → queue.AddRateLimited.
    if (recheckAt !== undefined) this.enqueueAfter(keyOf(pdb), recheckAt - now + RATE_LIMITED_DELAY_MS);
  }

  /** getPodsForPdb: the namespace's pods the selector matches (an invalid selector is an error). */
  private podsForPdb(pdb: KubeObject): KubeObject[] {
    const sel = pdbSelector(pdb);
    if (sel instanceof Error) throw sel;
    return this.ctx.store.list('Pod', { namespace: pdb.metadata.namespace, labelSelector: sel });
  }

  /** getExpectedPodCount: maxUnavailable (scaled, rounded up) or minAvailable (int: pod count; percent: scaled, rounded up). */
  expectedPodCount(pdb: KubeObject, pods: readonly KubeObject[]): { expectedCount: number; desiredHealthy: number; unmanaged: string[] } {
    const spec = pdb.spec ?? {};
    let expectedCount = 0;
    let desiredHealthy = 0;
    let unmanaged: string[] = [];
    if (spec.maxUnavailable != null) {
      ({ expectedCount, unmanaged } = this.expectedScale(pods));
      const maxUnavailable = getScaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true);
      desiredHealthy = Math.max(0, expectedCount - maxUnavailable);
    } else if (spec.minAvailable != null) {
      if (typeof spec.minAvailable === 'number') {
        desiredHealthy = spec.minAvailable;
        expectedCount = pods.length;
      } else {
        ({ expectedCount, unmanaged } = this.expectedScale(pods));
        desiredHealthy = getScaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true);
      }
    }
    return { expectedCount, desiredHealthy, unmanaged };
  }

  /** getExpectedScale: Σ scale of the distinct controllers of the pods; unmanaged pods are listed apart. */
  private expectedScale(pods: readonly KubeObject[]): { expectedCount: number; unmanaged: string[] } {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (!ref) {
        unmanaged.push(pod.metadata.name!);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.findController(ref, pod.metadata.namespace!);
      if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let expectedCount = 0;
    for (const n of scales.values()) expectedCount += n;
    return { expectedCount, unmanaged };
  }

  /**
   * The finders in order: ReplicationController, Deployment (pod → ReplicaSet → Deployment),
   * ReplicaSet not controlled by a Deployment, StatefulSet, then the generic scale
   * subresource (here: the kinds with spec.replicas; other kinds do not implement it).
   */
  private findController(ref: OwnerReference, namespace: string): { uid: string; scale: number } | undefined {
    const store = this.ctx.store;
    const group = groupOf(ref.apiVersion);
    const typed = (kind: string): boolean => ref.kind === kind && SCALE_KINDS[kind]!.includes(group);
    const get = (kind: string, name: string): KubeObject | undefined => (resolveKind(kind) ? store.get(kind, namespace, name) : undefined);
    if (typed('ReplicationController')) {
      const rc = get('ReplicationController', ref.name);
      if (rc && rc.metadata.uid === ref.uid) return { uid: ref.uid, scale: rc.spec?.replicas ?? 1 };
    }
    if (typed('ReplicaSet')) {
      const rs = get('ReplicaSet', ref.name);
      if (rs && rs.metadata.uid === ref.uid) {
        const owner = controllerOf(rs);
        if (owner && owner.kind === 'Deployment' && SCALE_KINDS.Deployment!.includes(groupOf(owner.apiVersion))) {
          const d = get('Deployment', owner.name);
          if (d && d.metadata.uid === owner.uid) return { uid: owner.uid, scale: d.spec?.replicas ?? 1 };
        }
        // getPodReplicaSet: skipped when controlled by a Deployment (even a missing one).
        if (!(owner && owner.kind === 'Deployment')) return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
      }
    }
    if (typed('StatefulSet')) {
      const ss = get('StatefulSet', ref.name);
      if (ss && ss.metadata.uid === ref.uid) return { uid: ref.uid, scale: ss.spec?.replicas ?? 1 };
    }
    // getScaleController.
    const info = resolveKind(ref.kind);
    if (!info || info.kind !== ref.kind) throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
    if (!(ref.kind in SCALE_KINDS)) throw new Error(`${info.resource}${group ? `.${group}` : ''} does not implement the scale subresource`);
    const o = get(ref.kind, ref.name);
    if (!o || o.metadata.uid !== ref.uid) return undefined;
    return { uid: ref.uid, scale: o.spec?.replicas ?? 1 };
  }

  /** buildDisruptedPodMap: keep entries of live, not-deleting pods younger than DeletionTimeout. */
  private buildDisruptedPodMap(pods: readonly KubeObject[], pdb: KubeObject, now: number): { disrupted: Record<string, string>; recheckAt?: number } {
    const prior = (pdb.status?.disruptedPods ?? undefined) as Record<string, string> | undefined;
    const disrupted: Record<string, string> = {};
    let recheckAt: number | undefined;
    if (!prior) return { disrupted };
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const t = prior[pod.metadata.name!];
      if (t === undefined) continue;
      const expectedDeletion = fromTimestamp(t) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < now) {
        // Upstream formats the PDB as namespace/namespace (sic).
        this.ctx.events.record(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`, DISRUPTION_EVENT_SOURCE);
      } else {
        if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
        disrupted[pod.metadata.name!] = t;
      }
    }
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(disrupted).sort()) sorted[k] = disrupted[k]!;
    return recheckAt === undefined ? { disrupted: sorted } : { disrupted: sorted, recheckAt };
  }

  private updatePdbStatus(store: StoreApi, pdb: KubeObject, currentHealthy: number, desiredHealthy: number, expectedCount: number, disrupted: Record<string, string>, now: number): void {
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const st = pdb.status ?? {};
    const generation = pdb.metadata.generation ?? 0;
    if (
      (st.currentHealthy ?? 0) === currentHealthy &&
      (st.desiredHealthy ?? 0) === desiredHealthy &&
      (st.expectedPods ?? 0) === expectedCount &&
      (st.disruptionsAllowed ?? 0) === disruptionsAllowed &&
      sameMap(st.disruptedPods, disrupted) &&
      (st.observedGeneration ?? 0) === generation &&
      conditionsAreUpToDate(pdb)
    ) {
      return;
    }
    const status = pdbStatus(generation, disrupted, disruptionsAllowed, currentHealthy, desiredHealthy, expectedCount, st.conditions ?? []);
    store.updateStatus({ ...pdb, status: withDisruptionAllowedCondition(status, now) }, { actor: this.name, origin: 'system' });
  }

  /** failSafe: disruptionsAllowed 0 and DisruptionAllowed False/SyncFailed with the error. */
  private failSafe(pdb: KubeObject, message: string): void {
    const st = pdb.status ?? {};
    const conditions = setStatusCondition(
      (st.conditions ?? []) as PdbCondition[],
      { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: st.observedGeneration },
      this.ctx.engine.now,
    );
    try {
      this.ctx.store.updateStatus({ ...pdb, status: { ...st, disruptionsAllowed: 0, conditions } }, { actor: this.name, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.enqueueAfter(keyOf(pdb), RATE_LIMITED_DELAY_MS);
    }
  }
}

/** PodDisruptionBudgetStatus in policy/v1 field order; disruptedPods omitted when empty (omitempty). */
export function pdbStatus(observedGeneration: number, disrupted: Record<string, string>, disruptionsAllowed: number, currentHealthy: number, desiredHealthy: number, expectedPods: number, conditions: unknown[]): any {
  const s: any = {};
  if (observedGeneration) s.observedGeneration = observedGeneration;
  if (Object.keys(disrupted).length > 0) s.disruptedPods = disrupted;
  s.disruptionsAllowed = disruptionsAllowed;
  s.currentHealthy = currentHealthy;
  s.desiredHealthy = desiredHealthy;
  s.expectedPods = expectedPods;
  s.conditions = conditions;
  return s;
}

function sameMap(a: Record<string, string> | undefined | null, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k) => a![k] === b[k]);
}

/** countHealthyPods: Ready, not deleting, not disrupted within DeletionTimeout. */
export function countHealthyPods(pods: readonly KubeObject[], disrupted: Record<string, string>, now: number): number {
  let n = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const t = disrupted[pod.metadata.name!];
    if (t !== undefined && fromTimestamp(t) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) n++;
  }
  return n;
}
