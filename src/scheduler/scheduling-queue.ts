import type { KubeObject } from '../store/types.js';
import { podPriority } from './pod-info.js';

/** framework.QueuedPodInfo. */
export interface QueuedPod {
  key: string;
  pod: KubeObject;
  priority: number;
  /** When it last entered a queue (PrioritySort tie-break; backoff start). */
  timestamp: number;
  attempts: number;
  /** Plugins that rejected it last time (which cluster events can help). */
  unschedulablePlugins: ReadonlySet<string>;
  where: 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inflight';
  /** Heap entry version (lazy deletion). */
  version: number;
  seq: number;
  backoffExpiry: number;
}

class Heap<T> {
  private a: T[] = [];
  constructor(private readonly less: (x: T, y: T) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  push(x: T): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      const t = a[i]!;
      a[i] = a[p]!;
      a[p] = t;
      i = p;
    }
  }
  peek(): T | undefined {
    return this.a[0];
  }
  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        const t = a[i]!;
        a[i] = a[m]!;
        a[m] = t;
        i = m;
      }
    }
    return top;
  }
}

const NO_PLUGINS: ReadonlySet<string> = new Set();

interface Entry {
  qp: QueuedPod;
  version: number;
}

/** Queue timings (pkg/scheduler/apis/config/v1/defaults.go and internal/queue). */
export interface QueueTimings {
  podInitialBackoff: number;
  podMaxBackoff: number;
  podMaxInUnschedulablePodsDuration: number;
}

export const DEFAULT_QUEUE_TIMINGS: QueueTimings = { podInitialBackoff: 1_000, podMaxBackoff: 10_000, podMaxInUnschedulablePodsDuration: 300_000 };

/**
 * The scheduling queue (pkg/scheduler/internal/queue/scheduling_queue.go PriorityQueue):
 * - activeQ: ordered by priority (higher first), then by the time the pod entered the queue;
 * - backoffQ: pods waiting out 1s doubling to 10s per failed attempt;
 * - unschedulablePods: pods that failed, moved back by a cluster event that may help them
 *   (to backoffQ while still backing off, else to activeQ) or after 5 minutes;
 * - gated pods (spec.schedulingGates) wait until the gates are removed.
 */
export class SchedulingQueue {
  private readonly pods = new Map<string, QueuedPod>();
  /** unschedulablePods (a subset of `pods`), so cluster events never walk the whole queue. */
  private readonly unschedulable = new Set<QueuedPod>();
  /** The same pods by the plugins that rejected them, and those rejected by none: an event visits only the pods it can move. */
  private readonly unschedulableByPlugin = new Map<string, Set<QueuedPod>>();
  private readonly unschedulableNoPlugin = new Set<QueuedPod>();
  private readonly active = new Heap<Entry>((x, y) => {
    const a = x.qp;
    const b = y.qp;
    if (a.priority !== b.priority) return a.priority > b.priority;
    if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
    return a.seq < b.seq;
  });
  private readonly backoff = new Heap<Entry>((x, y) => (x.qp.backoffExpiry !== y.qp.backoffExpiry ? x.qp.backoffExpiry < y.qp.backoffExpiry : x.qp.seq < y.qp.seq));
  private seq = 0;
  activeCount = 0;

  constructor(readonly timings: QueueTimings = DEFAULT_QUEUE_TIMINGS) {}

  get(key: string): QueuedPod | undefined {
    return this.pods.get(key);
  }

  /** Every queued pod (for nominated-pod lookups and leftovers), in insertion order. */
  all(): IterableIterator<QueuedPod> {
    return this.pods.values();
  }

  /** Add a new unscheduled pod (informer Add). */
  add(pod: KubeObject, key: string, now: number): QueuedPod {
    const qp: QueuedPod = {
      key,
      pod,
      priority: podPriority(pod),
      timestamp: now,
      attempts: 0,
      unschedulablePlugins: NO_PLUGINS,
      where: 'gated',
      version: 0,
      seq: this.seq++,
      backoffExpiry: 0,
    };
    this.pods.set(key, qp);
    if ((pod.spec?.schedulingGates ?? []).length === 0) this.toActive(qp, now);
    return qp;
  }

  /** Pod object updated (informer Update); `specChanged` = more than status changed. */
  update(key: string, pod: KubeObject, now: number, specChanged: boolean): void {
    const qp = this.pods.get(key);
    if (!qp) return;
    qp.pod = pod;
    qp.priority = podPriority(pod);
    if (qp.where === 'gated') {
      if ((pod.spec?.schedulingGates ?? []).length === 0) this.toActive(qp, now);
      return;
    }
    if (qp.where === 'unschedulable' && specChanged) this.moveOne(qp, now);
  }

  delete(key: string): void {
    const qp = this.pods.get(key);
    if (!qp) return;
    if (qp.where === 'active') this.activeCount--;
    qp.version++;
    this.dropUnschedulable(qp);
    this.pods.delete(key);
  }

  /** Pop the next pod to schedule (attempts++). */
  pop(): QueuedPod | undefined {
    for (;;) {
      const e = this.active.pop();
      if (!e) return undefined;
      if (e.version !== e.qp.version || e.qp.where !== 'active') continue;
      this.activeCount--;
      e.qp.where = 'inflight';
      e.qp.attempts++;
      return e.qp;
    }
  }

  peek(): QueuedPod | undefined {
    for (;;) {
      const e = this.active.peek();
      if (!e) return undefined;
      if (e.version !== e.qp.version || e.qp.where !== 'active') {
        this.active.pop();
        continue;
      }
      return e.qp;
    }
  }

  /** Done with a pod that was bound (or vanished). */
  done(key: string): void {
    const qp = this.pods.get(key);
    if (qp && qp.where === 'inflight') this.pods.delete(key);
  }

  /** AddUnschedulableIfNotPresent: a failed attempt. Errors go to backoffQ, rejections to unschedulablePods. */
  failed(qp: QueuedPod, now: number, plugins: ReadonlySet<string>, error: boolean): void {
    if (!this.pods.has(qp.key)) return;
    this.dropUnschedulable(qp);
    qp.timestamp = now;
    qp.unschedulablePlugins = plugins;
    if (error) this.toBackoff(qp);
    else {
      qp.version++;
      qp.where = 'unschedulable';
      this.unschedulable.add(qp);
      if (plugins.size === 0) this.unschedulableNoPlugin.add(qp);
      for (const p of plugins) {
        let set = this.unschedulableByPlugin.get(p);
        if (!set) this.unschedulableByPlugin.set(p, (set = new Set()));
        set.add(qp);
      }
    }
  }

  private dropUnschedulable(qp: QueuedPod): void {
    if (!this.unschedulable.delete(qp)) return;
    this.unschedulableNoPlugin.delete(qp);
    for (const p of qp.unschedulablePlugins) this.unschedulableByPlugin.get(p)?.delete(qp);
  }

  /** calculateBackoffDuration: initial, doubled per further attempt, capped. */
  backoffDuration(attempts: number): number {
    let d = this.timings.podInitialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.timings.podMaxBackoff - d) return this.timings.podMaxBackoff;
      d += d;
    }
    return d;
  }

  /** MoveAllToActiveOrBackoffQueue for the unschedulable pods `interested` accepts. */
  moveAll(now: number, interested: (qp: QueuedPod) => boolean): number {
    let n = 0;
    if (this.unschedulable.size === 0) return 0;
    // Insertion order of the set = order the pods became unschedulable (deterministic).
    for (const qp of [...this.unschedulable]) {
      if (!interested(qp)) continue;
      this.moveOne(qp, now);
      n++;
    }
    return n;
  }

  /**
   * moveAll for the pods rejected by one of `plugins` (and, with `noPlugin`, those rejected by
   * none), visiting only them. The order of the moves does not matter: both queues are heaps
   * with a total order (priority, timestamp, sequence; expiry, sequence).
   */
  moveFor(now: number, plugins: readonly string[], noPlugin: boolean): number {
    if (this.unschedulable.size === 0) return 0;
    let n = 0;
    if (noPlugin && this.unschedulableNoPlugin.size > 0) {
      for (const qp of [...this.unschedulableNoPlugin]) {
        this.moveOne(qp, now);
        n++;
      }
    }
    for (const p of plugins) {
      const set = this.unschedulableByPlugin.get(p);
      if (!set || set.size === 0) continue;
      for (const qp of [...set]) {
        if (qp.where !== 'unschedulable') continue;
        this.moveOne(qp, now);
        n++;
      }
    }
    return n;
  }

  private moveOne(qp: QueuedPod, now: number): void {
    this.dropUnschedulable(qp);
    const expiry = qp.timestamp + this.backoffDuration(qp.attempts);
    if (expiry > now) this.toBackoff(qp);
    else this.toActive(qp, now);
  }

  /** flushBackoffQCompleted: every pod whose backoff ended by `now` goes to activeQ. */
  flushBackoff(now: number): void {
    for (;;) {
      const e = this.backoff.peek();
      if (!e) return;
      if (e.version !== e.qp.version || e.qp.where !== 'backoff') {
        this.backoff.pop();
        continue;
      }
      if (e.qp.backoffExpiry > now) return;
      this.backoff.pop();
      this.toActive(e.qp, now);
    }
  }

  /** Earliest pending backoff expiry. */
  nextBackoff(): number | undefined {
    for (;;) {
      const e = this.backoff.peek();
      if (!e) return undefined;
      if (e.version !== e.qp.version || e.qp.where !== 'backoff') {
        this.backoff.pop();
        continue;
      }
      return e.qp.backoffExpiry;
    }
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for longer than 5 minutes. */
  flushLeftover(now: number): void {
    for (const qp of [...this.unschedulable]) {
      if (now - qp.timestamp > this.timings.podMaxInUnschedulablePodsDuration) this.moveOne(qp, now);
    }
  }

  /** Whether any pod waits in unschedulablePods. */
  hasUnschedulable(): boolean {
    return this.unschedulable.size > 0;
  }

  private toActive(qp: QueuedPod, now: number): void {
    if (qp.where === 'active') return;
    void now; // the PrioritySort timestamp is the pod's last entry into the queue, not the move
    this.dropUnschedulable(qp);
    qp.version++;
    qp.where = 'active';
    this.activeCount++;
    this.active.push({ qp, version: qp.version });
  }

  private toBackoff(qp: QueuedPod): void {
    this.dropUnschedulable(qp);
    qp.version++;
    qp.where = 'backoff';
    qp.backoffExpiry = qp.timestamp + this.backoffDuration(qp.attempts);
    this.backoff.push({ qp, version: qp.version });
  }
}
