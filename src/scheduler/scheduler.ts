import type { ClusterContext, Component } from '../cluster/context.js';
import type { Timer } from '../engine/engine.js';
import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { labelSelectorAsSelector, nothing, selectorFromSet, type Selector } from '../api/selector.js';
import { toTimestamp } from '../api/time.js';
import { CycleState } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { newPodInfo, type PodInfo } from './pod-info.js';
import { Profile } from './profile.js';
import { nodeResourcesFit } from './node-resources-fit.js';
import { PLAIN } from './node-columns.js';
import { SchedulerCache } from './scheduler-cache.js';
import { DEFAULT_QUEUE_TIMINGS, SchedulingQueue, type QueuedPod, type QueueTimings } from './scheduling-queue.js';
import { fitErrorMessage, NO_NODES_AVAILABLE, type Diagnosis } from './failure-message.js';
import { preempt, type Candidate } from './default-preemption.js';
import { unresolvable, type Status } from './status.js';
import { systemPriorityClassObjects } from '../api/admission/priority.js';
import { volumeBinding, VOLUME_BINDING } from './volume-binding.js';

export const SCHEDULER_NAME = 'default-scheduler';

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind (schedule_one.go). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: below 100 nodes, all; else percentageOfNodesToScore (adaptive when
 * 0: 50% - nodes/125, at least 5%), never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p === 0) {
    p = 50 - Math.trunc(numAllNodes / 125);
    if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface SchedulerOptions {
  /** KubeSchedulerConfiguration percentageOfNodesToScore (0 = adaptive). */
  percentageOfNodesToScore?: number;
  timings?: Partial<QueueTimings>;
  /** Create the system PriorityClass objects at start (the API server's bootstrap hook). */
  bootstrapPriorityClasses?: boolean;
}

/** A scheduling decision (tests and the bench read these). */
export type ScheduleResult =
  | { kind: 'bound'; node: string; feasible: number; evaluated: number }
  | { kind: 'unschedulable'; message: string; nominatedNodeName: string | undefined }
  | { kind: 'skipped' };

type NodeChange = 'labels' | 'taints' | 'unschedulable' | 'allocatable' | 'conditions' | 'annotations';

/*
 * Which cluster events move an unschedulable pod back (1.30 without queueing hints, the default:
 * a pod moves when one of the plugins that rejected it registered the event, EventsToRegister):
 * - Node Add: every pod.
 * - Node Update with a scheduling-relevant change (labels, taints, spec.unschedulable,
 *   allocatable, conditions ignoring heartbeat times, annotations): pods rejected by
 *   NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit; on a
 *   label change also PodTopologySpread and InterPodAffinity.
 * - Node Delete: PodTopologySpread.
 * - assigned Pod Delete (deleted, or Succeeded/Failed): NodePorts, NodeResourcesFit,
 *   PodTopologySpread, InterPodAffinity; assigned Pod Add / label change: the last two.
 * - the pod's own spec/label update; pods rejected with no plugin (no nodes): any event.
 * A moved pod goes to activeQ when its back-off (1s doubling per attempt, 10s cap, from the
 * failure) is over, else to backoffQ, flushed on whole seconds; leftovers after 5 minutes are
 * flushed by the 30s tick.
 */
const NODE_PLUGINS_ANY_UPDATE = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit'];
const POD_DELETE_PLUGINS = ['NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity'];
const POD_ANY_PLUGINS = ['PodTopologySpread', 'InterPodAffinity'];
const NODE_LABEL_UPDATE_PLUGINS = [...NODE_PLUGINS_ANY_UPDATE, ...POD_ANY_PLUGINS];

/** defaultSelector's memo: nested maps by namespace, owner uid, label key, label value...; MEMO_END holds the selector. */
type SelectorMemo = Map<string, SelectorMemo | Selector>;
const MEMO_END = '\u0000';

function sameJson(a: unknown, b: unknown): boolean {
  // Updates keep the objects they do not change (heartbeats, status writes): no serialising then.
  if (a === b) return true;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** nodeSchedulingPropertiesChange (eventhandlers.go): which scheduling-relevant parts changed. */
function nodeChanges(o: KubeObject, n: KubeObject): NodeChange[] {
  const out: NodeChange[] = [];
  if (!sameJson(o.metadata.labels, n.metadata.labels)) out.push('labels');
  if (!sameJson(o.spec?.taints, n.spec?.taints)) out.push('taints');
  if ((o.spec?.unschedulable === true) !== (n.spec?.unschedulable === true)) out.push('unschedulable');
  if (!sameJson(o.status?.allocatable, n.status?.allocatable)) out.push('allocatable');
  const strip = (cs: any[] | undefined): unknown => (cs ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }));
  if (o.status?.conditions !== n.status?.conditions && !sameJson(strip(o.status?.conditions), strip(n.status?.conditions))) out.push('conditions');
  if (!sameJson(o.metadata.annotations, n.metadata.annotations)) out.push('annotations');
  return out;
}

function responsible(pod: KubeObject): boolean {
  return (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/**
 * kube-scheduler: a scheduling queue, a cache of NodeInfos, the default profile's filter and
 * score plugins, DefaultPreemption, and binding through pods/binding. One scheduling cycle per
 * engine event (`default-scheduler schedule <pod>`), run as soon as a pod is in activeQ.
 */
export class Scheduler implements Component {
  readonly name = SCHEDULER_NAME;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly profile = new Profile();
  private ctx!: ClusterContext;
  private store!: StoreApi;
  private nextStartNodeIndex = 0;
  private cycleTimer: Timer | undefined;
  private backoffTimer: Timer | undefined;
  private leftoverTimer: Timer | undefined;
  private readonly percentage: number;
  private readonly bootstrap: boolean;
  /** Pods nominated to a node (status.nominatedNodeName), by pod key. */
  private readonly nominations = new Map<string, { node: string; info: PodInfo }>();
  private nominatedByNode: Map<string, PodInfo[]> | undefined;
  /** Services per namespace (DefaultSelector), dropped on any Service change. */
  private readonly servicesByNs = new Map<string, KubeObject[]>();
  private readonly defaultSelectors: SelectorMemo = new Map();
  private defaultSelectorCount = 0;
  /** Last decision per pod key (tests). */
  lastResult: ScheduleResult | undefined;
  scheduledCount = 0;
  /** The PodInfo of the pod being bound (the cache reuses it for the bound pod). */
  private binding: PodInfo | undefined;
  /** VolumeBinding (src/scheduler/volume-binding.ts): needs the store, so it joins the profile at start. */
  private volumeBinding: ReturnType<typeof volumeBinding> | undefined;

  constructor(opts: SchedulerOptions = {}) {
    this.percentage = opts.percentageOfNodesToScore ?? 0;
    this.queue = new SchedulingQueue({ ...DEFAULT_QUEUE_TIMINGS, ...opts.timings });
    this.bootstrap = opts.bootstrapPriorityClasses ?? true;
  }

  start(ctx: ClusterContext): void {
    this.ctx = ctx;
    this.store = ctx.store;
    // The Priority admission plugin itself is part of the API server's chain (src/api/admission/priority.ts).
    if (this.bootstrap) {
      for (const pc of systemPriorityClassObjects()) {
        if (this.store.get('PriorityClass', undefined, pc.metadata.name!)) continue;
        try {
          this.store.create(pc, { actor: 'kube-apiserver', origin: 'system' });
        } catch {
          // A store without PriorityClass admission support: the admission plugin knows them anyway.
        }
      }
    }
    for (const ns of this.store.list('Namespace')) this.cache.namespaceLabels.set(ns.metadata.name!, ns.metadata.labels ?? {});
    for (const n of this.store.list('Node')) this.cache.setNode(n);
    for (const p of this.store.list('Pod')) this.onPod({ type: 'ADDED', kind: 'Pod', old: undefined, object: p });
    this.store.watch((e) => this.onEvent(e), ['Node', 'Pod', 'Namespace', 'Service']);
    this.volumeBinding = volumeBinding(this.store);
    this.profile.filters.splice(this.profile.filters.indexOf(nodeResourcesFit) + 1, 0, this.volumeBinding);
    // VolumeBinding's EventsToRegister: PVC, PV and StorageClass Add/Update move the pods it rejected.
    this.store.watch((e) => e.type !== 'DELETED' && this.moveFor([VOLUME_BINDING], false), ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass']);
  }

  // ------------------------------------------------------------------ events

  private onEvent(e: WatchEvent): void {
    switch (e.kind) {
      case 'Pod':
        this.onPod(e);
        break;
      case 'Node':
        this.onNode(e);
        break;
      case 'Namespace':
        if (e.type === 'DELETED') this.cache.namespaceLabels.delete(e.object.metadata.name!);
        else this.cache.namespaceLabels.set(e.object.metadata.name!, e.object.metadata.labels ?? {});
        break;
      case 'Service':
        this.servicesByNs.delete(e.object.metadata.namespace ?? 'default');
        this.defaultSelectors.clear();
        this.defaultSelectorCount = 0;
        break;
    }
  }

  private onNode(e: WatchEvent): void {
    const now = this.ctx.engine.now;
    if (e.type === 'DELETED') {
      this.cache.removeNode(e.object.metadata.name!);
      // PodTopologySpread registers Node Delete.
      this.moveFor(['PodTopologySpread'], true);
      return;
    }
    this.cache.setNode(e.object);
    if (e.type === 'ADDED') {
      this.move(() => true);
      return;
    }
    const changes = nodeChanges(e.old!, e.object);
    if (changes.length === 0) return;
    const labels = changes.includes('labels');
    this.moveFor(labels ? NODE_LABEL_UPDATE_PLUGINS : NODE_PLUGINS_ANY_UPDATE, true);
    void now;
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object;
    const uid = pod.metadata.uid ?? podKey(pod);
    const wasCached = this.cache.podInfo(uid) !== undefined;
    if (e.type !== 'DELETED' && pod.spec?.nodeName) {
      // Assigned pod: the cache (informer with status.phase!=Succeeded,Failed). A pod already in
      // the cache left the queue and its nomination when it was first seen assigned (the common
      // case, kubelet status writes: no key is built).
      if (!wasCached) {
        const key = podKey(pod);
        this.queue.delete(key);
        this.setNomination(key, undefined);
      }
      const info = this.cache.updatePod(uid, pod, this.binding);
      if (wasCached && !info) this.moveFor(POD_DELETE_PLUGINS, true);
      else if (info && (!wasCached || e.old?.metadata.labels !== pod.metadata.labels)) {
        this.moveFor(POD_ANY_PLUGINS, false);
      }
      return;
    }
    const key = podKey(pod);
    const now = this.ctx.engine.now;
    if (e.type === 'DELETED') {
      this.queue.delete(key);
      this.setNomination(key, undefined);
      if (wasCached) {
        this.cache.updatePod(uid, undefined);
        this.moveFor(POD_DELETE_PLUGINS, true);
      }
      return;
    }
    if (!responsible(pod)) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.queue.delete(key);
      return;
    }
    const nom = pod.status?.nominatedNodeName as string | undefined;
    const qp = this.queue.get(key);
    if (!qp) {
      this.queue.add(pod, key, now);
    } else {
      // isPodUpdated: more than status (and bookkeeping metadata) changed.
      const specChanged = e.old !== undefined && (!sameJson(e.old.spec, pod.spec) || !sameJson(e.old.metadata.labels, pod.metadata.labels));
      this.queue.update(key, pod, now, specChanged);
    }
    this.setNomination(key, nom ? { node: nom, pod } : undefined);
    this.pump();
  }

  private setNomination(key: string, n: { node: string; pod: KubeObject } | undefined): void {
    const cur = this.nominations.get(key);
    if (!n) {
      if (cur) {
        this.nominations.delete(key);
        this.nominatedByNode = undefined;
      }
      return;
    }
    if (cur && cur.node === n.node && cur.info.pod === n.pod) return;
    this.nominations.set(key, { node: n.node, info: newPodInfo(n.pod) });
    this.nominatedByNode = undefined;
  }

  private nominatedOn(node: string): readonly PodInfo[] | undefined {
    if (this.nominations.size === 0) return undefined;
    if (!this.nominatedByNode) {
      this.nominatedByNode = new Map();
      for (const { node: n, info } of this.nominations.values()) {
        let arr = this.nominatedByNode.get(n);
        if (!arr) this.nominatedByNode.set(n, (arr = []));
        arr.push(info);
      }
    }
    return this.nominatedByNode.get(node);
  }

  /** Move the unschedulable pods rejected by one of `plugins` (and, with `noPlugin`, by none). */
  private moveFor(plugins: readonly string[], noPlugin: boolean): void {
    if (this.queue.moveFor(this.ctx.engine.now, plugins, noPlugin) > 0) {
      this.pump();
      this.armBackoff();
    }
  }

  private move(interested: (qp: QueuedPod) => boolean): void {
    if (this.queue.moveAll(this.ctx.engine.now, interested) > 0) {
      this.pump();
      this.armBackoff();
    }
  }

  // ------------------------------------------------------------------ timers

  /** Run a scheduling cycle now if a pod waits in activeQ. */
  private pump(): void {
    if (this.cycleTimer || this.queue.activeCount === 0) return;
    const next = this.queue.peek();
    if (!next) return;
    this.cycleTimer = this.ctx.engine.at(this.ctx.engine.now, SCHEDULER_NAME, 'schedule', next.key, () => {
      this.cycleTimer = undefined;
      const qp = this.queue.pop();
      if (qp) this.scheduleOne(qp);
      this.pump();
    });
  }

  /** flushBackoffQCompleted runs every second (from scheduler start): arm the tick that releases the next pod. */
  private armBackoff(): void {
    const next = this.queue.nextBackoff();
    if (next === undefined) return;
    const tick = Math.ceil(next / 1000) * 1000;
    if (this.backoffTimer && !this.backoffTimer.cancelled && this.backoffTimer.time <= tick) return;
    this.backoffTimer?.cancel();
    this.backoffTimer = this.ctx.engine.at(tick, SCHEDULER_NAME, 'flush-backoff', '', () => {
      this.backoffTimer = undefined;
      this.queue.flushBackoff(this.ctx.engine.now);
      this.pump();
      this.armBackoff();
    });
  }

  /** flushUnschedulablePodsLeftover runs every 30s: pods unschedulable for more than 5 minutes retry. */
  private armLeftover(): void {
    if (this.leftoverTimer && !this.leftoverTimer.cancelled) return;
    const now = this.ctx.engine.now;
    const tick = (Math.floor(now / 30_000) + 1) * 30_000;
    this.leftoverTimer = this.ctx.engine.at(tick, SCHEDULER_NAME, 'flush-unschedulable', '', () => {
      this.leftoverTimer = undefined;
      this.queue.flushLeftover(this.ctx.engine.now);
      this.pump();
      this.armBackoff();
      if (this.queue.hasUnschedulable()) this.armLeftover();
    });
  }

  // ------------------------------------------------------------------ scheduling

  /** helper.DefaultSelector: Services selecting the pod, then its ReplicaSet/StatefulSet/RC selector. */
  private defaultSelector(pi: PodInfo): Selector {
    const owner = (pi.pod.metadata.ownerReferences ?? []).find((o) => o.controller === true);
    // Memo trie: namespace, owner uid, then each label key and value in order (no key string built).
    let level = this.defaultSelectors;
    const step = (k: string): SelectorMemo => {
      let next = level.get(k) as SelectorMemo | undefined;
      if (next === undefined) level.set(k, (next = new Map()));
      return next;
    };
    level = step(pi.namespace);
    level = step(owner?.uid ?? '');
    for (const k in pi.labels) {
      level = step(k);
      level = step(pi.labels[k]!);
    }
    const hit = level.get(MEMO_END) as Selector | undefined;
    if (hit) return hit;
    let services = this.servicesByNs.get(pi.namespace);
    if (!services) {
      services = this.store.list('Service', { namespace: pi.namespace });
      this.servicesByNs.set(pi.namespace, services);
    }
    const set: Record<string, string> = {};
    for (const svc of services) {
      const sel = svc.spec?.selector as Record<string, string> | undefined;
      if (!sel || Object.keys(sel).length === 0) continue;
      if (Object.keys(sel).every((k) => pi.labels[k] === sel[k])) Object.assign(set, sel);
    }
    let selector = Object.keys(set).length > 0 ? selectorFromSet(set) : nothing();
    if (owner) {
      const kind = owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet' ? owner.kind : owner.kind === 'ReplicationController' ? 'ReplicationController' : undefined;
      const obj = kind ? this.store.get(kind, pi.namespace, owner.name) : undefined;
      if (obj && kind === 'ReplicationController') {
        Object.assign(set, obj.spec?.selector ?? {});
        selector = selectorFromSet(set);
      } else if (obj) {
        try {
          const other = labelSelectorAsSelector(obj.spec?.selector);
          if (other.selectable()) {
            const base = Object.keys(set).length > 0 ? selectorFromSet(set) : selectorFromSet({});
            selector = base.add(...other.requirements());
          }
        } catch {
          /* invalid selector: keep the services' one */
        }
      }
    }
    if (++this.defaultSelectorCount > 10_000) {
      this.defaultSelectors.clear();
      this.defaultSelectorCount = 0;
    } else level.set(MEMO_END, selector);
    return selector;
  }

  /** schedulingCycle + bindingCycle for one pod. */
  scheduleOne(qp: QueuedPod): ScheduleResult {
    const slash = qp.key.indexOf('/');
    const ns = qp.key.slice(0, slash);
    const name = qp.key.slice(slash + 1);
    const pod = this.store.get('Pod', ns, name);
    // skipPodSchedule: deleted, being deleted, or already assigned.
    if (!pod || pod.metadata.deletionTimestamp || pod.spec?.nodeName) {
      this.queue.done(qp.key);
      return (this.lastResult = { kind: 'skipped' });
    }
    const now = this.ctx.engine.now;
    const info = newPodInfo(pod);
    const state = new CycleState(info, this.cache, now, (p) => this.defaultSelector(p));
    const r = this.schedulePod(state);
    if ('node' in r) {
      this.volumeBinding?.preBind(state, r.node);
      return (this.lastResult = this.bind(qp, pod, info, r.node, r.feasible, r.evaluated));
    }
    return (this.lastResult = this.handleFailure(qp, pod, state, r));
  }

  private schedulePod(state: CycleState): { node: string; feasible: number; evaluated: number } | { diagnosis?: Diagnosis; numAllNodes: number; error?: string; filters: Profile['filters'] } {
    const all = this.cache.list();
    if (all.length === 0) return { numAllNodes: 0, error: NO_NODES_AVAILABLE, filters: [] };
    const pre = this.profile.preFilter(state);
    const diagnosis: Diagnosis = { nodeToStatus: new Map() };
    if (pre.status) {
      diagnosis.preFilterMsg = pre.status.reasons.join(', ');
      for (const n of all) diagnosis.nodeToStatus.set(n.name, pre.status);
      return { diagnosis, numAllNodes: all.length, filters: pre.filters };
    }
    const filters = pre.filters;
    // evaluateNominatedNode: a nominated node that fits is taken without scoring.
    const nom = state.pod.pod.status?.nominatedNodeName as string | undefined;
    if (nom) {
      const ni = this.cache.nodes.get(nom);
      if (ni && (!pre.nodeNames || pre.nodeNames.has(nom)) && this.profile.runFiltersWithNominated(state, filters, ni, this.nominatedOn(nom)) === null) {
        return { node: nom, feasible: 1, evaluated: 1 };
      }
    }
    let nodes = all;
    if (pre.nodeNames) {
      nodes = all.filter((n) => pre.nodeNames!.has(n.name));
      const st = unresolvable(pre.narrowedBy[0]!, `node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(' ')}]`);
      for (const n of all) if (!pre.nodeNames.has(n.name)) diagnosis.nodeToStatus.set(n.name, st);
    }
    const n = nodes.length;
    const toFind = n > 0 ? numFeasibleNodesToFind(n, this.percentage) : 0;
    // Sized once (truncated below) instead of grown by push.
    // Filled in a scratch list; the exact-length list handed to the score plugins is reused
    // while the count stays the same (it nearly always is: numFeasibleNodesToFind).
    if (this.feasibleScratch.length < toFind) this.feasibleScratch = new Array<NodeInfo>(toFind);
    const feasible = this.feasibleScratch;
    let nf = 0;
    let evaluated = 0;
    if (n > 0) {
      if (this.feasibleSlots.length < toFind) this.feasibleSlots = new Int32Array(toFind * 2);
      const fslots = this.feasibleSlots;
      const start = this.nextStartNodeIndex % n;
      const hasNominations = this.nominations.size > 0;
      // On a node that is not cordoned and has no taints, NodeUnschedulable, NodeName (the pod
      // has none) and TaintToleration pass: only the other filters run there (same outcome).
      const plainFilters = state.plainPod ? this.profile.plainFilters(filters) : filters;
      const res = state.pod.res;
      // NodeResourcesFit alone on plain nodes: its everything-fits test over the cache's columns.
      const fitOnly = !hasNominations && plainFilters.length === 1 && plainFilters[0] === nodeResourcesFit && res.scalar === undefined;
      const cpu = res.milliCPU;
      const mem = res.memory;
      const eph = res.ephemeralStorage;
      const slots = nodes === all ? this.cache.listSlots() : Int32Array.from(nodes, (x) => x.slot);
      const c = this.cache.cols;
      const flags = c.flags;
      const podCount = c.podCount;
      const allocPods = c.allocPods;
      const allocCPU = c.allocCPU;
      const reqCPU = c.reqCPU;
      const allocMemory = c.allocMemory;
      const reqMemory = c.reqMemory;
      const allocEphemeral = c.allocEphemeral;
      const reqEphemeral = c.reqEphemeral;
      let idx = start;
      for (let i = 0; i < n; i++) {
        const at = idx;
        if (++idx === n) idx = 0;
        evaluated++;
        const slot = slots[at]!;
        let st: Status | null = null;
        if (fitOnly && (flags[slot]! & PLAIN) !== 0) {
          if (
            !(
              podCount[slot]! < allocPods[slot]! &&
              allocCPU[slot]! >= cpu + reqCPU[slot]! &&
              allocMemory[slot]! >= mem + reqMemory[slot]! &&
              allocEphemeral[slot]! >= eph + reqEphemeral[slot]!
            )
          ) {
            st = nodeResourcesFit.filter(state, nodes[at]!);
          }
        } else if (hasNominations) {
          const ni = nodes[at]!;
          st = this.profile.runFiltersWithNominated(state, filters, ni, this.nominatedOn(ni.name));
        } else {
          const ni = nodes[at]!;
          const fl = ni.plain ? plainFilters : filters;
          for (let j = 0; j < fl.length; j++) {
            st = fl[j]!.filter(state, ni);
            if (st !== null) break;
          }
        }
        if (st === null) {
          feasible[nf] = nodes[at]!;
          fslots[nf++] = slot;
          if (nf >= toFind) break;
        } else diagnosis.nodeToStatus.set(nodes[at]!.name, st);
      }
      this.nextStartNodeIndex = (start + evaluated) % n;
    }
    if (nf === 0) return { diagnosis, numAllNodes: all.length, filters };
    if (nf === 1) return { node: feasible[0]!.name, feasible: 1, evaluated };
    if (this.feasibleList.length !== nf) {
      this.feasibleList = new Array<NodeInfo>(nf);
      this.feasibleSlotsView = this.feasibleSlots.subarray(0, nf);
    } else if (this.feasibleSlotsView.buffer !== this.feasibleSlots.buffer) this.feasibleSlotsView = this.feasibleSlots.subarray(0, nf);
    const list = this.feasibleList;
    for (let i = 0; i < nf; i++) list[i] = feasible[i]!;
    return { node: this.prioritize(state, list, this.feasibleSlotsView), feasible: nf, evaluated };
  }

  /** Reused buffers (one scheduling cycle at a time): feasible nodes and their slots, scores. */
  private feasibleScratch: NodeInfo[] = [];
  private feasibleList: NodeInfo[] = [];
  private feasibleSlots = new Int32Array(1024);
  private feasibleSlotsView = this.feasibleSlots.subarray(0, 0);
  private totalView = new Float64Array(0);
  private scoreView = new Float64Array(0);
  private totalBuf = new Float64Array(1024);
  private scoreBuf = new Float64Array(1024);

  /** prioritizeNodes + selectHost: weighted sum of normalised scores; ties at the top by reservoir sampling. */
  private prioritize(state: CycleState, nodes: NodeInfo[], slots: Int32Array): string {
    const n = nodes.length;
    if (this.totalBuf.length < n) {
      this.totalBuf = new Float64Array(n * 2);
      this.scoreBuf = new Float64Array(n * 2);
    }
    if (this.totalView.length !== n || this.totalView.buffer !== this.totalBuf.buffer) {
      this.totalView = this.totalBuf.subarray(0, n);
      this.scoreView = this.scoreBuf.subarray(0, n);
    }
    const total = this.totalView;
    total.fill(0);
    const scores = this.scoreView;
    for (const p of this.profile.scores) {
      if (p.preScore && !p.preScore(state, nodes, slots)) continue;
      if (p.scoreAll) p.scoreAll(state, nodes, scores, slots);
      else for (let i = 0; i < n; i++) scores[i] = p.score(state, nodes[i]!);
      p.normalize?.(state, scores, nodes);
      const w = p.weight;
      for (let i = 0; i < n; i++) total[i]! += scores[i]! * w;
    }
    // selectHost (schedule_one.go, 1.30): among the nodes with the highest total, reservoir
    // sampling: the k-th such node (k >= 2) replaces the pick with probability 1/k, one draw per
    // tied node after the first (upstream pops them from a heap; the draws are the same count).
    let max = total[0]!;
    for (let i = 1; i < n; i++) if (total[i]! > max) max = total[i]!;
    const rng = this.ctx.engine.rng('scheduler');
    let best = -1;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (total[i] !== max) continue;
      count++;
      if (count === 1) best = i;
      else if (rng.int(count) === 0) best = i;
    }
    return nodes[best]!.name;
  }

  private bind(qp: QueuedPod, pod: KubeObject, info: PodInfo, node: string, feasible: number, evaluated: number): ScheduleResult {
    const key = qp.key;
    this.ctx.actions.emit({ component: SCHEDULER_NAME, action: 'bind', object: key, data: { node } });
    let bound: KubeObject;
    try {
      // The cache takes the bound pod from the watch event during this call (assume + confirm).
      this.binding = info;
      bound = this.store.bind(pod.metadata.namespace ?? 'default', pod.metadata.name!, node, { actor: SCHEDULER_NAME });
    } catch (err) {
      this.binding = undefined;
      if (err instanceof ApiError && err.reason === 'NotFound') {
        this.queue.done(key);
        return { kind: 'skipped' };
      }
      // handleBindingCycleError: the pod goes back through backoff.
      this.queue.failed(qp, this.ctx.engine.now, new Set(), true);
      this.armBackoff();
      return { kind: 'unschedulable', message: String((err as Error).message), nominatedNodeName: undefined };
    }
    this.cache.updatePod(bound.metadata.uid ?? key, bound, info);
    this.binding = undefined;
    this.queue.done(key);
    this.setNomination(key, undefined);
    this.scheduledCount++;
    this.ctx.events.record(bound, 'Normal', 'Scheduled', ['Successfully assigned ', key, ' to ', node].join(''), SCHEDULER_NAME);
    return { kind: 'bound', node, feasible, evaluated };
  }

  private handleFailure(
    qp: QueuedPod,
    pod: KubeObject,
    state: CycleState,
    r: { diagnosis?: Diagnosis; numAllNodes: number; error?: string; filters: Profile['filters'] },
  ): ScheduleResult {
    const now = this.ctx.engine.now;
    let message: string;
    let nominated: string | undefined;
    const plugins = new Set<string>();
    let candidate: Candidate | undefined;
    if (r.error !== undefined) {
      message = r.error;
      nominated = '';
    } else {
      const d = r.diagnosis!;
      for (const st of d.nodeToStatus.values()) plugins.add(st.plugin);
      const out = preempt(
        {
          profile: this.profile,
          state,
          filters: r.filters,
          nodes: this.cache.list(),
          rng: this.ctx.engine.rng('scheduler'),
          now,
          pdbs: this.store.list('PodDisruptionBudget'),
          nominatedOn: (n) => this.nominatedOn(n),
        },
        d.nodeToStatus as ReadonlyMap<string, Status>,
      );
      d.postFilterMsg = out.message;
      nominated = out.nominatedNodeName;
      candidate = out.candidate;
      message = fitErrorMessage(r.numAllNodes, d);
    }
    if (candidate) this.prepareCandidate(candidate, pod);
    const current = this.store.get('Pod', pod.metadata.namespace, pod.metadata.name!);
    if (current && current.metadata.uid === pod.metadata.uid && !current.spec?.nodeName) {
      this.ctx.events.record(current, 'Warning', 'FailedScheduling', message, SCHEDULER_NAME);
      this.updatePodStatus(current, message, nominated);
    }
    this.queue.failed(qp, now, plugins, false);
    this.armLeftover();
    return { kind: 'unschedulable', message, nominatedNodeName: nominated };
  }

  /** updatePod (schedule_one.go): PodScheduled=False/Unschedulable and the nomination, only when changed. */
  private updatePodStatus(pod: KubeObject, message: string, nominated: string | undefined): void {
    const now = this.ctx.engine.now;
    const conditions: any[] = [...(pod.status?.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === 'PodScheduled');
    const old = i >= 0 ? conditions[i] : undefined;
    const cond = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : toTimestamp(now),
      reason: 'Unschedulable',
      message,
    };
    const condChanged = !old || old.status !== cond.status || old.reason !== cond.reason || old.message !== cond.message || old.lastTransitionTime !== cond.lastTransitionTime;
    const curNom = pod.status?.nominatedNodeName ?? '';
    const nomChanged = nominated !== undefined && curNom !== nominated;
    if (!condChanged && !nomChanged) return;
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    const status: Record<string, unknown> = { ...(pod.status ?? {}), conditions };
    if (nomChanged) {
      if (nominated) status.nominatedNodeName = nominated;
      else delete status.nominatedNodeName;
    }
    try {
      this.store.updateStatus({ ...pod, status }, { actor: SCHEDULER_NAME });
    } catch {
      /* a conflicting write: the next attempt sets it */
    }
  }

  /** Evaluator.prepareCandidate: DisruptionTarget, graceful delete, Preempted event; clear lower nominations. */
  private prepareCandidate(c: Candidate, preemptor: KubeObject): void {
    const schedulerName = preemptor.spec?.schedulerName ?? SCHEDULER_NAME;
    for (const v of c.victims) {
      const victim = this.store.get('Pod', v.namespace, v.name);
      if (!victim || victim.metadata.uid !== v.uid) continue;
      const conditions: any[] = [...(victim.status?.conditions ?? [])];
      const cond = {
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: toTimestamp(this.ctx.engine.now),
        reason: 'PreemptionByScheduler',
        message: `${schedulerName}: preempting to accommodate a higher priority pod`,
      };
      const i = conditions.findIndex((x) => x.type === 'DisruptionTarget');
      if (i >= 0) conditions[i] = cond;
      else conditions.push(cond);
      try {
        this.store.updateStatus({ ...victim, status: { ...(victim.status ?? {}), conditions } }, { actor: SCHEDULER_NAME });
        this.store.delete('Pod', v.namespace, v.name, { actor: SCHEDULER_NAME });
      } catch {
        continue;
      }
      this.ctx.events.record(victim, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${c.node}`, SCHEDULER_NAME);
    }
    // Lower-priority pods nominated to this node lose their nomination.
    const prio = preemptor.spec?.priority ?? 0;
    for (const p of this.nominatedOn(c.node) ?? []) {
      if (p.priority >= prio || p.uid === preemptor.metadata.uid) continue;
      const cur = this.store.get('Pod', p.namespace, p.name);
      if (!cur || !cur.status?.nominatedNodeName) continue;
      const { nominatedNodeName: _drop, ...rest } = cur.status;
      try {
        this.store.updateStatus({ ...cur, status: rest }, { actor: SCHEDULER_NAME });
      } catch {
        /* ignore */
      }
    }
  }
}


/** The component factory for components.ts. */
export function scheduler(opts?: SchedulerOptions): Scheduler {
  return new Scheduler(opts);
}
