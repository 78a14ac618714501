import type { KubeObject, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { labelSelectorAsSelector, type Selector } from '../api/selector.js';
import { Controller, keyOf } from './controller.js';
import { claimObjects } from './replicaset-ref-manager.js';
import { DelayingQueue } from './replicaset-delaying-queue.js';
import { controllerRefOf, sameLabels, sameRef } from './replicaset-pod-util.js';
import { DEPLOYMENT_COMPONENT, type DeploymentOps } from './deployment-ops.js';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly, writeDeploymentStatus } from './deployment-sync.js';
import { rolloutRolling } from './deployment-rolling.js';
import { rolloutRecreate } from './deployment-recreate.js';
import { cloneJson } from './clone-json.js';
import { getRollbackTo, rollbackFromAnnotation } from './deployment-rollback-annotation.js';

/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go). syncDeployment
 * in upstream order: claim ReplicaSets; deleted → status only; paused conditions; paused →
 * sync (scaling, no rollout); scaling event → sync (proportional); else Recreate or
 * RollingUpdate rollout. Every scale decision is announced on ctx.actions for the
 * deployment-surge-bound and deployment-availability-floor invariants.
 * The deprecated `deprecated.deployment.rollback.to` annotation is honoured (rollback.go);
 * kubectl's client-side undo is in deployment-rollback.ts.
 */
export class DeploymentController extends Controller {
  private readonly failures = new Map<string, number>();
  private ops!: DeploymentOps;
  private delayed!: DelayingQueue;

  constructor() {
    super(DEPLOYMENT_COMPONENT);
  }

  protected setup(): void {
    const { store } = this.ctx;
    this.delayed = new DelayingQueue(this.ctx.engine, DEPLOYMENT_COMPONENT, (k) => this.enqueue(k));
    this.ops = { ctx: this.ctx, enqueueAfter: (k, ms) => this.delayed.addAfter(k, ms), enqueueRateLimited: (k) => this.enqueueRateLimited(k) };
    store.watch((e) => this.enqueue(keyOf(e.object)), ['Deployment']);
    for (const rs of store.list('ReplicaSet', { namespace: '' })) this.trackOrphan({ type: 'ADDED', kind: 'ReplicaSet', object: rs, old: undefined });
    store.watch((e) => this.onReplicaSet(e), ['ReplicaSet']);
    store.watch((e) => {
      if (e.type === 'DELETED') this.onPodDeleted(e.object);
    }, ['Pod']);
  }

  /** AddRateLimited after a success: the per-item limiter was just reset (Forget), so 5ms, unless the bucket says later. */
  enqueueRateLimited(key: string): void {
    this.delayed.addAfter(key, Math.max(5, this.bucketDelay()));
  }

  // workqueue.DefaultControllerRateLimiter is MaxOf(per-item exponential 5ms..1000s, a token
  // bucket of 10 qps with burst 100 shared by every key): golang.org/x/time/rate Reserve lets
  // tokens go negative and delays by the time needed to pay them back.
  private bucketTokens = 100;
  private bucketLast = 0;
  private bucketDelay(): number {
    const now = this.ctx.engine.now;
    this.bucketTokens = Math.min(100, this.bucketTokens + ((now - this.bucketLast) * 10) / 1000);
    this.bucketLast = now;
    this.bucketTokens -= 1;
    return this.bucketTokens >= 0 ? 0 : Math.ceil((-this.bucketTokens * 1000) / 10);
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): KubeObject | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.ctx.store.get('Deployment', namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: Deployments whose non-empty selector matches an orphan RS. */
  private deploymentsFor(o: KubeObject): KubeObject[] {
    return this.ctx.store.list('Deployment', { namespace: o.metadata.namespace }).filter((d) => {
      const s = selectorOf(d);
      return s !== undefined && !s.empty() && s.matches(o.metadata.labels ?? {});
    });
  }

  private onReplicaSet(e: WatchEvent): void {
    this.trackOrphan(e);
    const rs = e.object;
    const ref = controllerRefOf(rs);
    if (e.type === 'ADDED' || e.type === 'DELETED') {
      if (ref) {
        const d = this.resolveControllerRef(rs.metadata.namespace, ref);
        if (d) this.enqueue(keyOf(d));
        return;
      }
      if (e.type === 'ADDED') for (const d of this.deploymentsFor(rs)) this.enqueue(keyOf(d));
      return;
    }
    const old = e.old!;
    const oldRef = controllerRefOf(old);
    const refChanged = !sameRef(ref, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (d) this.enqueue(keyOf(d));
    }
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.enqueue(keyOf(d));
      return;
    }
    const labelChanged = !sameLabels(old.metadata.labels, rs.metadata.labels);
    if (labelChanged || refChanged) for (const d of this.deploymentsFor(rs)) this.enqueue(keyOf(d));
  }

  /** deletePod: a Recreate Deployment syncs when its last pod is gone. */
  private onPodDeleted(pod: KubeObject): void {
    const rsRef = controllerRefOf(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.ctx.store.get('ReplicaSet', pod.metadata.namespace, rsRef.name);
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, controllerRefOf(rs));
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const rsList = this.ctx.store.list('ReplicaSet', { namespace: d.metadata.namespace }).filter((r) => controllerRefOf(r)?.uid === d.metadata.uid);
    const podMap = this.podMap(d, rsList);
    let n = 0;
    for (const pods of podMap.values()) n += pods.length;
    if (n === 0) this.enqueue(keyOf(d));
  }

  protected reconcile(key: string): void {
    try {
      this.syncDeployment(key);
      this.failures.delete(key);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const n = this.failures.get(key) ?? 0;
      this.failures.set(key, n + 1);
      this.delayed.addAfter(key, Math.max(Math.min(5 * 2 ** n, 1_000_000), this.bucketDelay()));
    }
  }

  private syncDeployment(key: string): void {
    const { store, events } = this.ctx;
    const i = key.indexOf('/');
    const stored = store.get('Deployment', i < 0 ? undefined : key.slice(0, i), i < 0 ? key : key.slice(i + 1));
    if (!stored) return;
    const d = workingCopy(stored);
    if (d.spec?.selector && typeof d.spec.selector === 'object') selectorCache.set(d.spec.selector, selectorOf(stored) ?? null);
    const sel = d.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      events.record(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', DEPLOYMENT_COMPONENT);
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        writeDeploymentStatus(this.ops, d);
      }
      return;
    }
    const rsList = this.getReplicaSetsForDeployment(d);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(this.ops, d, rsList);
    checkPausedConditions(this.ops, d);
    if (d.spec?.paused) return sync(this.ops, d, rsList);
    // Not re-entrant: the annotation is cleared before anything else is updated.
    if (getRollbackTo(d) !== undefined) return rollbackFromAnnotation(this.ops, d, rsList);
    if (isScalingEvent(this.ops, d, rsList)) return sync(this.ops, d, rsList);
    // getPodMapForDeployment: only Recreate reads it, so only Recreate pays for the pod list.
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(this.ops, d, rsList, this.podMap(d, rsList));
    return rolloutRolling(this.ops, d, rsList);
  }

  /** getReplicaSetsForDeployment: claim (adopt/release) the namespace's ReplicaSets by selector. */
  private getReplicaSetsForDeployment(d: KubeObject): KubeObject[] {
    const selector = selectorOf(d);
    if (!selector) return [];
    return claimObjects(this.ctx.store, d, 'ReplicaSet', this.candidateReplicaSets(d), (rs) => selector.matches(rs.metadata.labels ?? {}), DEPLOYMENT_COMPONENT);
  }

  /**
   * The namespace's ReplicaSets ClaimReplicaSets could act on, in name order: those with an
   * owner reference to `d` and the orphans (no controllerRef). The ref manager skips every RS
   * another controller owns, so leaving those out gives the same claim without listing the
   * namespace's ReplicaSets per sync.
   */
  private candidateReplicaSets(d: KubeObject): KubeObject[] {
    const { store } = this.ctx;
    const ns = d.metadata.namespace;
    const out: KubeObject[] = [];
    for (const o of store.dependents(d.metadata.uid!)) if (o.kind === 'ReplicaSet' && o.metadata.namespace === ns) out.push(o);
    const orphans = this.orphanReplicaSets.get(ns ?? '');
    if (!orphans || orphans.size === 0) return out;
    const seen = new Set(out.map((o) => o.metadata.uid));
    for (const name of orphans) {
      const rs = store.get('ReplicaSet', ns, name);
      if (rs && !controllerRefOf(rs) && !seen.has(rs.metadata.uid)) out.push(rs);
    }
    return out.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  }

  /** ReplicaSets without a controllerRef, by namespace (names), kept from the watch. */
  private readonly orphanReplicaSets = new Map<string, Set<string>>();

  private trackOrphan(e: WatchEvent): void {
    const rs = e.object;
    const ns = rs.metadata.namespace ?? '';
    if (e.type !== 'DELETED' && !controllerRefOf(rs)) {
      let set = this.orphanReplicaSets.get(ns);
      if (!set) this.orphanReplicaSets.set(ns, (set = new Set()));
      set.add(rs.metadata.name!);
    } else this.orphanReplicaSets.get(ns)?.delete(rs.metadata.name!);
  }

  /** getPodMapForDeployment: pods the selector matches, grouped by controlling RS uid (terminating and finished pods included). */
  private podMap(d: KubeObject, rsList: KubeObject[]): Map<string, KubeObject[]> {
    const m = new Map<string, KubeObject[]>();
    for (const rs of rsList) m.set(rs.metadata.uid!, []);
    const selector = selectorOf(d);
    if (!selector) return m;
    for (const pod of this.ctx.store.list('Pod', { namespace: d.metadata.namespace, labelSelector: selector })) {
      const ref = controllerRefOf(pod);
      if (ref && m.has(ref.uid)) m.get(ref.uid)!.push(pod);
    }
    return m;
  }
}

/**
 * The sync's working copy (upstream: d.DeepCopy()), mutated in place by the sync functions.
 * spec.template is shared with the stored object: the sync only ever replaces a template
 * (rollback), never edits one, and store objects are immutable.
 */
function workingCopy(stored: KubeObject): KubeObject {
  const template = stored.spec?.template;
  if (template === undefined) return cloneJson(stored);
  const d: KubeObject = cloneJson({ ...stored, spec: { ...stored.spec, template: undefined } });
  d.spec.template = template;
  return d;
}

/**
 * The parsed selector per spec.selector object (immutable in the store, and kept by status
 * updates); a sync's working copy maps its cloned selector to the stored one's.
 */
const selectorCache = new WeakMap<object, Selector | null>();
function selectorOf(d: KubeObject): Selector | undefined {
  const sel = d.spec?.selector;
  const key = sel && typeof sel === 'object' ? (sel as object) : undefined;
  const cached = key ? selectorCache.get(key) : undefined;
  if (cached !== undefined) return cached ?? undefined;
  let s: Selector | null;
  try {
    s = labelSelectorAsSelector(sel);
  } catch {
    s = null;
  }
  if (key) selectorCache.set(key, s);
  return s ?? undefined;
}
