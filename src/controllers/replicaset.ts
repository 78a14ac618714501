import type { KubeObject, OwnerReference, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { labelSelectorAsSelector, type Selector } from '../api/selector.js';
import { toTimestamp } from '../api/time.js';
import { Controller, keyOf } from './controller.js';
import { ControllerExpectations } from './replicaset-expectations.js';
import { DelayingQueue } from './replicaset-delaying-queue.js';
import { claimObjects, newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf, filterActivePods, isNamespaceTerminating, isPodReady, sameLabels, sameRef } from './replicaset-pod-util.js';
import { getPodsToDelete } from './replicaset-ranking.js';
import { calculateReplicaSetStatus, replicaSetStatusFromCounts, replicaSetStatusUnchanged } from './replicaset-status.js';
import { ReplicaSetPodTracker, claimedCounts, claimedPods, podsToDelete } from './replicaset-pod-tracker.js';
import { RelatedPodCounts, type RelatedMember } from './replicaset-related-pods.js';

/** pkg/controller/replicaset: BurstReplicas and SlowStartInitialBatchSize. */
export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
const COMPONENT = 'replicaset-controller';

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): claims the active pods
 * its selector matches (adopting orphans, releasing pods whose labels no longer match), creates
 * missing pods in slow-start batches 1, 2, 4, ... (at most 500 per sync), deletes surplus pods in
 * ActivePodsWithRanks order, and always recomputes status. Expectations keep it from acting
 * again before its own creations/deletions are observed. A refused create (ApiError, e.g.
 * quota) records FailedCreate and sets ReplicaFailure; the key is retried with the workqueue's
 * exponential back-off (5ms doubling to 1000s).
 */
export class ReplicaSetController extends Controller {
  readonly expectations = new ControllerExpectations();
  private readonly failures = new Map<string, number>();
  private readonly selectorCache = new Map<string, Selector>();
  /** The parsed selector per (immutable) spec.selector object: no JSON text per sync. */
  private readonly selectorByObject = new WeakMap<object, Selector | null>();
  private delayed!: DelayingQueue;
  private tracker!: ReplicaSetPodTracker;
  private related!: RelatedPodCounts;

  constructor() {
    super(COMPONENT);
  }

  protected setup(): void {
    this.delayed = new DelayingQueue(this.ctx.engine, COMPONENT, (k) => this.enqueue(k));
    this.tracker = new ReplicaSetPodTracker(this.ctx.store);
    this.related = new RelatedPodCounts(this.ctx.store);
    this.ctx.store.watch((e) => this.onReplicaSet(e), ['ReplicaSet']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
  }

  private onReplicaSet(e: WatchEvent): void {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') {
      this.expectations.delete(key);
      this.tracker.forget(e.object.metadata.uid);
      // The last ReplicaSet of its controller is gone: drop that controller's related-pod counts.
      const ref = controllerRefOf(e.object);
      if (ref && !this.ctx.store.dependents(ref.uid).some((o) => o.kind === 'ReplicaSet')) this.related.forget(ref.uid);
    }
    this.enqueue(key);
  }

  private selectorOf(rs: KubeObject): Selector | undefined {
    const obj = rs.spec?.selector;
    const byObj = obj && typeof obj === 'object' ? this.selectorByObject.get(obj) : undefined;
    if (byObj !== undefined) return byObj ?? undefined;
    const text = JSON.stringify(obj ?? null);
    let s = this.selectorCache.get(text);
    if (!s) {
      try {
        s = labelSelectorAsSelector(obj);
      } catch {
        if (obj && typeof obj === 'object') this.selectorByObject.set(obj, null);
        return undefined;
      }
      if (this.selectorCache.size > 10_000) this.selectorCache.clear();
      this.selectorCache.set(text, s);
    }
    if (obj && typeof obj === 'object') this.selectorByObject.set(obj, s);
    return s;
  }

  /** resolveControllerRef: the RS a controllerRef names, if it still exists with that uid. */
  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): KubeObject | undefined {
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.ctx.store.get('ReplicaSet', namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** getPodReplicaSets: RSs whose non-empty selector matches an orphan pod's labels. */
  private podReplicaSets(pod: KubeObject): KubeObject[] {
    return this.ctx.store.list('ReplicaSet', { namespace: pod.metadata.namespace }).filter((rs) => {
      const s = this.selectorOf(rs);
      return s !== undefined && !s.empty() && s.matches(pod.metadata.labels ?? {});
    });
  }

  private onPod(e: WatchEvent): void {
    this.tracker.observe(e);
    this.related.observe(e);
    const pod = e.object;
    if (e.type === 'DELETED') return this.podDeleted(pod);
    if (e.type === 'ADDED') {
      if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
      const ref = controllerRefOf(pod);
      if (ref) {
        const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
        if (!rs) return;
        const key = keyOf(rs);
        this.expectations.creationObserved(key);
        this.enqueue(key);
        return;
      }
      for (const rs of this.podReplicaSets(pod)) this.enqueue(keyOf(rs));
      return;
    }
    // MODIFIED (updatePod)
    const old = e.old!;
    const labelChanged = !sameLabels(old.metadata.labels, pod.metadata.labels);
    if (pod.metadata.deletionTimestamp) {
      // A graceful delete: count it now so the replacement is created at once.
      this.podDeleted(pod);
      if (labelChanged) this.podDeleted(old);
      return;
    }
    const curRef = controllerRefOf(pod);
    const oldRef = controllerRefOf(old);
    const refChanged = !sameRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (rs) this.enqueue(keyOf(rs));
    }
    if (curRef) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, curRef);
      if (!rs) return;
      this.enqueue(keyOf(rs));
      // Pod became Ready with minReadySeconds: re-check availability later (+1s, as upstream).
      const mrs = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(pod) && mrs > 0) this.delayed.addAfter(keyOf(rs), mrs * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(pod)) this.enqueue(keyOf(rs));
  }

  private podDeleted(pod: KubeObject): void {
    const rs = this.resolveControllerRef(pod.metadata.namespace, controllerRefOf(pod));
    if (!rs) return;
    const key = keyOf(rs);
    this.expectations.deletionObserved(key, keyOf(pod));
    this.enqueue(key);
  }

  protected reconcile(key: string): void {
    let err: string | undefined;
    try {
      err = this.syncReplicaSet(key);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      err = e.message;
    }
    if (err === undefined) {
      this.failures.delete(key);
      return;
    }
    // Workqueue rate limiter: per-item exponential back-off 5ms * 2^n, capped at 1000s.
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.delayed.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
  }

  /** syncReplicaSet; returns the manageReplicas error message, if any. */
  private syncReplicaSet(key: string): string | undefined {
    const { store, engine } = this.ctx;
    const i = key.indexOf('/');
    const namespace = i < 0 ? undefined : key.slice(0, i);
    const name = i < 0 ? key : key.slice(i + 1);
    const rs = store.get('ReplicaSet', namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return undefined;
    }
    const now = engine.now;
    const needsSync = this.expectations.satisfied(key, now);
    const selector = this.selectorOf(rs);
    if (!selector) return undefined;
    // The claimed pods: from the incremental view when claiming could neither adopt nor
    // release (same result as the full list), else over the full list as ClaimPods does.
    const view = this.tracker.view(rs, selector);
    let claimed: KubeObject[] | undefined;
    if (!view) {
      const pods = filterActivePods(this.candidatePods(rs, selector));
      claimed = claimObjects(store, rs, 'Pod', pods, (p) => selector.matches(p.metadata.labels ?? {}), COMPONENT);
    }
    const counts = view ? claimedCounts(view, rs.spec?.minReadySeconds ?? 0, now) : undefined;
    let manageErr: string | undefined;
    // The first n pods to delete (all of them in name order when n covers them).
    const victims = (n: number): KubeObject[] => {
      if (claimed) return n >= claimed.length ? claimed.slice(0, n) : getPodsToDelete(claimed, this.relatedPerNode(rs), n, now);
      return n >= view!.matching ? claimedPods(view!).slice(0, n) : podsToDelete(view!, this.relatedPerNode(rs), n, now);
    };
    if (needsSync && !rs.metadata.deletionTimestamp) manageErr = this.manageReplicas(key, counts ? counts.replicas : claimed!.length, victims, rs);
    const status = counts ? replicaSetStatusFromCounts(rs, counts, manageErr, toTimestamp(now)) : calculateReplicaSetStatus(rs, claimed!, manageErr, now, toTimestamp(now));
    let updated = rs;
    if (!replicaSetStatusUnchanged(rs, status)) {
      status.observedGeneration = rs.metadata.generation;
      if (!status.observedGeneration) delete status.observedGeneration;
      updated = store.updateStatus({ ...rs, status }, { actor: COMPONENT, origin: 'system' });
    }
    // Resync after minReadySeconds as a last line of defence (upstream: against clock skew).
    // +1ms stands for the sync latency a real cluster always has: with zero latency the pod's
    // Ready time + minReadySeconds would equal now and IsPodAvailable's strict test would fail.
    const mrs = updated.spec?.minReadySeconds ?? 0;
    const spec = updated.spec?.replicas ?? 0;
    if (manageErr === undefined && mrs > 0 && (updated.status?.readyReplicas ?? 0) === spec && (updated.status?.availableReplicas ?? 0) !== spec) {
      this.delayed.addAfter(key, mrs * 1000 + 1);
    }
    return manageErr;
  }

  /**
   * The pods a sync looks at: upstream lists every pod of the namespace and lets the ref
   * manager skip pods owned by others. Orphans matching the selector plus the pods naming this
   * RS as owner give the same claim result without a namespace-wide scan.
   */
  private candidatePods(rs: KubeObject, selector: Selector): KubeObject[] {
    const selected = this.ctx.store.list('Pod', { namespace: rs.metadata.namespace, labelSelector: selector });
    const seen = new Set<string>();
    for (const p of selected) seen.add(p.metadata.uid!);
    let extra: KubeObject[] | undefined;
    for (const p of this.ctx.store.dependents(rs.metadata.uid!)) {
      if (p.kind !== 'Pod' || p.metadata.namespace !== rs.metadata.namespace || seen.has(p.metadata.uid!)) continue;
      (extra ??= []).push(p);
    }
    if (!extra) return selected; // already sorted by name
    return [...selected, ...extra].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  }

  /** manageReplicas: create or delete pods to reach spec.replicas; returns an error message on failure. */
  private manageReplicas(key: string, count: number, victims: (n: number) => KubeObject[], rs: KubeObject): string | undefined {
    const { store, engine, events } = this.ctx;
    const diff = count - (rs.spec?.replicas ?? 0);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, n, engine.now);
      let successes = 0;
      let error: string | undefined;
      // slowStartBatch: batches of 1, 2, 4, ...; stop after the first batch with an error.
      let remaining = n;
      for (let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH_SIZE); batch > 0; batch = Math.min(2 * batch, remaining)) {
        let batchErrors = 0;
        for (let j = 0; j < batch; j++) {
          try {
            const created = store.create(podFromTemplate(rs), { actor: COMPONENT, origin: 'system' });
            events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
            successes++;
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            // A terminating namespace refuses every create: no event, and upstream counts it as done.
            if (isNamespaceTerminating(e)) {
              successes++;
              continue;
            }
            events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, COMPONENT);
            if (error === undefined) error = e.message;
            batchErrors++;
          }
        }
        if (batchErrors > 0) break;
        remaining -= batch;
      }
      // Skipped (and failed) creations will never be observed.
      for (let s = n - successes; s > 0; s--) this.expectations.creationObserved(key);
      return error;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const toDelete = victims(n);
      this.expectations.expectDeletions(key, toDelete.map((p) => keyOf(p)), engine.now);
      let error: string | undefined;
      for (const pod of toDelete) {
        try {
          store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { actor: COMPONENT });
          events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          this.expectations.deletionObserved(key, keyOf(pod));
          if (e.reason !== 'NotFound') {
            events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, COMPONENT);
            if (error === undefined) error = `unable to delete pods: ${e.message}`;
          }
        }
      }
      return error;
    }
    return undefined;
  }

  /**
   * getIndirectlyRelatedPods, as getPodsRankedByRelatedPodsOnSameNode uses it: active pods per
   * node selected by any ReplicaSet with the same controller as this one (all RSs of its
   * Deployment); none for an RS without a controller. Kept incrementally (RelatedPodCounts).
   */
  private relatedPerNode(rs: KubeObject): ReadonlyMap<string, number> {
    const ref = controllerRefOf(rs);
    if (!ref) return new Map();
    const members: RelatedMember[] = [];
    let signature = '';
    const related = this.ctx.store
      .dependents(ref.uid)
      .filter((o) => o.kind === 'ReplicaSet' && controllerRefOf(o)?.uid === ref.uid)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    for (const r of related) {
      const selector = this.selectorOf(r);
      if (!selector) continue;
      members.push({ uid: r.metadata.uid!, namespace: r.metadata.namespace, selector });
      signature += `${r.metadata.uid}\u0000${r.metadata.namespace}\u0000${selector.toString()}\n`;
    }
    return this.related.perNode(ref.uid, members, signature);
  }
}

/** controller.GetPodFromTemplate: labels, annotations and finalizers of the template, generateName `<rs>-`, a controller ownerReference. */
export function podFromTemplate(rs: KubeObject): KubeObject {
  let parts = templateParts.get(rs);
  if (!parts) {
    const t = rs.spec?.template ?? {};
    parts = { t, generateName: `${rs.metadata.name}-`, ownerReferences: [newControllerRef(rs)] };
    templateParts.set(rs, parts);
  }
  const t = parts.t;
  const metadata: KubeObject['metadata'] = { generateName: parts.generateName, namespace: rs.metadata.namespace };
  // The template's labels, annotations, finalizers and spec, and the owner reference, are
  // shared, not copied: store objects are immutable, admission defaulting copies what it changes.
  if (t.metadata?.labels) metadata.labels = t.metadata.labels;
  if (t.metadata?.annotations) metadata.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers) metadata.finalizers = t.metadata.finalizers;
  metadata.ownerReferences = parts.ownerReferences;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? {} };
}

/** Per RS object (immutable): its template and the parts every pod it creates shares. */
const templateParts = new WeakMap<KubeObject, { t: any; generateName: string; ownerReferences: OwnerReference[] }>();
