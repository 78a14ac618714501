/**
 * The kubelet's eviction manager for memory (pkg/kubelet/eviction/eviction_manager.go
 * synchronize / evictPod / Admit / Start, helpers.go). One per kubelet incarnation.
 *
 * Model of the signals (makeSignalObservations):
 *  - memory.available = capacity − node working set. The node working set is the sum of the
 *    pods' working sets: the model has no system overhead (no kubelet, runtime or kernel memory).
 *  - allocatableMemory.available = pods-cgroup limit − pods' working set. The `pods` cgroup is
 *    limited to capacity − kube/system reserved = allocatable + the hard memory.available
 *    threshold (node_container_manager_linux.go: the eviction reservation is not part of the
 *    cgroup limit), capped at capacity.
 *  - A container's working set is its `setUsage` value, else its image's `memory` once the
 *    process has started (`start` after the run began, when an OOM kill would also come), else 0.
 * Other signals (disk, inodes, pids) have no observation, so they are never met.
 *
 * Timing (Start): a pass at kubelet start, then every evictionMonitoringInterval (10s). A pass
 * that evicts waits for the kill (killPodNow returns when the pod's containers stopped, at most
 * 10s) and then for the pod's cleanup, polled every 1s (waitForPodsCleanup, at most 30s), and
 * runs the next pass at once. One deliberate simplification: upstream posts the changed
 * MemoryPressure condition at the kubelet's next node status tick (0–10s later, on a phase
 * unrelated to this loop); the model posts it right after the pass that changed it.
 */
import { getPodQOS } from '../api/qos.js';
import { quantityBytes, parseQuantity } from '../api/quantity.js';
import type { ClusterContext } from '../cluster/context.js';
import { tolerationsTolerateTaint } from '../scheduler/toleration.js';
import type { KubeObject } from '../store/types.js';
import { podPriority } from '../scheduler/pod-info.js';
import { isCriticalPod, podMemoryRequest, rankMemoryPressure, type EvictionCandidate } from './eviction-ranking.js';
import { EVICTION_SIGNALS, formatBytes, parseHardThresholds, thresholdBytes, thresholdText, type Threshold } from './eviction-thresholds.js';
import type { NodeConfig } from './node-status.js';
import type { PodRejection } from './pod-admission.js';
import type { PodWorker } from './pod-worker.js';
import type { ContainerRecord } from './runtime.js';

/** eviction_manager.go immediateEvictionGracePeriodSeconds: hard evictions give pods 1s. */
export const IMMEDIATE_EVICTION_GRACE_MS = 1000;
/** killPodNow's wait: max(1.5 × grace, 10s). */
const KILL_TIMEOUT_MS = 10_000;
/** podCleanupTimeout / podCleanupPollFreq. */
const CLEANUP_TIMEOUT_MS = 30_000;
const CLEANUP_POLL_MS = 1000;

/** What the eviction manager needs from its kubelet (NodeAgent). */
export interface EvictionHost {
  readonly ctx: ClusterContext;
  readonly node: string;
  readonly component: string;
  readonly config: NodeConfig;
  /** The kubelet's pod workers, sorted by namespace/name. */
  podWorkers(): PodWorker[];
  /** The same workers in no particular order (cheap; for sums). */
  eachWorker(): Iterable<PodWorker>;
  /** The set of pressure conditions changed: post node status now. */
  pressureChanged(): void;
}

/** One signal observation (bytes). */
export interface Observation {
  available: number;
  capacity: number;
}

/** Whether a running container of the worker has, or will have once started, a working set. */
function usesMemory(w: PodWorker): boolean {
  for (const rec of w.records) if (rec.current?.running && (rec.memoryUsage ?? rec.current.image.memory) > 0) return true;
  return false;
}

/** Whether a running container's image working set is still to come (its process is not up yet). */
function memoryToCome(w: PodWorker, now: number): boolean {
  for (const rec of w.records) {
    const inst = rec.current;
    if (inst?.running && rec.memoryUsage === undefined && inst.image.memory > 0 && now < inst.startedAt + inst.image.start) return true;
  }
  return false;
}

/** A container's working set now (bytes). */
export function containerWorkingSet(rec: ContainerRecord, now: number): number {
  const inst = rec.current;
  if (!inst?.running) return 0;
  if (rec.memoryUsage !== undefined) return rec.memoryUsage;
  return now >= inst.startedAt + inst.image.start ? inst.image.memory : 0;
}

/** The eviction manager of one kubelet. */
export class EvictionManager {
  /** Node conditions reported (nodeConditionsObservedSince): MemoryPressure or nothing. */
  private conditions: string[] = [];
  private readonly lastObservedAt = new Map<string, number>();
  /** Thresholds met at the last pass (thresholdsMet). */
  private met: Threshold[] = [];
  private readonly thresholds: Threshold[];
  /** Node memory capacity and allocatable (bytes): fixed per node. */
  private readonly capacity: number;
  private readonly allocatable: number;
  private timers: Array<{ cancel(): void }> = [];
  private stopped = false;
  /**
   * No pass is scheduled: the last one found no threshold met and no pressure condition, and no
   * container's working set is still to come (a process not up yet). Working sets only grow when
   * a container starts or by setUsage, which wake the loop; until then every pass would find the
   * same nothing. The passes that do run are the ones upstream's loop runs at those times; this
   * only saves an engine event (and a walk over the node's pods) per node every 10s.
   */
  private dormant = false;
  private lastPassAt = 0;
  /** Passes so far (the qos-eviction-order invariant counts evictions per pass). */
  pass = 0;
  /** The ranking function (replaceable in tests to prove the invariant catches a wrong one). */
  rank: (c: readonly EvictionCandidate[]) => EvictionCandidate[] = rankMemoryPressure;

  constructor(private readonly host: EvictionHost) {
    this.thresholds = parseHardThresholds(host.ctx.settings.evictionHard ?? {});
    const cfg = host.config;
    this.capacity = quantityBytes(cfg.capacity.memory ?? '0');
    this.allocatable = quantityBytes(cfg.allocatable.memory ?? cfg.capacity.memory ?? '0');
  }

  /** Start: the first pass now, then the monitoring loop. */
  start(): void {
    if (!this.thresholds.some((t) => t.signal === 'memory.available' || t.signal === 'allocatableMemory.available')) return;
    this.after(0, () => this.loop());
  }

  /** The kubelet stopped (the machine died). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }

  /** IsUnderMemoryPressure. */
  isUnderMemoryPressure(): boolean {
    return this.conditions.includes('MemoryPressure');
  }

  /**
   * Admit (the first pod admit handler): under MemoryPressure only, BestEffort pods are rejected
   * unless they tolerate the memory-pressure NoSchedule taint; critical pods always pass.
   */
  admit(pod: KubeObject): PodRejection | undefined {
    if (this.conditions.length === 0 || isCriticalPod(pod)) return undefined;
    if (this.conditions.length === 1 && this.conditions[0] === 'MemoryPressure') {
      if (getPodQOS(pod as any) !== 'BestEffort') return undefined;
      if (tolerationsTolerateTaint(pod.spec?.tolerations, { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' })) return undefined;
    }
    return { reason: 'Evicted', message: `The node had condition: [${this.conditions.join(' ')}]. ` };
  }

  private after(delay: number, fn: () => void): void {
    const t = this.host.ctx.engine.after(delay, this.host.component, 'eviction-pass', this.host.node, () => {
      this.timers = this.timers.filter((x) => x !== t);
      if (!this.stopped) fn();
    });
    this.timers.push(t);
  }

  private loop(): void {
    this.lastPassAt = this.host.ctx.engine.now;
    const evicted = this.synchronize();
    if (evicted) this.waitForCleanup(evicted);
    else if (this.idle()) this.dormant = true;
    else this.after(this.host.ctx.settings.evictionMonitoringInterval, () => this.loop());
  }

  /** Nothing under pressure, and no working set still to appear. */
  private idle(): boolean {
    if (this.conditions.length > 0 || this.met.length > 0) return false;
    const now = this.host.ctx.engine.now;
    for (const w of this.host.eachWorker()) if (memoryToCome(w, now)) return false;
    return true;
  }

  /** A worker changed (a container started, setUsage): resume the loop on its grid if it may use memory now. */
  wakeFor(w: PodWorker): void {
    if (this.dormant && !this.stopped && usesMemory(w)) this.wake();
  }

  private wake(): void {
    this.dormant = false;
    const interval = this.host.ctx.settings.evictionMonitoringInterval;
    const now = this.host.ctx.engine.now;
    // The grid point at `now`, if any, was scheduled 10s ago and would have run before this event.
    const next = this.lastPassAt + (Math.floor((now - this.lastPassAt) / interval) + 1) * interval;
    this.after(next - now, () => this.loop());
  }

  /** killPodNow blocks until the pod's containers stopped (or 10s); then waitForPodsCleanup polls every 1s (30s at most). */
  private waitForCleanup(w: PodWorker): void {
    const poll = (since: number): void => {
      const tick = (): void => {
        if (w.terminal || w.gone || this.host.ctx.engine.now - since >= CLEANUP_TIMEOUT_MS) return this.loop();
        this.after(CLEANUP_POLL_MS, tick);
      };
      this.after(CLEANUP_POLL_MS, tick);
    };
    if (w.terminal || w.gone) return poll(this.host.ctx.engine.now);
    let returned = false;
    const timeout = this.host.ctx.engine.after(KILL_TIMEOUT_MS, this.host.component, 'eviction-kill-timeout', this.host.node, () => {
      this.timers = this.timers.filter((x) => x !== timeout);
      if (returned || this.stopped) return;
      returned = true;
      poll(this.host.ctx.engine.now);
    });
    this.timers.push(timeout);
    w.whenTerminal = () => {
      if (returned || this.stopped) return;
      returned = true;
      timeout.cancel();
      this.timers = this.timers.filter((x) => x !== timeout);
      poll(this.host.ctx.engine.now);
    };
  }

  /** makeSignalObservations for the memory signals. */
  observe(workers: Iterable<PodWorker>, now: number): Map<string, Observation> {
    const capacity = this.capacity;
    const allocatable = this.allocatable;
    let ws = 0;
    for (const w of workers) for (const rec of w.records) ws += containerWorkingSet(rec, now);
    const obs = new Map<string, Observation>();
    obs.set('memory.available', { available: Math.max(0, capacity - ws), capacity });
    const hard = this.thresholds.find((t) => t.signal === 'memory.available');
    const limit = Math.min(capacity, allocatable + (hard ? thresholdBytes(hard, capacity) : 0));
    const avail = Math.max(0, limit - ws);
    obs.set('allocatableMemory.available', { available: avail, capacity: avail + ws });
    return obs;
  }

  /** The node's active pods as ranking candidates (GetActivePods + the summary's pod stats). */
  candidates(workers: readonly PodWorker[], now: number): EvictionCandidate[] {
    const out: EvictionCandidate[] = [];
    for (const w of workers) {
      if (w.terminal || w.gone) continue;
      const containers: EvictionCandidate['containers'] = [];
      let usage = 0;
      for (const rec of w.records) {
        if (!rec.current?.running) continue;
        const u = containerWorkingSet(rec, now);
        usage += u;
        if (!rec.init) containers.push({ name: rec.name, usage: u });
      }
      out.push({ key: w.key, uid: w.uid, pod: w.pod, stats: w.podIP !== undefined, usage, request: podMemoryRequest(w.pod), priority: podPriority(w.pod), containers });
    }
    return out;
  }

  /** One pass (synchronize); returns the worker of the evicted pod, if any. */
  synchronize(): PodWorker | undefined {
    const ctx = this.host.ctx;
    const now = ctx.engine.now;
    this.pass++;
    const obs = this.observe(this.host.eachWorker(), now);
    const isMet = (t: Threshold): boolean => {
      const o = obs.get(t.signal);
      return o !== undefined && thresholdBytes(t, o.capacity) > o.available;
    };
    // thresholdsMet, merged with the previous pass's unresolved ones (minimum reclaim is 0 here).
    let met = this.thresholds.filter(isMet);
    for (const t of this.met) if (!met.includes(t) && isMet(t)) met.push(t);
    const observed = new Set<string>();
    for (const t of met) observed.add(EVICTION_SIGNALS[t.signal]!.condition);
    for (const c of observed) this.lastObservedAt.set(c, now);
    const period = ctx.settings.evictionPressureTransitionPeriod;
    const conditions: string[] = [];
    for (const [c, at] of [...this.lastObservedAt].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (now - at < period) conditions.push(c);
    const changed = conditions.join() !== this.conditions.join();
    this.conditions = conditions;
    this.met = met;
    if (changed) this.host.pressureChanged();
    if (met.length === 0) return undefined;
    // byEvictionPriority: memory signals first (every signal met here is a memory one).
    const resource = EVICTION_SIGNALS[met[0]!.signal]!.resource;
    const node = ctx.store.get('Node', undefined, this.host.node);
    if (node) ctx.events.record(node, 'Warning', 'EvictionThresholdMet', `Attempting to reclaim ${resource}`, 'kubelet', this.host.node);
    const workers = this.host.podWorkers();
    const cands = this.candidates(workers, now);
    if (cands.length === 0) return undefined;
    const ranked = this.rank(cands);
    const first = met[0]!;
    const o = obs.get(first.signal)!;
    for (const c of ranked) {
      if (isCriticalPod(c.pod)) continue;
      const w = workers.find((x) => x.uid === c.uid)!;
      const message = evictionMessage(resource, c, thresholdText(first, o.capacity), o.available);
      ctx.actions.emit({
        component: this.host.component,
        action: 'evict',
        object: c.key,
        data: {
          node: this.host.node,
          pass: this.pass,
          signal: first.signal,
          threshold: thresholdBytes(first, o.capacity),
          available: o.available,
          observations: Object.fromEntries(obs),
          candidates: cands.map((x) => ({ key: x.key, uid: x.uid, stats: x.stats, usage: x.usage })),
          uid: c.uid,
        },
      });
      ctx.events.record(c.pod, 'Warning', 'Evicted', message, 'kubelet', this.host.node);
      w.evict(message, IMMEDIATE_EVICTION_GRACE_MS);
      this.host.ctx.engine.record(this.host.component, 'evict', c.key, message);
      return w;
    }
    return undefined;
  }
}

/** A container's memory request as the message prints it (`requests.String()`, `0` when unset). */
function requestText(c: any): string {
  const r = c?.resources?.requests?.memory;
  return r === undefined ? '0' : parseQuantity(String(r)).toString();
}

/** helpers.go evictionMessage (1.30: regular containers only). */
export function evictionMessage(resource: string, c: EvictionCandidate, threshold: string, available: number): string {
  let msg = `The node was low on resource: ${resource}. Threshold quantity: ${threshold}, available: ${formatBytes(available)}. `;
  if (!c.stats) return msg;
  const specs: any[] = c.pod.spec?.containers ?? [];
  for (const s of c.containers) {
    const spec = specs.find((x) => x.name === s.name);
    if (!spec) continue;
    const req = spec.resources?.requests?.memory;
    if (s.usage > (req === undefined ? 0 : quantityBytes(req))) {
      msg += `Container ${s.name} was using ${formatBytes(s.usage)}, request is ${requestText(spec)}, has larger consumption of ${resource}. `;
    }
  }
  return msg;
}
