import { fromTimestamp } from '../api/time.js';
import type { ClusterContext, Component } from '../cluster/context.js';
import { ApiError, type KubeObject, type WatchEvent } from '../store/types.js';
import { withPodCondition } from './node-lifecycle-pods.js';
import { TAINT_OUT_OF_SERVICE, type NodeTaint } from './node-lifecycle-taints.js';

/** quarantineTime: how long an unknown node name waits before its pods count as orphaned. */
export const POD_GC_QUARANTINE = 40_000;

const podKey = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
/** The sets hold pod uids (strings whose hash is computed once), not keys built per event. */
const podUid = (p: KubeObject) => p.metadata.uid ?? podKey(p);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** isPodTerminated: any phase but Pending, Running and Unknown. */
function isTerminated(p: KubeObject): boolean {
  const phase = p.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isNodeReady(node: KubeObject): boolean {
  const c = (node.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  return c?.status === 'True';
}

/** eviction.PodIsEvicted: Failed with reason Evicted. */
function isEvicted(p: KubeObject): boolean {
  return p.status?.phase === 'Failed' && p.status?.reason === 'Evicted';
}

/** byEvictionAndCreationTimestamp: evicted pods first, then oldest, then by name. */
function gcOrder(a: KubeObject, b: KubeObject): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ca = fromTimestamp(a.metadata.creationTimestamp ?? '');
  const cb = fromTimestamp(b.metadata.creationTimestamp ?? '');
  if (ca !== cb) return ca - cb;
  return byKey(a.metadata.name!, b.metadata.name!);
}

/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), a pass every 20s
 * (gcCheckPeriod), first at start:
 *  - gcTerminated: terminated pods (Succeeded/Failed) beyond --terminated-pod-gc-threshold,
 *    evicted first, then oldest first;
 *  - gcTerminating: terminating pods on a not-Ready node with the
 *    `node.kubernetes.io/out-of-service` taint;
 *  - gcOrphaned: pods bound to a node that has not existed for the 40s quarantine, with
 *    DisruptionTarget reason DeletionByPodGC;
 *  - gcUnscheduledTerminating: terminating pods never bound to a node.
 * Each is force-deleted (grace 0) after its phase is set to Failed (unless already terminal).
 * The pod sets (by uid) are kept from the watch so a pass does not scan every pod.
 */
export class PodGCController implements Component {
  readonly name = 'pod-garbage-collector';
  private ctx!: ClusterContext;
  private readonly terminated = new Set<string>();
  private readonly terminating = new Map<string, string>();
  private readonly byNode = new Map<string, Set<string>>();
  /** The delaying queue of unknown node names: name → time it becomes ready. */
  private readonly quarantine = new Map<string, number>();

  start(ctx: ClusterContext): void {
    this.ctx = ctx;
    ctx.store.watch((e) => this.onPod(e), ['Pod']);
    ctx.engine.at(ctx.engine.now, this.name, 'gc', 'pods', () => this.pass());
  }

  private onPod(e: WatchEvent): void {
    const old = e.old;
    if (e.type === 'MODIFIED' && old) {
      // Most updates (status) change none of what the sets hold: node, terminated, terminating.
      const p = e.object;
      if (old.spec?.nodeName === p.spec?.nodeName && isTerminated(old) === isTerminated(p) && !old.metadata.deletionTimestamp === !p.metadata.deletionTimestamp) return;
    } else if (e.type === 'ADDED') {
      // A new pod's key is in no set (DELETED took it out of all): an unbound, live, pending pod adds nothing.
      const p = e.object;
      if (!p.spec?.nodeName && !p.metadata.deletionTimestamp && !isTerminated(p)) return;
    }
    const key = podUid(e.object);
    const oldNode = e.old?.spec?.nodeName as string | undefined;
    if (oldNode) this.byNode.get(oldNode)?.delete(key);
    if (e.type === 'DELETED') {
      this.terminated.delete(key);
      this.terminating.delete(key);
      return;
    }
    const p = e.object;
    if (isTerminated(p)) this.terminated.add(key);
    else this.terminated.delete(key);
    const node = (p.spec?.nodeName as string | undefined) ?? '';
    if (p.metadata.deletionTimestamp) this.terminating.set(key, node);
    else this.terminating.delete(key);
    if (node) {
      let s = this.byNode.get(node);
      if (!s) this.byNode.set(node, (s = new Set()));
      s.add(key);
    }
  }

  private pass(): void {
    this.gc();
    this.ctx.engine.after(this.ctx.settings.podGCPeriod, this.name, 'gc', 'pods', () => this.pass());
  }

  /** One gc pass, in upstream order. */
  gc(): void {
    if (this.ctx.settings.terminatedPodGCThreshold > 0) this.gcTerminated();
    this.gcTerminating();
    this.gcOrphaned();
    this.gcUnscheduledTerminating();
  }

  /** The live pods of these uids, ordered by namespace/name key. */
  private pods(uids: Iterable<string>): KubeObject[] {
    const found: Array<{ key: string; pod: KubeObject }> = [];
    for (const uid of uids) {
      const p = this.ctx.store.getByUid(uid);
      if (p && p.kind === 'Pod') found.push({ key: podKey(p), pod: p });
    }
    found.sort((a, b) => byKey(a.key, b.key));
    return found.map((f) => f.pod);
  }

  private gcTerminated(): void {
    const threshold = this.ctx.settings.terminatedPodGCThreshold;
    if (this.terminated.size <= threshold) return;
    const pods = this.pods(this.terminated).sort(gcOrder);
    const deleteCount = pods.length - threshold;
    for (let i = 0; i < deleteCount; i++) this.markFailedAndDelete(pods[i]!);
  }

  private gcTerminating(): void {
    const store = this.ctx.store;
    const candidates: KubeObject[] = [];
    for (const pod of this.pods(this.terminating.keys())) {
      const node = store.get('Node', undefined, pod.spec?.nodeName ?? '');
      if (!node) continue;
      const taints = (node.spec?.taints ?? []) as NodeTaint[];
      if (!isNodeReady(node) && taints.some((t) => t.key === TAINT_OUT_OF_SERVICE)) candidates.push(pod);
    }
    candidates.sort(gcOrder);
    for (const p of candidates) this.markFailedAndDelete(p);
  }

  private gcOrphaned(): void {
    const store = this.ctx.store;
    const now = this.ctx.engine.now;
    const nodeNames = [...this.byNode.keys()].filter((n) => (this.byNode.get(n)?.size ?? 0) > 0).sort(byKey);
    // Newly seen unknown nodes go into quarantine (AddAfter keeps an earlier ready time).
    for (const n of nodeNames) {
      if (store.get('Node', undefined, n)) continue;
      const readyAt = now + POD_GC_QUARANTINE;
      const prev = this.quarantine.get(n);
      if (prev === undefined || readyAt < prev) this.quarantine.set(n, readyAt);
    }
    // discoverDeletedNodes: the names whose quarantine is over, checked once more.
    const deleted: string[] = [];
    for (const [n, readyAt] of [...this.quarantine].sort((a, b) => byKey(a[0], b[0]))) {
      if (readyAt > now) continue;
      this.quarantine.delete(n);
      if (!store.get('Node', undefined, n)) deleted.push(n);
    }
    for (const n of deleted) {
      for (const pod of this.pods(this.byNode.get(n) ?? [])) {
        this.markFailedAndDelete(pod, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
      }
    }
  }

  private gcUnscheduledTerminating(): void {
    const keys = [...this.terminating].filter(([, node]) => !node).map(([k]) => k);
    for (const pod of this.pods(keys)) {
      if (pod.metadata.deletionTimestamp && !pod.spec?.nodeName) this.markFailedAndDelete(pod);
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (plus the condition) first, then delete with grace 0. */
  private markFailedAndDelete(pod: KubeObject, cond?: { type: string; status: string; reason: string; message: string }): void {
    const store = this.ctx.store;
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name!;
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        let status = { ...(pod.status ?? {}), phase: 'Failed' };
        if (cond) status = withPodCondition(status, cond, this.ctx.engine.now) ?? status;
        store.updateStatus({ ...pod, status }, { actor: this.name, origin: 'system' });
      }
      store.delete('Pod', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! }, actor: this.name });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
