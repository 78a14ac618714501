import type { KubeObject, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';
import { labelSelectorAsSelector, type Selector } from '../api/selector.js';
import { getScaledValueFromIntOrPercent } from '../api/intstr.js';
import { Controller, keyOf } from './controller.js';
import { ControllerExpectations } from './replicaset-expectations.js';
import { claimObjects, newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf, isPodAvailable, isPodReady, sameLabels } from './replicaset-pod-util.js';
import { computeHash } from './deployment-hash.js';
import { findEqualRevisions, listControllerRevisions, nextRevision, sortControllerRevisions, updateControllerRevision } from './controller-history.js';
import {
  DAEMONSET_HASH_LABEL,
  DEPRECATED_TEMPLATE_GENERATION,
  POD_TEMPLATE_GENERATION_LABEL,
  daemonPodTolerations,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  replaceNodeNameAffinity,
  targetNodeName,
} from './daemonset-util.js';

const COMPONENT = 'daemonset-controller';
/** BurstReplicas (daemon_controller.go). */
export const DS_BURST_REPLICAS = 250;
/** failedPodsBackoff: flowcontrol.NewBackOff(1s, 15m). */
const FAILED_POD_BACKOFF_BASE_MS = 1000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60 * 1000;

function byName(a: KubeObject, b: KubeObject): number {
  return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
}

/** podByCreationTimestampAndPhase: older first, then by name. */
function byCreation(a: KubeObject, b: KubeObject): number {
  const d = fromTimestamp(a.metadata.creationTimestamp!) - fromTimestamp(b.metadata.creationTimestamp!);
  return d !== 0 ? d : byName(a, b);
}

/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go): one pod per
 * node that NodeShouldRunDaemonPod accepts, pinned by the node-affinity term `metadata.name In
 * [node]` (the default scheduler binds it), with the daemon tolerations; failed pods are killed
 * with a per-node back-off (FailedDaemonPod); RollingUpdate replaces old pods within maxUnavailable
 * (maxSurge 0) or surges a new pod first (maxSurge > 0); OnDelete only replaces deleted pods.
 * ControllerRevisions `<ds>-<hash>` record each template (label controller-revision-hash).
 */
export class DaemonSetController extends Controller {
  readonly expectations = new ControllerExpectations();
  /** DaemonSets whose next sync must claim pods (orphans that match, owned pods that stopped matching). */
  private readonly claimPending = new Set<string>();
  /** DaemonSet uid -> target node -> its pods (see nodesToDaemonPods). */
  private readonly index = new Map<string, Map<string, KubeObject[]>>();
  private readonly failedBackoff = new Map<string, { delay: number; last: number }>();

  constructor() {
    super(COMPONENT);
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onDaemonSet(e), ['DaemonSet']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
    this.ctx.store.watch((e) => this.onNode(e), ['Node']);
  }

  private onDaemonSet(e: WatchEvent): void {
    if (e.type === 'DELETED') this.expectations.delete(keyOf(e.object));
    if (e.type === 'ADDED') this.claimPending.add(keyOf(e.object));
    this.enqueue(keyOf(e.object));
  }

  private dsOf(pod: KubeObject): KubeObject | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.ctx.store.get('DaemonSet', pod.metadata.namespace, ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  private onPod(e: WatchEvent): void {
    this.indexPod(e);
    const pod = e.object;
    const ds = this.dsOf(pod);
    if (!ds) {
      // An orphan: the DaemonSets whose selector matches it may adopt it (getPodDaemonSets).
      if (e.type !== 'DELETED' && !pod.metadata.deletionTimestamp && !controllerRefOf(pod)) {
        for (const d of this.ctx.store.list('DaemonSet', { namespace: pod.metadata.namespace })) {
          const sel = selectorOf(d);
          if (sel && !sel.empty() && sel.matches(pod.metadata.labels ?? {})) {
            this.claimPending.add(keyOf(d));
            this.enqueue(keyOf(d));
          }
        }
      }
      return;
    }
    // An owned pod whose labels changed may have to be released.
    if (e.type === 'MODIFIED' && !sameLabels(e.old!.metadata.labels, pod.metadata.labels)) this.claimPending.add(keyOf(ds));
    const key = keyOf(ds);
    if (e.type === 'ADDED' && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(key);
    else if (e.type === 'DELETED' || pod.metadata.deletionTimestamp) this.expectations.deletionObserved(key, keyOf(pod));
    this.enqueue(key);
    // updatePod: a pod that just became ready is re-checked after minReadySeconds + 1s ("to avoid
    // milliseconds skew in AddAfter", upstream).
    const mrs = ds.spec?.minReadySeconds ?? 0;
    if (e.type === 'MODIFIED' && mrs > 0 && !isPodReady(e.old!) && isPodReady(pod)) this.enqueueAfter(key, mrs * 1000 + 1000);
  }

  private onNode(e: WatchEvent): void {
    if (e.type === 'MODIFIED') {
      // shouldIgnoreNodeUpdate: only label, taint and spec changes matter (not status heartbeats).
      const o = e.old!;
      const n = e.object;
      if (JSON.stringify(o.metadata.labels ?? {}) === JSON.stringify(n.metadata.labels ?? {}) && JSON.stringify(o.spec ?? {}) === JSON.stringify(n.spec ?? {})) return;
    }
    for (const ds of this.ctx.store.list('DaemonSet')) this.enqueue(keyOf(ds));
  }

  protected reconcile(key: string): void {
    try {
      this.syncDaemonSet(key);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.enqueueAfter(key, 1000);
    }
  }

  /**
   * The pods this DaemonSet controls, grouped by target node (getNodesToDaemonPods); deleted
   * terminal pods left out. Kept from the pod watch (`index`), so a sync does not scan the
   * DaemonSet's pods; the per-node lists are sorted by name.
   */
  private nodesToDaemonPods(ds: KubeObject): Map<string, KubeObject[]> {
    return this.index.get(ds.metadata.uid!) ?? new Map();
  }

  /** Keep `index` current with one pod change. */
  private indexPod(e: WatchEvent): void {
    const slot = (p: KubeObject): [string, string] | undefined => {
      const ref = controllerRefOf(p);
      if (!ref || ref.kind !== 'DaemonSet') return undefined;
      const node = targetNodeName(p);
      return node ? [ref.uid, node] : undefined;
    };
    const pod = e.object;
    const uid = pod.metadata.uid!;
    const remove = (s: [string, string] | undefined) => {
      if (!s) return;
      const byNode = this.index.get(s[0]);
      const list = byNode?.get(s[1]);
      if (!byNode || !list) return;
      const rest = list.filter((p) => p.metadata.uid !== uid);
      if (rest.length) byNode.set(s[1], rest);
      else byNode.delete(s[1]);
      if (byNode.size === 0) this.index.delete(s[0]);
    };
    if (e.old) remove(slot(e.old));
    const cur = slot(pod);
    remove(cur);
    if (!cur || e.type === 'DELETED') return;
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (terminal && pod.metadata.deletionTimestamp) return;
    let byNode = this.index.get(cur[0]);
    if (!byNode) this.index.set(cur[0], (byNode = new Map()));
    const list = [...(byNode.get(cur[1]) ?? []), pod].sort(byName);
    byNode.set(cur[1], list);
  }

  /**
   * getDaemonPods' ClaimPods (controller_ref_manager.go): adopt orphan pods the selector
   * matches, release owned pods it no longer matches. The index follows the ownerReference writes.
   */
  private claimPods(ds: KubeObject): void {
    const sel = selectorOf(ds);
    if (!sel || sel.empty()) return;
    const { store } = this.ctx;
    const seen = new Set<string>();
    const candidates: KubeObject[] = [];
    for (const p of [...store.list('Pod', { namespace: ds.metadata.namespace, labelSelector: sel }), ...store.dependents(ds.metadata.uid!).filter((o) => o.kind === 'Pod')]) {
      if (seen.has(p.metadata.uid!)) continue;
      seen.add(p.metadata.uid!);
      candidates.push(p);
    }
    candidates.sort(byName);
    claimObjects(store, ds, 'Pod', candidates, (p) => sel.matches(p.metadata.labels ?? {}), COMPONENT);
  }

  /** constructHistory: find or create the current ControllerRevision; returns its hash. */
  private constructHistory(ds: KubeObject): string {
    const { store } = this.ctx;
    let selector: ReturnType<typeof labelSelectorAsSelector>;
    try {
      selector = labelSelectorAsSelector(ds.spec?.selector);
    } catch {
      return '';
    }
    const revisions = sortControllerRevisions(listControllerRevisions(store, ds, (l) => selector.matches(l)));
    const template = ds.spec?.template ?? {};
    const data = { spec: { template: { ...template, $patch: 'replace' } } };
    const hash = templateHash(template, ds.status?.collisionCount);
    const probe: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: '' }, data };
    const equal = findEqualRevisions(revisions, probe);
    // currRevision = maxRevision(old) + 1: a template rolled back to moves to the newest number.
    const next = nextRevision(revisions.filter((r) => !equal.includes(r)));
    if (equal.length > 0) {
      const cur = equal[equal.length - 1]!;
      if (Number(cur.revision) < next) updateControllerRevision(store, cur, next, COMPONENT);
      return cur.metadata.labels?.[DAEMONSET_HASH_LABEL] ?? hash;
    }
    const rev: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), [DAEMONSET_HASH_LABEL]: hash },
        ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(ds)],
      },
      data,
      revision: next,
    };
    try {
      store.create(rev, { actor: COMPONENT, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
    }
    return hash;
  }

  private syncDaemonSet(key: string): void {
    const { store, engine } = this.ctx;
    const i = key.indexOf('/');
    const ds = store.get('DaemonSet', key.slice(0, i), key.slice(i + 1));
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const nodes = store.list('Node'); // sorted by name
    if (ds.metadata.deletionTimestamp) return;
    const hash = this.constructHistory(ds);
    // NodeShouldRunDaemonPod per node, once per sync (the nodes do not change within it).
    const fit = new Map<string, [boolean, boolean]>();
    for (const n of nodes) fit.set(n.metadata.name!, nodeShouldRunDaemonPodCached(n, ds));
    if (this.claimPending.delete(key)) this.claimPods(ds);
    let byNode = this.nodesToDaemonPods(ds);
    if (this.expectations.satisfied(key, engine.now)) {
      if (this.manage(key, ds, nodes, hash, byNode, fit)) byNode = this.nodesToDaemonPods(ds);
      if (this.expectations.satisfied(key, engine.now) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        if (this.rollingUpdate(key, ds, nodes, hash, byNode, fit)) byNode = this.nodesToDaemonPods(ds);
      }
      this.cleanupHistory(ds, hash, byNode);
    }
    this.updateStatus(key, ds, nodes, hash, byNode, fit);
  }

  /** manage: podsShouldBeOnNode for every node, then syncNodes; true when it created or deleted pods. */
  private manage(key: string, ds: KubeObject, nodes: KubeObject[], hash: string, byNode: Map<string, KubeObject[]>, fit: Map<string, [boolean, boolean]>): boolean {
    const surge = allowsSurge(ds);
    const needing: string[] = [];
    const toDelete: KubeObject[] = [];
    const now = this.ctx.engine.now;
    for (const node of nodes) {
      const name = node.metadata.name!;
      const [shouldRun, shouldContinue] = fit.get(name)!;
      const pods = byNode.get(name);
      if (shouldRun && !pods) {
        needing.push(name);
        continue;
      }
      if (!pods) continue;
      if (shouldContinue) {
        const running: KubeObject[] = [];
        for (const p of pods) {
          if (p.metadata.deletionTimestamp) continue;
          if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') {
            // Avoid hot-looping with a kubelet that rejects the pod: per-node back-off 1s doubling to 15m.
            const bkey = `${ds.metadata.uid}/${name}`;
            const b = this.failedBackoff.get(bkey);
            if (b && now - b.last < b.delay) {
              this.enqueueAfter(key, b.delay - (now - b.last));
              continue;
            }
            const delay = b ? Math.min(b.delay * 2, FAILED_POD_BACKOFF_MAX_MS) : FAILED_POD_BACKOFF_BASE_MS;
            this.failedBackoff.set(bkey, { delay, last: now });
            if (p.status?.phase === 'Failed') this.ctx.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it`, COMPONENT);
            else this.ctx.events.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to delete it`, COMPONENT);
            toDelete.push(p);
          } else running.push(p);
        }
        if (running.length <= 1) continue;
        running.sort(byCreation);
        if (!surge) {
          // Without surge, more than one running pod on a node: all but the oldest go.
          toDelete.push(...running.slice(1));
          continue;
        }
        // With surge: keep the oldest updated pod; delete old pods once it is available.
        const updated = running.filter((p) => isPodUpdated(p, hash, templateGeneration(ds)));
        const old = running.filter((p) => !isPodUpdated(p, hash, templateGeneration(ds)));
        if (updated.length > 0) {
          toDelete.push(...updated.slice(1));
          if (isPodAvailable(updated[0]!, ds.spec?.minReadySeconds ?? 0, now)) toDelete.push(...old);
          else toDelete.push(...old.slice(1));
        } else toDelete.push(...old.slice(1));
        continue;
      }
      for (const p of pods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
    }
    return this.syncNodes(key, ds, toDelete, needing, hash);
  }

  /** syncNodes: create one pod per node in slow-start batches, then delete (at most 250 each way); true when it acted. */
  private syncNodes(key: string, ds: KubeObject, toDelete: KubeObject[], needing: string[], hash: string): boolean {
    const { store, events, engine } = this.ctx;
    const create = needing.slice(0, DS_BURST_REPLICAS);
    const del = toDelete.slice(0, DS_BURST_REPLICAS);
    if (create.length === 0 && del.length === 0) return false;
    this.expectations.expectCreations(key, create.length, engine.now);
    if (del.length) this.expectations.expectDeletions(key, del.map((p) => keyOf(p)), engine.now);
    let made = 0;
    let remaining = create.length;
    let idx = 0;
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      let errors = 0;
      for (let j = 0; j < batch; j++) {
        const node = create[idx++]!;
        try {
          const c = store.create(daemonPod(ds, node, hash), { actor: COMPONENT, origin: 'system' });
          events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${c.metadata.name}`, COMPONENT);
          made++;
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, COMPONENT);
          errors++;
        }
      }
      remaining -= batch;
      if (errors > 0) break;
    }
    for (let s = create.length - made; s > 0; s--) this.expectations.creationObserved(key);
    for (const p of del) {
      try {
        store.delete('Pod', p.metadata.namespace, p.metadata.name!, { actor: COMPONENT });
        events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.expectations.deletionObserved(key, keyOf(p));
        if (e.reason !== 'NotFound') events.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, COMPONENT);
      }
    }
    return true;
  }

  /**
   * rollingUpdate (update.go). maxSurge 0: old pods are deleted (the manage loop then creates the
   * new one) while unavailable pods stay within maxUnavailable; unavailable old pods are always
   * replaced. maxSurge > 0: a new pod is created next to an old one on up to maxSurge nodes
   * (old pods that are not available are replaced at once); the manage loop deletes the old pod
   * once the new one is available.
   */
  private rollingUpdate(key: string, ds: KubeObject, nodes: KubeObject[], hash: string, byNode: Map<string, KubeObject[]>, fit: Map<string, [boolean, boolean]>): boolean {
    const now = this.ctx.engine.now;
    let desired = 0;
    for (const f of fit.values()) if (f[0]) desired++;
    const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
    const maxSurge = allowsSurge(ds) ? getScaledValueFromIntOrPercent(ru.maxSurge ?? 0, desired, true) : 0;
    let maxUnavailable = getScaledValueFromIntOrPercent(ru.maxUnavailable ?? 1, desired, true);
    if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    const mrs = ds.spec?.minReadySeconds ?? 0;
    const gen = templateGeneration(ds);
    // Go ranges over a map here (random order); node-name order keeps runs reproducible.
    const names: string[] = [];
    for (const n of nodes) if (byNode.has(n.metadata.name!)) names.push(n.metadata.name!);
    // Pods for nodes that no longer exist count too (at the end, by name).
    if (names.length < byNode.size) {
      const known = new Set(names);
      names.push(...[...byNode.keys()].filter((n) => !known.has(n)).sort());
    }
    if (maxSurge === 0) {
      let numUnavailable = 0;
      const allowed: KubeObject[] = [];
      const candidates: KubeObject[] = [];
      for (const node of names) {
        const r = findUpdatedPodsOnNode(byNode.get(node)!, hash, gen);
        if (!r) {
          numUnavailable++;
          continue;
        }
        const { newPod, oldPod } = r;
        if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
        else if (newPod) {
          if (!isPodAvailable(newPod, mrs, now)) numUnavailable++;
        } else if (!isPodAvailable(oldPod!, mrs, now)) allowed.push(oldPod!);
        else if (numUnavailable >= maxUnavailable) continue;
        else candidates.push(oldPod!);
      }
      const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
      return this.syncNodes(key, ds, [...allowed, ...candidates.slice(0, remaining)], [], hash);
    }
    // Surge: count nodes that already run an extra (new) pod next to an old one.
    let numSurge = 0;
    const allowedNew: string[] = [];
    const candidateNew: string[] = [];
    const oldToDelete: KubeObject[] = [];
    for (const node of names) {
      const r = findUpdatedPodsOnNode(byNode.get(node)!, hash, gen);
      if (!r) continue;
      const { newPod, oldPod } = r;
      if (!oldPod) continue;
      if (!newPod) {
        if (!isPodAvailable(oldPod, mrs, now)) allowedNew.push(node);
        else candidateNew.push(node);
        continue;
      }
      numSurge++;
      if (isPodAvailable(newPod, mrs, now)) oldToDelete.push(oldPod);
    }
    const room = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
    return this.syncNodes(key, ds, oldToDelete, [...allowedNew, ...candidateNew.slice(0, room)], hash);
  }

  /** cleanupHistory: keep revisionHistoryLimit old revisions that no live pod uses. */
  private cleanupHistory(ds: KubeObject, hash: string, byNode: Map<string, KubeObject[]>): void {
    const { store } = this.ctx;
    let selector: ReturnType<typeof labelSelectorAsSelector>;
    try {
      selector = labelSelectorAsSelector(ds.spec?.selector);
    } catch {
      return;
    }
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    const old = sortControllerRevisions(listControllerRevisions(store, ds, (l) => selector.matches(l))).filter((r) => r.metadata.labels?.[DAEMONSET_HASH_LABEL] !== hash);
    let excess = old.length - limit;
    if (excess <= 0) return;
    const live = new Set<string>();
    for (const pods of byNode.values()) for (const p of pods) if (p.metadata.labels?.[DAEMONSET_HASH_LABEL]) live.add(p.metadata.labels[DAEMONSET_HASH_LABEL]);
    for (const r of old) {
      if (excess <= 0) break;
      if (live.has(r.metadata.labels?.[DAEMONSET_HASH_LABEL] ?? '')) continue;
      try {
        store.delete('ControllerRevision', r.metadata.namespace, r.metadata.name!, { actor: COMPONENT });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
      excess--;
    }
  }

  /** updateDaemonSetStatus: the counters from the oldest pod per node. */
  private updateStatus(key: string, ds: KubeObject, nodes: KubeObject[], hash: string, byNode: Map<string, KubeObject[]>, fit: Map<string, [boolean, boolean]>): void {
    const { store, engine } = this.ctx;
    const now = engine.now;
    const mrs = ds.spec?.minReadySeconds ?? 0;
    const gen = templateGeneration(ds);
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of nodes) {
      const [shouldRun] = fit.get(node.metadata.name!)!;
      const pods = byNode.get(node.metadata.name!);
      if (shouldRun) {
        desired++;
        if (!pods) continue;
        current++;
        let pod = pods[0]!;
        for (let k = 1; k < pods.length; k++) if (byCreation(pods[k]!, pod) < 0) pod = pods[k]!;
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, mrs, now)) available++;
        }
        if (isPodUpdated(pod, hash, gen)) updated++;
      } else if (pods) misscheduled++;
    }
    const status: Record<string, unknown> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
    };
    if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
    status.updatedNumberScheduled = updated;
    status.numberAvailable = available;
    if (desired - available) status.numberUnavailable = desired - available;
    if (ds.status?.collisionCount != null) status.collisionCount = ds.status.collisionCount;
    if (ds.status?.conditions) status.conditions = ds.status.conditions;
    if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) store.updateStatus({ ...ds, status }, { actor: COMPONENT, origin: 'system' });
    // AddAfter(minReadySeconds) while some ready pod is not yet available. +1ms stands for the sync
    // latency a real cluster always has: with zero latency the pod's Ready time + minReadySeconds
    // would equal now and IsPodAvailable's strict test would fail (as replicaset.ts, statefulset.ts).
    if (mrs > 0 && ready !== available) this.enqueueAfter(key, mrs * 1000 + 1);
  }
}

/** The DaemonSet's parsed selector, cached per (immutable) spec.selector object; undefined when invalid. */
const selectorCache = new WeakMap<object, Selector | null>();
function selectorOf(ds: KubeObject): Selector | undefined {
  const raw = ds.spec?.selector;
  if (!raw || typeof raw !== 'object') return undefined;
  let s = selectorCache.get(raw);
  if (s === undefined) {
    try {
      s = labelSelectorAsSelector(raw);
    } catch {
      s = null;
    }
    selectorCache.set(raw, s);
  }
  return s ?? undefined;
}

/** controller.ComputeHash of a (immutable) template object, cached per collisionCount. */
const hashCache = new WeakMap<object, Map<number | undefined, string>>();
function templateHash(template: any, collisionCount: number | undefined): string {
  if (!template || typeof template !== 'object') return computeHash(template, collisionCount);
  let m = hashCache.get(template);
  if (!m) hashCache.set(template, (m = new Map()));
  let h = m.get(collisionCount);
  if (h === undefined) m.set(collisionCount, (h = computeHash(template, collisionCount)));
  return h;
}

/** Node objects and DaemonSet templates are immutable values: cache the fit per (node, template). */
const fitCache = new WeakMap<object, WeakMap<object, [boolean, boolean]>>();
function nodeShouldRunDaemonPodCached(node: KubeObject, ds: KubeObject): [boolean, boolean] {
  const tmpl = ds.spec?.template;
  if (!tmpl || typeof tmpl !== 'object') return nodeShouldRunDaemonPod(node, ds);
  let m = fitCache.get(node);
  if (!m) fitCache.set(node, (m = new WeakMap()));
  let r = m.get(tmpl);
  if (!r) m.set(tmpl, (r = nodeShouldRunDaemonPod(node, ds)));
  return r;
}

/** util.AllowsSurge: RollingUpdate with a non-zero maxSurge. */
function allowsSurge(ds: KubeObject): boolean {
  const us = ds.spec?.updateStrategy;
  if ((us?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const s = us?.rollingUpdate?.maxSurge;
  return s != null && s !== 0 && s !== '0%' && s !== '0';
}

function templateGeneration(ds: KubeObject): string | undefined {
  return ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION];
}

/** findUpdatedPodsOnNode: at most one new and one old non-deleted pod, else undefined (let manage clean up). */
function findUpdatedPodsOnNode(pods: KubeObject[], hash: string, gen: string | undefined): { newPod?: KubeObject; oldPod?: KubeObject } | undefined {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, gen)) {
      if (newPod) return undefined;
      newPod = p;
    } else {
      if (oldPod) return undefined;
      oldPod = p;
    }
  }
  return { newPod, oldPod };
}

/**
 * The pod for one node (util.CreatePodTemplate + ReplaceDaemonSetPodNodeNameNodeAffinity):
 * generateName `<ds>-`, template labels + controller-revision-hash (+ pod-template-generation),
 * the daemon tolerations, and required node affinity `metadata.name In [node]`.
 */
export function daemonPod(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const t = ds.spec?.template ?? {};
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
  const gen = templateGeneration(ds);
  if (gen !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[DAEMONSET_HASH_LABEL] = hash;
  const metadata: KubeObject['metadata'] = { generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, labels };
  if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) metadata.finalizers = [...t.metadata.finalizers];
  metadata.ownerReferences = [newControllerRef(ds)];
  const spec = { ...(t.spec ?? {}), tolerations: daemonPodTolerations(t.spec), affinity: replaceNodeNameAffinity(t.spec?.affinity, nodeName) };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
