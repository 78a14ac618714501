import { toleratesTaint, tolerationsTolerateTaint, type Toleration } from '../scheduler/toleration.js';
import type { Timer } from '../engine/engine.js';
import { ApiError, type KubeObject, type WatchEvent } from '../store/types.js';
import { Controller } from './controller.js';
import { withPodCondition } from './node-lifecycle-pods.js';
import type { NodeTaint } from './node-lifecycle-taints.js';

/** Controller name and event source since the split from the node lifecycle controller (1.29). */
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

/** A TimedWorker: scheduled deletion of one pod. */
interface TimedWorker {
  createdAt: number;
  fireAt: number;
  timer: Timer;
}

function noExecuteTaints(node: KubeObject | undefined): NodeTaint[] {
  return ((node?.spec?.taints ?? []) as NodeTaint[]).filter((t) => t.effect === 'NoExecute');
}

function sameTaints(a: NodeTaint[], b: NodeTaint[]): boolean {
  return a.length === b.length && a.every((t, i) => t.key === b[i]!.key && (t.value ?? '') === (b[i]!.value ?? '') && t.effect === b[i]!.effect && t.timeAdded === b[i]!.timeAdded);
}

function sameTolerations(a: unknown, b: unknown): boolean {
  // A status update keeps the spec (and its tolerations) as the same object.
  return a === b || JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * v1helper.GetMatchingTolerations: every taint must be tolerated; the result is, per taint,
 * the first toleration that tolerates it.
 */
export function matchingTolerations(taints: readonly NodeTaint[], tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  if (taints.length === 0) return [];
  const list = tolerations ?? [];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = list.find((x) => toleratesTaint(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/**
 * getMinTolerationTime (ms): 0 without tolerations or with any tolerationSeconds <= 0, the
 * smallest tolerationSeconds otherwise, -1 (forever) when none of them has tolerationSeconds.
 */
export function minTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): deletes pods
 * from nodes with NoExecute taints they do not tolerate. A pod that tolerates every such taint
 * is deleted after the smallest tolerationSeconds among the tolerations used, counted from
 * when this controller saw the taint (the node update), not from the taint's timeAdded; a pod
 * whose tolerations have no tolerationSeconds stays. The deletion sets the pod condition
 * DisruptionTarget (reason DeletionByTaintManager) and then deletes gracefully. Removing the
 * taints (or a toleration change that makes the pod tolerate forever) cancels a scheduled
 * deletion with a "Cancelling deletion" event.
 */
export class TaintEvictionController extends Controller {
  /** taintedNodes: the NoExecute taints of each node with any. */
  private readonly taintedNodes = new Map<string, NodeTaint[]>();
  /** TimedWorkerQueue keyed `namespace/name`; immediate work is never stored. */
  private readonly workers = new Map<string, TimedWorker>();

  constructor() {
    super(TAINT_EVICTION_CONTROLLER);
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onNode(e), ['Node']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
  }

  /** Scheduled deletions (`namespace/name` → fire time in ms), for tests and reports. */
  scheduled(): Map<string, number> {
    return new Map([...this.workers].map(([k, w]) => [k, w.fireAt]));
  }

  /** NodeUpdated: only a change of the NoExecute taints matters. Keys `node:<name>`. */
  private onNode(e: WatchEvent): void {
    if (e.type === 'MODIFIED' && sameTaints(noExecuteTaints(e.old), noExecuteTaints(e.object))) return;
    this.enqueue(`node:${e.object.metadata.name}`);
  }

  /**
   * PodUpdated: only a change of tolerations or node matters. Keys `pod:<node>:<namespace>/<name>`.
   * handlePodUpdate only acts for a node with NoExecute taints or a pod with scheduled work, so
   * only those are queued (a node whose taints are still being processed lists its pods anyway).
   */
  private onPod(e: WatchEvent): void {
    // Nothing to act on: no node with NoExecute taints and no scheduled deletion (the common case).
    if (this.taintedNodes.size === 0 && this.workers.size === 0) return;
    const pod = e.object;
    if (e.type === 'MODIFIED' && e.old && sameTolerations(e.old.spec?.tolerations, pod.spec?.tolerations) && e.old.spec?.nodeName === pod.spec?.nodeName) return;
    const node = pod.spec?.nodeName ?? '';
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!this.taintedNodes.has(node) && !this.workers.has(key)) return;
    this.enqueue(`pod:${node}:${key}`);
  }

  protected reconcile(key: string): void {
    if (key.startsWith('node:')) this.handleNodeUpdate(key.slice(5));
    else {
      const rest = key.slice(4);
      const i = rest.indexOf(':');
      this.handlePodUpdate(rest.slice(0, i), rest.slice(i + 1));
    }
  }

  private handlePodUpdate(nodeName: string, podKey: string): void {
    const i = podKey.indexOf('/');
    const pod = this.ctx.store.get('Pod', podKey.slice(0, i), podKey.slice(i + 1));
    if (!pod) {
      this.cancelWorkWithEvent(podKey);
      return;
    }
    if ((pod.spec?.nodeName ?? '') !== nodeName || !nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(podKey, pod.spec?.tolerations, taints, this.ctx.engine.now);
  }

  private handleNodeUpdate(nodeName: string): void {
    const node = this.ctx.store.get('Node', undefined, nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.ctx.store.podsOnNode(nodeName);
    if (pods.length === 0) return;
    if (taints.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent(`${p.metadata.namespace}/${p.metadata.name}`);
      return;
    }
    const now = this.ctx.engine.now;
    for (const p of pods) this.processPodOnNode(`${p.metadata.namespace}/${p.metadata.name}`, p.spec?.tolerations, taints, now);
  }

  private processPodOnNode(podKey: string, tolerations: Toleration[] | undefined, taints: NodeTaint[], now: number): void {
    if (taints.length === 0) this.cancelWorkWithEvent(podKey);
    const used = matchingTolerations(taints, tolerations);
    if (!used) {
      // Not all taints are tolerated: delete right away.
      this.cancelWorkWithEvent(podKey);
      this.addWork(podKey, now, now);
      return;
    }
    const min = minTolerationTime(used);
    if (min < 0) {
      this.cancelWorkWithEvent(podKey);
      return;
    }
    let start = now;
    const trigger = start + min;
    const scheduled = this.workers.get(podKey);
    if (scheduled) {
      start = scheduled.createdAt;
      if (start + min < trigger) return;
      this.cancelWorkWithEvent(podKey);
    }
    this.addWork(podKey, start, trigger);
  }

  /** AddWork: a worker fires at fireAt; at or before now it runs at once (and is never stored). */
  private addWork(podKey: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(podKey)) return;
    if (fireAt <= createdAt) {
      this.deletePod(podKey);
      return;
    }
    const timer = this.ctx.engine.at(fireAt, this.name, 'evict', podKey, () => {
      this.workers.delete(podKey);
      this.deletePod(podKey);
    });
    this.workers.set(podKey, { createdAt, fireAt, timer });
  }

  private cancelWorkWithEvent(podKey: string): void {
    const w = this.workers.get(podKey);
    if (!w) return;
    w.timer.cancel();
    this.workers.delete(podKey);
    this.ctx.events.record(podRef(podKey), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${podKey}`, TAINT_EVICTION_CONTROLLER);
  }

  /** deletePodHandler + addConditionAndDeletePod. */
  private deletePod(podKey: string): void {
    const store = this.ctx.store;
    this.ctx.events.record(podRef(podKey), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${podKey}`, TAINT_EVICTION_CONTROLLER);
    const i = podKey.indexOf('/');
    const ns = podKey.slice(0, i);
    const name = podKey.slice(i + 1);
    const pod = store.get('Pod', ns, name);
    if (!pod) return;
    try {
      const status = withPodCondition(pod.status, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }, this.ctx.engine.now);
      if (status) store.updateStatus({ ...pod, status }, { actor: this.name, origin: 'system' });
      store.delete('Pod', ns, name, { actor: this.name });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

/** The reference the taint eviction controller's events use: kind, namespace, name (no uid). */
function podRef(podKey: string): KubeObject {
  const i = podKey.indexOf('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: podKey.slice(0, i), name: podKey.slice(i + 1) } };
}

/** Whether a pod tolerates every NoExecute taint of a node (for reports and invariants). */
export function toleratesNoExecute(pod: KubeObject, node: KubeObject): boolean {
  return noExecuteTaints(node).every((t) => tolerationsTolerateTaint(pod.spec?.tolerations, t));
}
