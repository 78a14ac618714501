import { fromTimestamp, toTimestamp } from '../api/time.js';
import type { Timer } from '../engine/engine.js';
import { ApiError, type KubeObject, type WatchEvent } from '../store/types.js';
import { Controller } from './controller.js';
import { markPodsNotReady, NODE_CONTROLLER_EVENT_SOURCE, nodeRef } from './node-lifecycle-pods.js';
import { RateLimitedTimedQueue } from './node-lifecycle-rate-limited-queue.js';
import {
  matchTaint,
  NOT_READY_NO_EXECUTE,
  swapNodeTaints,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  taintExists,
  UNREACHABLE_NO_EXECUTE,
  type NodeTaint,
} from './node-lifecycle-taints.js';
import { computeZoneState, excludedFromDisruption, zoneKey, type ZoneState } from './node-lifecycle-zones.js';

/** scheduler.NodeEvictionPeriod: how often doNoExecuteTaintingPass runs. */
export const NODE_EVICTION_PERIOD = 100;

/** nodeConditionToTaintKeyStatusMap (node_lifecycle_controller.go). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_NETWORK_UNAVAILABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE]);

/** Conditions set to Unknown when the kubelet goes silent (NetworkUnavailable is the control plane's). */
const SILENCED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** labelReconcileInfo: the beta OS/arch labels follow the stable ones. */
const LABEL_RECONCILE: Array<[string, string]> = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

interface NodeCondition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** nodeHealthData: what the controller last saw of a node, with its own clock's timestamps (ms). */
interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: any;
  /** renewTime of the lease last seen (as stored, and in ms), or undefined. */
  leaseRenew: string | undefined;
  leaseRenewMs: number;
}

function condition(status: any, type: string): NodeCondition | undefined {
  const list = status?.conditions;
  if (!Array.isArray(list)) return undefined;
  // A plain loop: this runs for every pod bound (processPod's Ready check).
  for (let i = 0; i < list.length; i++) if (list[i].type === type) return list[i];
  return undefined;
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    a.lastHeartbeatTime === b.lastHeartbeatTime &&
    a.lastTransitionTime === b.lastTransitionTime &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '')
  );
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 *  - monitorNodeHealth every nodeMonitorPeriod: a node whose Lease and Ready heartbeat have not
 *    moved for nodeMonitorGracePeriod (nodeStartupGracePeriod before its first status) gets
 *    Ready/MemoryPressure/DiskPressure/PIDPressure Unknown; on that transition its pods are
 *    marked not Ready and a NodeNotReady event is recorded;
 *  - processTaintBaseEviction: a node observed NotReady/Unknown is queued for the not-ready /
 *    unreachable NoExecute taint; doNoExecuteTaintingPass applies the queue every 100ms,
 *    rate-limited per zone (--node-eviction-rate 0.1/s, burst 1), stopped when every zone is
 *    fully disrupted (handleDisruption); a Ready node loses both taints at once;
 *  - doNoScheduleTaintingPass on every node change (TaintNodesByCondition): NoSchedule taints
 *    for the conditions and for spec.unschedulable, with timeAdded;
 *  - processPod: a pod newly bound to a not-Ready node is marked not Ready.
 */
export class NodeLifecycleController extends Controller {
  private readonly known = new Map<string, KubeObject>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();
  private taintPass: Timer | undefined;
  private startedAt = 0;

  constructor() {
    super('node-lifecycle-controller');
  }

  protected setup(): void {
    this.startedAt = this.ctx.engine.now;
    this.ctx.store.watch((e) => this.onNode(e), ['Node']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
    // wait.UntilWithContext runs the first pass at once.
    this.ctx.engine.at(this.ctx.engine.now, this.name, 'monitor-node-health', 'nodes', () => this.monitorPass());
  }

  /** The zone state of a zone key ("" when nodes carry no topology labels), for tests and reports. */
  zoneState(zone: string): ZoneState | undefined {
    return this.zoneStates.get(zone);
  }

  private onNode(e: WatchEvent): void {
    const name = e.object.metadata.name!;
    if (e.type === 'DELETED') {
      this.nodesToRetry.delete(name);
      return;
    }
    this.enqueue(name);
  }

  /**
   * podUpdated: a pod that got (or changed) its node. processPod only acts when the node was
   * last seen not Ready, so only those pods are queued (saves an event per binding).
   */
  private onPod(e: WatchEvent): void {
    if (e.type === 'DELETED') return;
    const node = e.object.spec?.nodeName;
    if (!node || (e.old !== undefined && e.old.spec?.nodeName === node)) return;
    const ready = condition(this.health.get(node)?.status, 'Ready');
    if (ready && ready.status !== 'True') this.enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
  }

  protected reconcile(key: string): void {
    if (key.includes('/')) this.processPod(key);
    else {
      this.doNoScheduleTaintingPass(key);
      this.reconcileNodeLabels(key);
    }
  }

  // ---------------------------------------------------------------- monitorNodeHealth

  private monitorPass(): void {
    this.monitorNodeHealth();
    this.ctx.engine.after(this.ctx.settings.nodeMonitorPeriod, this.name, 'monitor-node-health', 'nodes', () => this.monitorPass());
  }

  private monitorNodeHealth(): void {
    const store = this.ctx.store;
    const nodes = store.list('Node');
    // classifyNodes
    const added: KubeObject[] = [];
    for (const n of nodes) {
      if (!this.known.has(n.metadata.name!)) added.push(n);
      else if (!this.zoneStates.has(zoneKey(n))) this.addTainterForNewZone(n);
    }
    // Only when the counts disagree was some known node removed (as upstream checks).
    const deleted: string[] = [];
    if (this.known.size + added.length !== nodes.length) {
      const names = new Set(nodes.map((n) => n.metadata.name!));
      for (const name of [...this.known.keys()].sort(byName)) if (!names.has(name)) deleted.push(name);
    }
    for (const n of added) {
      const name = n.metadata.name!;
      this.ctx.events.record(nodeRef(n), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, NODE_CONTROLLER_EVENT_SOURCE);
      this.known.set(name, n);
      this.addTainterForNewZone(n);
      this.markNodeAsReachable(n);
    }
    for (const name of deleted) {
      const n = this.known.get(name)!;
      this.ctx.events.record(nodeRef(n), 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`, NODE_CONTROLLER_EVENT_SOURCE);
      this.known.delete(name);
    }

    const zoneConditions = new Map<string, Array<string | undefined>>();
    for (const listed of nodes) {
      const name = listed.metadata.name!;
      const r = this.tryUpdateNodeHealth(listed);
      if (!r) continue;
      const { observed, current, written } = r;
      if (!excludedFromDisruption(listed)) {
        const z = zoneKey(listed);
        const list = zoneConditions.get(z) ?? [];
        list.push(current?.status);
        zoneConditions.set(z, list);
      }
      if (current) {
        // The node as this pass holds it: the listed spec (taints) with the status just written.
        const node = written ? (store.get('Node', undefined, name) ?? listed) : listed;
        this.processTaintBaseEviction(node, observed);
        const needsRetry = this.nodesToRetry.has(name);
        if (current.status !== 'True' && observed.status === 'True') {
          this.ctx.events.record(nodeRef(node), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, NODE_CONTROLLER_EVENT_SOURCE);
          markPodsNotReady(store, this.ctx.events, store.podsOnNode(name), name, this.name);
        } else if (needsRetry && observed.status !== 'True') {
          markPodsNotReady(store, this.ctx.events, store.podsOnNode(name), name, this.name);
        }
      }
      this.nodesToRetry.delete(name);
    }
    this.handleDisruption(zoneConditions, nodes);
  }

  /**
   * tryUpdateNodeHealth: refresh the probe timestamp when the Ready heartbeat or the Lease
   * moved; past the grace period set the conditions Unknown. Returns the Ready condition as
   * observed at the start of the pass and as it stands now.
   */
  private tryUpdateNodeHealth(node: KubeObject): { observed: NodeCondition; current: NodeCondition | undefined; written?: boolean } | undefined {
    const store = this.ctx.store;
    const now = this.ctx.engine.now;
    const name = node.metadata.name!;
    const settings = this.ctx.settings;
    let h = this.health.get(name);
    const currentReady = condition(node.status, 'Ready');
    let observed: NodeCondition;
    let grace: number;
    if (!currentReady) {
      // Never posted: a fake Unknown condition dated at creation, and the startup grace period.
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
      grace = settings.nodeStartupGracePeriod;
      const created = node.metadata.creationTimestamp ? fromTimestamp(node.metadata.creationTimestamp) : now;
      h = h ? { ...h, status: node.status } : { status: node.status, probeTimestamp: created, readyTransitionTimestamp: created, leaseRenew: undefined, leaseRenewMs: 0 };
    } else {
      observed = currentReady; // stored objects are immutable: no copy needed
      grace = settings.nodeMonitorGracePeriod;
    }
    const saved = h ? condition(h.status, 'Ready') : undefined;
    const savedLease = h?.leaseRenew;
    const savedLeaseMs = h?.leaseRenewMs ?? 0;
    // A new record drops the lease (upstream's nodeHealthData literal has no lease).
    if (!h) {
      h = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, leaseRenew: undefined, leaseRenewMs: 0 };
    } else if (!saved && currentReady) {
      h = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, leaseRenew: undefined, leaseRenewMs: 0 };
    } else if (saved && !currentReady) {
      h = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, leaseRenew: undefined, leaseRenewMs: 0 };
    } else if (saved && currentReady && saved.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
      const transition = saved.lastTransitionTime !== currentReady.lastTransitionTime ? now : h.readyTransitionTimestamp;
      h = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: transition, leaseRenew: undefined, leaseRenewMs: 0 };
    }
    // Always update the probe time when the node's lease was renewed (parsed only when it changed).
    const renew: string | undefined = store.get('Lease', 'kube-node-lease', name)?.spec?.renewTime;
    if (renew && renew !== savedLease) {
      const renewMs = fromTimestamp(renew);
      if (savedLease === undefined || savedLeaseMs < renewMs) {
        h.leaseRenew = renew;
        h.leaseRenewMs = renewMs;
        h.probeTimestamp = now;
      }
    }
    this.health.set(name, h);

    // Upstream tests `now.After(probe + grace)`; real passes are 5s plus processing time apart,
    // so the pass grace/period passes after the probe is already past it: modelled as >=.
    if (now < h.probeTimestamp + grace) return { observed, current: currentReady };
    const ts = toTimestamp(now);
    const conditions: NodeCondition[] = Array.isArray(node.status?.conditions) ? node.status.conditions.map((c: NodeCondition) => ({ ...c })) : [];
    for (const type of SILENCED_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: ts, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = ts;
      }
    }
    const current = conditions.find((c) => c.type === 'Ready');
    if (sameCondition(current, observed)) return { observed, current: currentReady };
    const status = { ...(node.status ?? {}), conditions };
    try {
      store.updateStatus({ ...node, status }, { actor: this.name, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // "Skipping - no pods will be evicted" for this pass.
      return undefined;
    }
    const leaseMs = renew === undefined ? 0 : renew === h.leaseRenew ? h.leaseRenewMs : fromTimestamp(renew);
    this.health.set(name, { status, probeTimestamp: h.probeTimestamp, readyTransitionTimestamp: now, leaseRenew: renew, leaseRenewMs: leaseMs });
    return { observed, current, written: true };
  }

  // ---------------------------------------------------------------- NoExecute taints

  private processTaintBaseEviction(node: KubeObject, observed: NodeCondition): void {
    const taints = node.spec?.taints as NodeTaint[] | undefined;
    const name = node.metadata.name!;
    switch (observed.status) {
      case 'False':
        // Swap at once when the node carries the opposite taint.
        if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) swapNodeTaints(this.ctx.store, name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], this.name);
        else this.markNodeForTainting(node, 'False');
        break;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_NO_EXECUTE)) swapNodeTaints(this.ctx.store, name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], this.name);
        else this.markNodeForTainting(node, 'Unknown');
        break;
      case 'True':
        this.markNodeAsReachable(node, true);
        break;
    }
  }

  private markNodeForTainting(node: KubeObject, status: 'False' | 'Unknown'): void {
    const q = this.tainters.get(zoneKey(node));
    if (!q) return;
    const taints = node.spec?.taints as NodeTaint[] | undefined;
    const name = node.metadata.name!;
    if (status === 'False' && !taintExists(taints, NOT_READY_NO_EXECUTE)) q.remove(name);
    if (status === 'Unknown' && !taintExists(taints, UNREACHABLE_NO_EXECUTE)) q.remove(name);
    if (q.add(name, node.metadata.uid ?? '', this.ctx.engine.now)) this.scheduleTaintingPass();
  }

  /**
   * markNodeAsReachable: drop both NoExecute taints and the node's place in the tainting queue.
   * `current`: the given node is the stored one (else it is read again).
   */
  private markNodeAsReachable(node: KubeObject, current = false): boolean {
    const name = node.metadata.name!;
    const taints = (current ? node : this.ctx.store.get('Node', undefined, name))?.spec?.taints as NodeTaint[] | undefined;
    if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) swapNodeTaints(this.ctx.store, name, [], [UNREACHABLE_NO_EXECUTE], this.name);
    if (taintExists(taints, NOT_READY_NO_EXECUTE)) swapNodeTaints(this.ctx.store, name, [], [NOT_READY_NO_EXECUTE], this.name);
    return this.tainters.get(zoneKey(node))?.remove(name) ?? false;
  }

  private addTainterForNewZone(node: KubeObject): void {
    const z = zoneKey(node);
    if (this.zoneStates.has(z)) return;
    this.zoneStates.set(z, 'Initial');
    this.tainters.set(z, new RateLimitedTimedQueue(this.ctx.settings.nodeEvictionRate));
  }

  /**
   * The doNoExecuteTaintingPass goroutine ticks every 100ms; a tick only matters when some zone
   * has a node queued and a token, so the pass is scheduled at the first such tick (never at
   * the instant of the monitor pass that queued the node: that pass takes time).
   */
  private scheduleTaintingPass(): void {
    const now = this.ctx.engine.now;
    let earliest = Infinity;
    for (const q of this.tainters.values()) {
      const t = q.nextActionAt();
      if (t !== undefined && t < earliest) earliest = t;
    }
    if (earliest === Infinity) return;
    const k = Math.max(Math.floor((now - this.startedAt) / NODE_EVICTION_PERIOD) + 1, Math.ceil((earliest - this.startedAt) / NODE_EVICTION_PERIOD));
    const at = this.startedAt + k * NODE_EVICTION_PERIOD;
    if (this.taintPass && !this.taintPass.cancelled) {
      if (this.taintPass.time <= at) return;
      this.taintPass.cancel();
    }
    this.taintPass = this.ctx.engine.at(at, this.name, 'no-execute-tainting', 'nodes', () => {
      this.taintPass = undefined;
      this.doNoExecuteTaintingPass();
      this.scheduleTaintingPass();
    });
  }

  private doNoExecuteTaintingPass(): void {
    const store = this.ctx.store;
    const now = this.ctx.engine.now;
    for (const zone of [...this.tainters.keys()].sort(byName)) {
      this.tainters.get(zone)!.try(now, (name) => {
        const node = store.get('Node', undefined, name);
        if (!node) return { ok: true, wait: 0 };
        const ready = condition(node.status, 'Ready');
        if (!ready) return { ok: false, wait: 50 };
        // "unreachable" and "not ready" are mutually exclusive, like the Ready condition.
        let add: NodeTaint;
        let opposite: NodeTaint;
        if (ready.status === 'False') {
          add = NOT_READY_NO_EXECUTE;
          opposite = UNREACHABLE_NO_EXECUTE;
        } else if (ready.status === 'Unknown') {
          add = UNREACHABLE_NO_EXECUTE;
          opposite = NOT_READY_NO_EXECUTE;
        } else {
          return { ok: true, wait: 0 }; // ready again: nothing to taint
        }
        return { ok: swapNodeTaints(store, name, [add], [opposite], this.name), wait: 0 };
      });
    }
  }

  // ---------------------------------------------------------------- zones

  private handleDisruption(zoneConditions: Map<string, Array<string | undefined>>, nodes: readonly KubeObject[]): void {
    const now = this.ctx.engine.now;
    const threshold = this.ctx.settings.unhealthyZoneThreshold;
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const zone of [...zoneConditions.keys()].sort(byName)) {
      const { state } = computeZoneState(zoneConditions.get(zone)!, threshold);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const zone of [...this.zoneStates.keys()].sort(byName)) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (this.zoneStates.get(zone) !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    const zones = [...this.zoneStates.keys()].sort(byName);
    if (allAreFullyDisrupted) {
      // Every node of every zone is not Ready: the control plane, not the nodes, is the likely
      // culprit, so all NoExecute tainting stops and the existing taints go.
      this.ctx.engine.record(this.name, 'enter-master-disruption', 'nodes');
      for (const n of nodes) this.markNodeAsReachable(n);
      for (const z of zones) this.tainters.get(z)?.swapLimiter(0, now);
      for (const z of zones) this.zoneStates.set(z, 'FullDisruption');
      return;
    }
    if (allWasFullyDisrupted) {
      this.ctx.engine.record(this.name, 'exit-master-disruption', 'nodes');
      // Every node gets a fresh grace period.
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h) this.health.set(n.metadata.name!, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
      for (const z of zones) {
        const s = newStates.get(z);
        if (s === undefined) continue;
        this.setLimiterInZone(z, zoneConditions.get(z)?.length ?? 0, s);
        this.zoneStates.set(z, s);
      }
      this.scheduleTaintingPass();
      return;
    }
    for (const z of zones) {
      const s = newStates.get(z);
      if (s === undefined || this.zoneStates.get(z) === s) continue;
      this.setLimiterInZone(z, zoneConditions.get(z)?.length ?? 0, s);
      this.zoneStates.set(z, s);
    }
    this.scheduleTaintingPass();
  }

  /** setLimiterInZone: Normal and FullDisruption use --node-eviction-rate; PartialDisruption ReducedQPSFunc. */
  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const s = this.ctx.settings;
    const q = this.tainters.get(zone);
    if (!q) return;
    const now = this.ctx.engine.now;
    if (state === 'Normal' || state === 'FullDisruption') q.swapLimiter(s.nodeEvictionRate, now);
    else if (state === 'PartialDisruption') q.swapLimiter(zoneSize > s.largeClusterSizeThreshold ? s.secondaryNodeEvictionRate : 0, now);
  }

  // ---------------------------------------------------------------- NoSchedule taints, labels, pods

  /** doNoScheduleTaintingPass (TaintNodesByCondition): condition and unschedulable NoSchedule taints. */
  private doNoScheduleTaintingPass(name: string): void {
    const node = this.ctx.store.get('Node', undefined, name);
    if (!node) return;
    const want: NodeTaint[] = [];
    for (const c of (node.status?.conditions ?? []) as NodeCondition[]) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    const have = ((node.spec?.taints ?? []) as NodeTaint[]).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    // TaintSetDiff
    const toAdd = want.filter((w) => !have.some((h) => matchTaint(h, w)));
    const toDel = have.filter((h) => !want.some((w) => matchTaint(h, w)));
    if (toAdd.length === 0 && toDel.length === 0) return;
    swapNodeTaints(this.ctx.store, name, toAdd, toDel, this.name);
  }

  private reconcileNodeLabels(name: string): void {
    const node = this.ctx.store.get('Node', undefined, name);
    const labels = node?.metadata.labels;
    if (!node || !labels) return;
    const update: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) {
      const v = labels[primary];
      if (v !== undefined && labels[secondary] !== v) update[secondary] = v;
    }
    if (Object.keys(update).length === 0) return;
    try {
      this.ctx.store.update({ ...node, metadata: { ...node.metadata, labels: { ...labels, ...update } } }, { actor: this.name, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /** processPod: a pod bound to a node this controller last saw not Ready is marked not Ready. */
  private processPod(key: string): void {
    const i = key.indexOf('/');
    const pod = this.ctx.store.get('Pod', key.slice(0, i), key.slice(i + 1));
    if (!pod) return;
    const nodeName = pod.spec?.nodeName as string;
    const h = this.health.get(nodeName);
    if (!h || !this.ctx.store.get('Node', undefined, nodeName)) return;
    const ready = condition(h.status, 'Ready');
    if (!ready) return;
    if (ready.status !== 'True') markPodsNotReady(this.ctx.store, this.ctx.events, [pod], nodeName, this.name);
  }
}
