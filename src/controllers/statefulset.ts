import type { KubeObject, WatchEvent } from '../store/types.js';
import { labelSelectorAsSelector, type Selector } from '../api/selector.js';
import { Controller, keyOf, splitKey } from './controller.js';
import { claimObjects } from './replicaset-ref-manager.js';
import { DelayingQueue } from './replicaset-delaying-queue.js';
import { controllerRefOf, isPodReady, sameLabels } from './replicaset-pod-util.js';
import { newControllerRef } from './replicaset-ref-manager.js';
import { StatefulPodControl, STATEFULSET_COMPONENT } from './statefulset-pod-control.js';
import { StatefulSetControl } from './statefulset-control.js';
import { isMemberOf } from './statefulset-utils.js';

/** statefulSetResyncPeriod (stateful_set.go): the set informer's resync. */
export const STATEFULSET_RESYNC_MS = 30_000;

/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go, 1.30). Pod changes
 * enqueue the owning set (orphans: every set whose selector matches); a pod turning Ready
 * with minReadySeconds > 0 re-enqueues after minReadySeconds + 1s; the set informer resyncs
 * every 30s (the model arms that timer only while StatefulSets exist, so clusters without
 * any see no extra events). sync: adopt orphan ControllerRevisions, claim pods (selector and
 * `<set>-<ordinal>` name), run StatefulSetControl, requeue after minReadySeconds while not all
 * replicas are available. A failed sync is retried with the workqueue's exponential back-off
 * (5ms doubling to 1000s).
 */
export class StatefulSetController extends Controller {
  private podControl!: StatefulPodControl;
  private control!: StatefulSetControl;
  private readonly failures = new Map<string, number>();
  private resyncArmed = false;
  private delayed!: DelayingQueue;

  constructor() {
    super(STATEFULSET_COMPONENT);
  }

  protected setup(): void {
    this.podControl = new StatefulPodControl(this.ctx);
    this.delayed = new DelayingQueue(this.ctx.engine, STATEFULSET_COMPONENT, (k) => this.enqueue(k));
    this.control = new StatefulSetControl(this.ctx, this.podControl);
    this.ctx.store.watch((e) => this.onSet(e), ['StatefulSet']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
  }

  private onSet(e: WatchEvent): void {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') this.failures.delete(key);
    else this.armResync();
    this.enqueue(key);
  }

  private armResync(): void {
    if (this.resyncArmed) return;
    this.resyncArmed = true;
    this.ctx.engine.after(STATEFULSET_RESYNC_MS, STATEFULSET_COMPONENT, 'resync', 'statefulsets', () => {
      this.resyncArmed = false;
      const sets = this.ctx.store.list('StatefulSet');
      if (sets.length === 0) return;
      this.armResync();
      for (const s of sets) this.enqueue(keyOf(s));
    });
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object;
    const ref = controllerRefOf(pod);
    const oldRef = e.old ? controllerRefOf(e.old) : undefined;
    // updatePod: a changed controller ref also syncs the old owner.
    if (oldRef && (!ref || oldRef.uid !== ref.uid)) this.enqueueOwner(pod.metadata.namespace, oldRef);
    if (ref) {
      const set = this.enqueueOwner(pod.metadata.namespace, ref);
      if (set && e.type === 'MODIFIED' && e.old && !isPodReady(e.old) && isPodReady(pod)) {
        const mrs = Number(set.spec?.minReadySeconds ?? 0);
        // Add a second to avoid milliseconds skew in AddAfter (upstream comment).
        if (mrs > 0) this.delayed.addAfter(keyOf(set), mrs * 1000 + 1000);
      }
      return;
    }
    if (e.type === 'DELETED') return;
    // An orphan: every set whose selector matches may adopt it (getPodStatefulSets).
    if (e.type === 'MODIFIED' && e.old && sameLabels(e.old.metadata.labels, pod.metadata.labels) && !oldRef) return;
    for (const s of this.ctx.store.list('StatefulSet', { namespace: pod.metadata.namespace })) {
      const sel = selectorOf(s);
      if (sel && !sel.empty() && sel.matches(pod.metadata.labels ?? {})) this.enqueue(keyOf(s));
    }
  }

  private enqueueOwner(namespace: string | undefined, ref: { uid: string; kind: string; name: string }): KubeObject | undefined {
    if (ref.kind !== 'StatefulSet') return undefined;
    const set = this.ctx.store.get('StatefulSet', namespace, ref.name);
    if (!set || set.metadata.uid !== ref.uid) return undefined;
    this.enqueue(keyOf(set));
    return set;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = this.ctx.store.get('StatefulSet', namespace, name);
    if (!set) {
      this.failures.delete(key);
      return;
    }
    const selector = selectorOf(set);
    // An unparseable selector: upstream records an event and gives up (no requeue).
    if (!selector) return;
    // A selector matching everything is refused (Validation makes it impossible for apps/v1).
    if (selector.empty()) return;
    this.adoptOrphanRevisions(set, selector);
    const pods = this.podsForStatefulSet(set, selector);
    const { status, error } = this.control.updateStatefulSet(set, pods);
    if (error) {
      // workqueue.DefaultControllerRateLimiter: 5ms * 2^failures, capped at 1000s.
      const n = this.failures.get(key) ?? 0;
      this.failures.set(key, n + 1);
      this.delayed.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
      this.ctx.engine.record(STATEFULSET_COMPONENT, 'sync-error', key, error.message);
      return;
    }
    this.failures.delete(key);
    const mrs = Number(set.spec?.minReadySeconds ?? 0);
    // syncStatefulSet's AddAfter(minReadySeconds) while not all replicas are available. +1ms stands
    // for the sync latency a real cluster always has: with zero latency a pod's Ready time +
    // minReadySeconds would equal now and IsPodAvailable's strict test would fail (as replicaset.ts).
    if (mrs > 0 && status && status.availableReplicas !== Number(set.spec?.replicas ?? 1)) this.delayed.addAfter(key, mrs * 1000 + 1);
  }

  /** AdoptOrphanRevisions: orphan revisions matching the selector get the set's controller ref. */
  private adoptOrphanRevisions(set: KubeObject, selector: Selector): void {
    if (set.metadata.deletionTimestamp) return;
    for (const r of this.ctx.store.list('ControllerRevision', { namespace: set.metadata.namespace })) {
      if (controllerRefOf(r) || !selector.matches(r.metadata.labels ?? {})) continue;
      const refs = [...(r.metadata.ownerReferences ?? []), newControllerRef(set)];
      this.ctx.store.patch('ControllerRevision', r.metadata.namespace, r.metadata.name!, { metadata: { ownerReferences: refs } }, 'merge', { actor: STATEFULSET_COMPONENT, origin: 'system' });
    }
  }

  /**
   * getPodsForStatefulSet: ClaimPods with a filter that also requires the pod's name to parse as
   * `<set>-<ordinal>` (isMemberOf): matching orphans are adopted, owned pods that stop matching
   * are released.
   */
  private podsForStatefulSet(set: KubeObject, selector: Selector): KubeObject[] {
    // Upstream lists every pod of the namespace; only pods the selector matches (adoption
    // candidates) and pods the set already owns (release candidates) can change the outcome, so
    // the model lists those two through the store's indexes, in the same (name) order.
    const byName = new Map<string, KubeObject>();
    for (const p of this.ctx.store.list('Pod', { namespace: set.metadata.namespace, labelSelector: selector })) byName.set(p.metadata.name!, p);
    for (const d of this.ctx.store.dependents(set.metadata.uid!)) if (d.kind === 'Pod' && d.metadata.namespace === set.metadata.namespace) byName.set(d.metadata.name!, d);
    const pods = [...byName.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
    return claimObjects(this.ctx.store, set, 'Pod', pods, (p) => selector.matches(p.metadata.labels ?? {}) && isMemberOf(set, p), STATEFULSET_COMPONENT);
  }
}

function selectorOf(set: KubeObject): Selector | undefined {
  try {
    return labelSelectorAsSelector(set.spec?.selector);
  } catch {
    return undefined;
  }
}
