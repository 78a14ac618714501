/**
 * `kubectl drain NODE --ignore-daemonsets --delete-emptydir-data [--force] [--grace-period N]
 * [--timeout D]` after the cordon, on the virtual clock (staging/src/k8s.io/kubectl/pkg/drain/
 * drain.go, filters.go; pkg/cmd/drain/drain.go RunDrain / deleteOrEvictPodsSimple):
 * - the node's pods are listed once and filtered in kubectl's order (skipDeleted, daemonSet,
 *   mirrorPod, localStorage, unreplicated); filter errors refuse the drain before any eviction;
 * - every pod left is evicted at once (one goroutine each upstream; here in list order at the
 *   same instant) through the eviction subresource; a 429 prints kubectl's line and retries
 *   after 5s; 404 counts as done; any other error ends that pod with an error;
 * - an evicted pod is awaited by polling every 1s from the eviction (PollImmediate): the first
 *   poll that finds it gone (or replaced by another uid) prints `pod/NAME evicted`;
 * - `--timeout` is one global deadline: an eviction attempt or a poll at or after it ends the
 *   pod with `global timeout reached: D`; without it there is none (kubectl's 0s);
 * - all done: `node/NAME drained`, else kubectl's error lines.
 */
import { formatDuration } from '../../api/duration.js';
import type { Engine, Timer } from '../../engine/engine.js';
import { evictPod } from '../../store/eviction.js';
import { ApiError, type KubeObject, type StoreApi } from '../../store/types.js';

/** The trace component of a drain. */
export const KUBECTL_DRAIN = 'kubectl-drain';
/** time.Sleep(5 * time.Second) after a 429 (drain.go evictPods). */
export const EVICTION_RETRY_MS = 5000;
/** waitForDelete's poll interval. */
export const DELETE_POLL_MS = 1000;

// filters.go messages.
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainOptions {
  node: string;
  /** --grace-period (omitted: -1, each pod's own). */
  gracePeriodSeconds?: number;
  /** --timeout in ms (omitted: none). */
  timeoutMs?: number;
  /** --force. */
  force?: boolean;
}

export interface DrainOutput {
  out(line: string): void;
  err(line: string): void;
}

type Status = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };
const OKAY: Status = { delete: true, reason: 'Okay' };

function controllerOf(pod: KubeObject): { kind: string; name: string } | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller === true);
}

function finished(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several as `[a, b]` (duplicates once). */
export function aggregateMessage(errs: readonly string[]): string {
  const seen = [...new Set(errs)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

export interface PodsForDeletion {
  pods: KubeObject[];
  /** PodDeleteList.Warnings(): `msg: ns/a, ns/b` joined by `; ` (messages sorted: Go's map order is random). */
  warnings: string;
  /** PodDeleteList.errors(). */
  errors: string[];
}

/** Helper.GetPodsForDeletion with --ignore-daemonsets --delete-emptydir-data and the given --force. */
export function podsForDeletion(store: StoreApi, node: string, force: boolean): PodsForDeletion {
  const filters: Array<(p: KubeObject) => Status> = [
    // skipDeletedFilter: --skip-wait-for-delete-timeout 0 never skips.
    () => OKAY,
    (pod) => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return OKAY;
      if (!store.get('DaemonSet', pod.metadata.namespace, ref.name)) {
        const msg = `daemonsets.apps "${ref.name}" not found`;
        return force ? { delete: true, reason: 'Warning', message: msg } : { delete: false, reason: 'Error', message: msg };
      }
      return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
    },
    (pod) => (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { delete: false, reason: 'Skip' } : OKAY),
    (pod) => {
      const local = ((pod.spec?.volumes ?? []) as Array<{ emptyDir?: unknown }>).some((v) => v.emptyDir != null);
      if (!local || finished(pod)) return OKAY;
      return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
    },
    (pod) => {
      if (finished(pod) || controllerOf(pod)) return OKAY;
      return force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  const pods: KubeObject[] = [];
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  for (const pod of store.podsOnNode(node)) {
    let status = OKAY;
    for (const f of filters) {
      status = f(pod);
      if (!status.delete) break;
    }
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (status.delete) pods.push(pod);
    if (status.reason === 'Warning') warned.set(status.message!, [...(warned.get(status.message!) ?? []), ref]);
    if (status.reason === 'Error') {
      const msg = status.message || 'unexpected error';
      failed.set(msg, [...(failed.get(msg) ?? []), ref]);
    }
  }
  const warnings = [...warned.keys()].sort().map((m) => `${m}: ${warned.get(m)!.join(', ')}`).join('; ');
  const errors = [...failed.keys()].sort().map((m) => `${m.toLowerCase().startsWith('cannot delete') ? m : `cannot delete ${m}`}: ${failed.get(m)!.join(', ')}`);
  return { pods, warnings, errors };
}

interface PodWork {
  pod: KubeObject;
  evictedAt?: number;
  timer?: Timer;
  done: boolean;
}

/**
 * One `kubectl drain` run after its cordon. `start()` lists and filters the pods and starts
 * the evictions; the run then proceeds on the engine until `state` is `drained` or `failed`
 * (`error` holds kubectl's final `error: ...` text). `cancel()` stops it (Ctrl-C).
 */
export class KubectlDrain {
  state: 'new' | 'running' | 'drained' | 'failed' | 'cancelled' = 'new';
  error: string | undefined;
  private readonly work = new Map<string, PodWork>();
  private readonly errors: string[] = [];
  private deadline = Infinity;
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly store: StoreApi,
    private readonly opts: DrainOptions,
    private readonly output: DrainOutput,
  ) {}

  get finished(): boolean {
    return this.state === 'drained' || this.state === 'failed' || this.state === 'cancelled';
  }

  /** Pods evicted but not yet seen gone, and pods still being evicted. */
  pending(): string[] {
    return [...this.work.values()].filter((w) => !w.done).map((w) => `pod/${w.pod.metadata.name}`);
  }

  start(): void {
    this.state = 'running';
    const node = this.opts.node;
    this.engine.record(KUBECTL_DRAIN, 'drain', `Node/${node}`);
    const list = podsForDeletion(this.store, node, this.opts.force ?? false);
    if (list.errors.length > 0) return this.fail(list.errors, false);
    if (list.warnings) this.output.err(`Warning: ${list.warnings}`);
    if (list.pods.length === 0) return this.succeed();
    if (this.opts.timeoutMs !== undefined && this.opts.timeoutMs > 0) this.deadline = this.engine.now + this.opts.timeoutMs;
    for (const pod of list.pods) this.work.set(pod.metadata.uid!, { pod, done: false });
    this.unwatch = this.store.watch((e) => {
      if (e.type !== 'DELETED') return;
      const w = this.work.get(e.object.metadata.uid!);
      if (w && !w.done && w.evictedAt !== undefined) this.scheduleGonePoll(w);
    }, ['Pod']);
    for (const w of [...this.work.values()]) this.attempt(w);
  }

  cancel(): void {
    if (this.finished) return;
    for (const w of this.work.values()) w.timer?.cancel();
    this.unwatch?.();
    this.state = 'cancelled';
  }

  private get timeoutText(): string {
    return formatDuration(this.opts.timeoutMs!);
  }

  /** One pass of the eviction loop of a pod's goroutine. */
  private attempt(w: PodWork): void {
    if (this.finished) return;
    const { namespace: ns, name } = w.pod.metadata;
    this.output.out(`evicting pod ${ns}/${name}`);
    if (this.engine.now >= this.deadline) return this.podDone(w, `error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${this.timeoutText}`);
    const opts: { actor: string; gracePeriodSeconds?: number } = { actor: KUBECTL_DRAIN };
    if (this.opts.gracePeriodSeconds !== undefined && this.opts.gracePeriodSeconds >= 0) opts.gracePeriodSeconds = this.opts.gracePeriodSeconds;
    try {
      evictPod(this.store, ns!, name!, opts);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 404) return this.podDone(w, undefined);
      if (e.code === 429) {
        this.engine.record(KUBECTL_DRAIN, 'evict-refused', `Pod/${ns}/${name}`, e.causes[0]?.message);
        this.output.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after ${EVICTION_RETRY_MS / 1000}s): ${e.message}`);
        w.timer = this.engine.after(EVICTION_RETRY_MS, KUBECTL_DRAIN, 'evict-retry', `Pod/${ns}/${name}`, () => this.attempt(w));
        return;
      }
      return this.podDone(w, `error when evicting pods/"${name}" -n "${ns}": ${e.message}`);
    }
    this.engine.record(KUBECTL_DRAIN, 'evicted', `Pod/${ns}/${name}`);
    w.evictedAt = this.engine.now;
    // PollImmediate: the first look is now.
    if (this.gone(w)) return this.evicted(w);
    if (this.deadline !== Infinity) {
      // The first 1s poll at or after the deadline gives up if the pod is still there.
      const k = Math.max(1, Math.ceil((this.deadline - w.evictedAt) / DELETE_POLL_MS));
      w.timer = this.engine.at(w.evictedAt + k * DELETE_POLL_MS, KUBECTL_DRAIN, 'wait-timeout', `Pod/${ns}/${name}`, () => {
        if (w.done) return;
        if (this.gone(w)) return this.evicted(w);
        this.podDone(w, `error when waiting for pod "${name}" in namespace "${ns}" to terminate: global timeout reached: ${this.timeoutText}`);
      });
    }
  }

  private gone(w: PodWork): boolean {
    const p = this.store.get('Pod', w.pod.metadata.namespace, w.pod.metadata.name!);
    return p === undefined || p.metadata.uid !== w.pod.metadata.uid;
  }

  /** The pod left the API: the next 1s poll tick notices. */
  private scheduleGonePoll(w: PodWork): void {
    const since = this.engine.now - w.evictedAt!;
    const at = w.evictedAt! + Math.ceil(since / DELETE_POLL_MS) * DELETE_POLL_MS;
    w.timer?.cancel();
    const { namespace: ns, name } = w.pod.metadata;
    w.timer = this.engine.at(at, KUBECTL_DRAIN, 'wait-delete', `Pod/${ns}/${name}`, () => {
      if (!w.done) this.evicted(w);
    });
  }

  /** onPodDeletedOrEvicted (cmd/drain): `pod/NAME evicted`. */
  private evicted(w: PodWork): void {
    this.output.out(`pod/${w.pod.metadata.name} evicted`);
    this.podDone(w, undefined);
  }

  private podDone(w: PodWork, error: string | undefined): void {
    w.done = true;
    w.timer?.cancel();
    if (error !== undefined) this.errors.push(error);
    if ([...this.work.values()].every((x) => x.done)) {
      this.unwatch?.();
      if (this.errors.length === 0) this.succeed();
      else this.fail(this.errors, true);
    }
  }

  private succeed(): void {
    this.state = 'drained';
    this.engine.record(KUBECTL_DRAIN, 'drained', `Node/${this.opts.node}`);
    this.output.out(`node/${this.opts.node} drained`);
  }

  /** RunDrain's error path (after DeleteOrEvictPods failed, the pending pods are listed again). */
  private fail(errs: readonly string[], afterEvictions: boolean): void {
    const node = this.opts.node;
    const agg = aggregateMessage(errs);
    if (afterEvictions) {
      const again = podsForDeletion(this.store, node, this.opts.force ?? false);
      if (again.pods.length > 0) {
        this.output.err(`There are pending pods in node "${node}" when an error occurred: ${agg}`);
        for (const p of again.pods) this.output.err(`pod/${p.metadata.name}`);
      }
      if (again.errors.length > 0) this.output.err(`Following errors occurred while getting the list of pods to delete:\n${aggregateMessage(again.errors)}`);
    }
    this.output.err(`error: unable to drain node "${node}" due to error: ${agg}, continuing command...`);
    this.output.err('There are pending nodes to be drained:');
    this.output.err(` ${node}`);
    // cmdutil.CheckErr: an aggregate prints one error per line after `error: `.
    this.error = `error: ${[...new Set(errs)].join('\n')}`;
    this.output.err(this.error);
    this.state = 'failed';
    this.engine.record(KUBECTL_DRAIN, 'drain-failed', `Node/${node}`);
  }
}
