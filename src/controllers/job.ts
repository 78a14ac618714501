import type { KubeObject, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { fromTimestamp, toTimestamp } from '../api/time.js';
import { Controller, keyOf } from './controller.js';
import { ControllerExpectations } from './replicaset-expectations.js';
import { newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf, isPodReady } from './replicaset-pod-util.js';
import { indexesToString, parseIndexes } from './job-indexes.js';
import { matchPodFailurePolicy } from './job-pod-failure-policy.js';
import {
  podFinishedTime,
  JOB_COMPLETION_INDEX,
  JOB_TRACKING_FINALIZER,
  SYNC_JOB_BATCH_PERIOD_MS,
  isJobFinished,
  newBackoffRecord,
  remainingBackoff,
  type BackoffRecord,
} from './job-util.js';

const COMPONENT = 'job-controller';
/** Work-queue keys of orphan pods (the orphanQueue upstream) carry this prefix. */
const ORPHAN = 'orphan-pod:';
/** MaxPodCreateDeletePerSync (job_controller.go). */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

interface Condition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

function phaseOf(p: KubeObject): string | undefined {
  return p.status?.phase;
}

function hasFinalizer(p: KubeObject): boolean {
  return (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** controller.IsPodActive: not Succeeded/Failed and not being deleted. */
function isActive(p: KubeObject): boolean {
  return phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed' && !p.metadata.deletionTimestamp;
}

/**
 * isPodFailed (job_controller.go): Failed, or (without podFailurePolicy and with
 * podReplacementPolicy TerminatingOrFailed) being deleted before it succeeded, so that orphan
 * pods that never reach Failed still count.
 */
function isPodFailed(p: KubeObject, job: KubeObject): boolean {
  if (job.spec?.podFailurePolicy) return phaseOf(p) === 'Failed';
  if (phaseOf(p) === 'Failed') return true;
  if (job.spec?.podReplacementPolicy === 'Failed') return false;
  return !!p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded';
}

function podIndex(p: KubeObject): number | undefined {
  const v = p.metadata.annotations?.[JOB_COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function restartSum(p: KubeObject): number {
  let n = 0;
  for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) n += cs.restartCount ?? 0;
  return n;
}

/**
 * controller.ActivePods order, the pods a scale-down removes first: unassigned before
 * assigned, Pending before Running, not ready before ready, more restarts first, newer first.
 */
function removalOrder(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  const phaseRank = (p: KubeObject) => (phaseOf(p) === 'Pending' || !phaseOf(p) ? 0 : phaseOf(p) === 'Unknown' ? 1 : 2);
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  const d =
    assigned(a) - assigned(b) ||
    phaseRank(a) - phaseRank(b) ||
    ready(a) - ready(b) ||
    restartSum(b) - restartSum(a) ||
    fromTimestamp(b.metadata.creationTimestamp!) - fromTimestamp(a.metadata.creationTimestamp!);
  if (d !== 0) return d;
  return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
}

/**
 * The Job controller (pkg/controller/job/job_controller.go, 1.30): keeps
 * min(parallelism, remaining completions) pods active, counts finished pods through the
 * batch.kubernetes.io/job-tracking finalizer, delays re-creation after failures with the pod
 * failure back-off (10s doubling, capped at 10m, from the last failure), fails the Job with
 * BackoffLimitExceeded or DeadlineExceeded (terminating its active pods), completes it with
 * Complete (no reason or message in 1.30), handles NonIndexed and Indexed completion modes,
 * suspend, podFailurePolicy (FailJob / Ignore / Count / FailIndex) and backoffLimitPerIndex.
 * Pod events reach a sync after syncJobBatchPeriod (1s), except a pod's first transition to
 * Failed, which syncs at once; Job events sync at once. Orphan pods still holding the tracking
 * finalizer get it removed.
 */
export class JobController extends Controller {
  readonly expectations = new ControllerExpectations();
  private readonly backoff = new Map<string, BackoffRecord>();

  constructor() {
    super(COMPONENT);
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onJob(e), ['Job']);
    this.ctx.store.watch((e) => this.onPod(e), ['Pod']);
  }

  private onJob(e: WatchEvent): void {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') {
      this.expectations.delete(key);
      this.backoff.delete(key);
    }
    this.enqueue(key);
  }

  private jobOf(pod: KubeObject): KubeObject | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'Job') return undefined;
    const job = this.ctx.store.get('Job', pod.metadata.namespace, ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object;
    const job = this.jobOf(pod) ?? (e.old ? this.jobOf(e.old) : undefined);
    if (!job) {
      // An orphan still holding the tracking finalizer (its Job was deleted, or released it):
      // the controller's orphan queue removes the finalizer so the pod can go.
      if (e.type !== 'DELETED' && hasFinalizer(pod)) this.enqueue(`${ORPHAN}${keyOf(pod)}`);
      return;
    }
    const key = keyOf(job);
    if (e.type === 'ADDED') {
      if (pod.metadata.deletionTimestamp) this.expectations.deletionObserved(key, keyOf(pod));
      else this.expectations.creationObserved(key);
      this.enqueueAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
      return;
    }
    if (e.type === 'DELETED' || pod.metadata.deletionTimestamp) {
      // updatePod treats a graceful deletion as deletePod: replacements are made without waiting for the kubelet.
      this.expectations.deletionObserved(key, keyOf(pod));
      this.enqueueAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
      return;
    }
    // "The only time we want the backoff to kick-in, is when the pod failed for the first time."
    const immediate = phaseOf(pod) === 'Failed' && phaseOf(e.old!) !== 'Failed';
    if (immediate) this.enqueue(key);
    else this.enqueueAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
  }

  protected reconcile(key: string): void {
    if (key.startsWith(ORPHAN)) return this.syncOrphanPod(key.slice(ORPHAN.length));
    try {
      this.syncJob(key);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // DefaultJobApiBackOff 1s: retry the key after an API error.
      this.enqueueAfter(key, 1000);
    }
  }

  /** syncOrphanPod: remove the finalizer from a pod whose controlling Job is gone. */
  private syncOrphanPod(podKey: string): void {
    const i = podKey.indexOf('/');
    const pod = this.ctx.store.get('Pod', podKey.slice(0, i), podKey.slice(i + 1));
    if (!pod || !hasFinalizer(pod) || this.jobOf(pod)) return;
    try {
      this.removeFinalizer(pod);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  private ownedPods(job: KubeObject): KubeObject[] {
    return this.ctx.store
      .dependents(job.metadata.uid!)
      .filter((o) => o.kind === 'Pod' && controllerRefOf(o)?.uid === job.metadata.uid)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  }

  private removeFinalizer(pod: KubeObject): void {
    const fresh = this.ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name!);
    if (!fresh || fresh.metadata.uid !== pod.metadata.uid || !hasFinalizer(fresh)) return;
    const finalizers = (fresh.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    const metadata: KubeObject['metadata'] = { ...fresh.metadata, finalizers };
    if (finalizers.length === 0) delete metadata.finalizers;
    this.ctx.store.update({ ...fresh, metadata }, { actor: COMPONENT, origin: 'system' });
  }

  private syncJob(key: string): void {
    const { store, engine, events } = this.ctx;
    const i = key.indexOf('/');
    const job = store.get('Job', key.slice(0, i), key.slice(i + 1));
    if (!job) {
      this.expectations.delete(key);
      this.backoff.delete(key);
      return;
    }
    const now = engine.now;
    const pods = this.ownedPods(job);
    if (isJobFinished(job) || job.metadata.deletionTimestamp) {
      // A finished or deleted Job only lets go of its pods (their finalizers).
      for (const p of pods) if (hasFinalizer(p) && (!isActive(p) || job.metadata.deletionTimestamp)) this.removeFinalizer(p);
      return;
    }
    const spec = job.spec ?? {};
    const indexed = spec.completionMode === 'Indexed';
    const completions: number | undefined = spec.completions ?? undefined;
    const parallelism: number = spec.parallelism ?? 1;
    const backoffLimit: number = spec.backoffLimit ?? 6;
    const suspended = spec.suspend === true;
    const satisfied = this.expectations.satisfied(key, now);
    const old = job.status ?? {};
    const conditions: Condition[] = (old.conditions ?? []).map((c: Condition) => ({ ...c }));
    let startTime: string | undefined = old.startTime;

    // Suspend / resume (JobSuspended condition, events Suspended / Resumed).
    const suspendedCond = conditions.find((c) => c.type === 'Suspended');
    if (suspended && suspendedCond?.status !== 'True') {
      setCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
      events.record(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
    } else if (!suspended && suspendedCond?.status === 'True') {
      setCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      events.record(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
      // A resumed Job starts its active deadline afresh.
      startTime = toTimestamp(now);
    }
    if (!startTime && !suspended) startTime = toTimestamp(now);

    // Count finished pods that still carry the tracking finalizer (trackJobStatusAndRemoveFinalizers).
    const completedIdx = indexed ? parseIndexes(old.completedIndexes, completions ?? 0) : new Set<number>();
    let succeeded: number = old.succeeded ?? 0;
    let failed: number = old.failed ?? 0;
    const newSucceeded: KubeObject[] = [];
    const newFailed: KubeObject[] = [];
    const toRelease: KubeObject[] = [];
    // backoffLimitPerIndex (beta, on in 1.30): failed indexes, and per index the failed pod whose
    // finalizer stays until its replacement exists (getPodsWithDelayedDeletionPerIndex).
    const perIndex = indexed && spec.backoffLimitPerIndex != null;
    const failedIdx = perIndex ? parseIndexes(old.failedIndexes, completions ?? 0) : new Set<number>();
    const delayed = new Map<number, KubeObject>();
    if (perIndex) {
      for (const p of pods) {
        const ix = podIndex(p);
        if (ix === undefined || ix >= (completions ?? 0)) continue;
        if (phaseOf(p) === 'Succeeded' && hasFinalizer(p)) completedIdx.add(ix);
        if (hasFinalizer(p) && isIndexFailed(job, p)) failedIdx.add(ix);
      }
      const activeIdx = new Set(pods.filter(isActive).map(podIndex));
      for (const p of pods) {
        if (!isPodFailed(p, job)) continue;
        const ix = podIndex(p);
        if (ix === undefined || ix >= (completions ?? 0) || completedIdx.has(ix) || failedIdx.has(ix) || activeIdx.has(ix)) continue;
        const last = delayed.get(ix);
        if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && podFinishedTime(p, now) >= podFinishedTime(last, now))) delayed.set(ix, p);
      }
    }
    const isDelayed = (p: KubeObject) => {
      const ix = podIndex(p);
      return ix !== undefined && delayed.get(ix)?.metadata.uid === p.metadata.uid;
    };
    for (const p of pods) {
      if (!hasFinalizer(p)) continue;
      if (phaseOf(p) === 'Succeeded') {
        toRelease.push(p);
        newSucceeded.push(p);
        if (indexed) {
          const ix = podIndex(p);
          if (ix !== undefined && ix < (completions ?? 0)) completedIdx.add(ix);
        } else succeeded++;
      } else if (isPodFailed(p, job)) {
        if (isDelayed(p)) continue;
        toRelease.push(p);
        // A pod matching an Ignore rule counts neither as failed nor for the back-off.
        if (!matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed) continue;
        newFailed.push(p);
        failed++;
      }
    }
    if (indexed) succeeded = completedIdx.size;
    const jobHasNewFailure = newFailed.length > 0;
    const record = newBackoffRecord(this.backoff.get(key), newSucceeded, newFailed, now);
    this.backoff.set(key, record);

    let activePods = pods.filter(isActive);
    let active = activePods.length;
    let terminating = pods.filter((p) => p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed').length;

    // Failure conditions, in 1.30's order: back-off limit, then active deadline.
    let finished: { type: 'Complete' | 'Failed'; reason?: string; message?: string; failureTarget?: boolean } | undefined;
    const exceedsBackoffLimit = jobHasNewFailure && active !== parallelism && failed > backoffLimit;
    // podFailurePolicy (beta, on in 1.30) first: a FailJob rule, or a FailureTarget already recorded.
    const target = conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True');
    const failJobMessage = target || !spec.podFailurePolicy ? undefined : pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(spec.podFailurePolicy, p).failJobMessage).find((m) => m !== undefined);
    if (target) {
      finished = { type: 'Failed', reason: target.reason, message: target.message };
    } else if (failJobMessage !== undefined) {
      finished = { type: 'Failed', reason: 'PodFailurePolicy', message: failJobMessage, failureTarget: true };
    } else if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods, backoffLimit)) {
      finished = { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    } else if (spec.activeDeadlineSeconds != null && startTime && !suspended) {
      const elapsed = now - fromTimestamp(startTime);
      if (elapsed >= spec.activeDeadlineSeconds * 1000) {
        finished = { type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      } else {
        this.enqueueAfter(key, spec.activeDeadlineSeconds * 1000 - elapsed);
      }
    }
    if (!finished && perIndex) {
      if (spec.maxFailedIndexes != null && failedIdx.size > spec.maxFailedIndexes) {
        finished = { type: 'Failed', reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
      } else if (failedIdx.size > 0 && failedIdx.size + completedIdx.size >= (completions ?? 0)) {
        finished = { type: 'Failed', reason: 'FailedIndexes', message: 'Job has failed indexes' };
      }
    }

    if (finished) {
      // Pods held back for their index's replacement are let go and counted now.
      for (const p of delayed.values()) {
        if (!hasFinalizer(p)) continue;
        toRelease.push(p);
        if (matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed) failed++;
      }
      // Terminate the active pods; they count as failed at once (the Job is finished).
      for (const p of activePods) {
        if (this.deletePod(job, p)) {
          failed++;
          terminating++;
          active--;
          toRelease.push(p);
        }
      }
    } else if (satisfied) {
      const result = this.manageJob(key, job, activePods, { succeeded, completedIdx, failedIdx, delayed, parallelism, completions, indexed, suspended, record, terminating });
      active = result.active;
      activePods = result.activePods;
    }
    for (const p of toRelease) this.removeFinalizer(p);

    if (!finished && !suspended) {
      const complete = indexed
        ? completedIdx.size === completions
        : completions == null
          ? succeeded > 0 && active === 0
          : succeeded >= completions && active === 0;
      if (complete) finished = { type: 'Complete' };
    }
    let completionTime: string | undefined = old.completionTime;
    if (finished) {
      // The interim FailureTarget condition is written before the pods' finalizers go; 1.30 adds
      // the terminal Failed condition in the same sync once they are gone.
      if (finished.failureTarget) setCondition(conditions, 'FailureTarget', 'True', finished.reason, finished.message, now);
      setCondition(conditions, finished.type, 'True', finished.reason, finished.message, now);
      if (finished.type === 'Complete') completionTime = toTimestamp(now);
    }

    const ready = activePods.filter((p) => p.metadata.deletionTimestamp == null && isPodReady(p)).length;
    const status: Record<string, unknown> = {};
    if (conditions.length) status.conditions = conditions;
    if (startTime) status.startTime = startTime;
    if (completionTime) status.completionTime = completionTime;
    if (active) status.active = active;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    status.terminating = terminating;
    if (indexed && completedIdx.size) status.completedIndexes = indexesToString(completedIdx);
    if (perIndex) status.failedIndexes = indexesToString(failedIdx);
    status.uncountedTerminatedPods = {};
    status.ready = finished ? 0 : ready;
    if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) {
      store.updateStatus({ ...job, status }, { actor: COMPONENT, origin: 'system' });
    }
    if (finished) {
      // recordJobFinished
      if (finished.type === 'Complete') {
        if (completions != null && succeeded > completions) events.record(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', COMPONENT);
        events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
      } else {
        events.record(job, 'Warning', finished.reason!, finished.message!, COMPONENT);
      }
    }
  }

  /** Delete one pod (podControl.DeletePod); true when it is gone or marked. */
  private deletePod(job: KubeObject, p: KubeObject): boolean {
    try {
      this.ctx.store.delete('Pod', p.metadata.namespace, p.metadata.name!, { actor: COMPONENT });
      this.ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'NotFound') return true;
      this.ctx.events.record(job, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, COMPONENT);
      return false;
    }
  }

  /** manageJob: delete surplus active pods, create missing ones after the failure back-off. */
  private manageJob(
    key: string,
    job: KubeObject,
    activePods: KubeObject[],
    o: { succeeded: number; completedIdx: Set<number>; failedIdx: Set<number>; delayed: Map<number, KubeObject>; parallelism: number; completions: number | undefined; indexed: boolean; suspended: boolean; record: BackoffRecord; terminating: number },
  ): { active: number; activePods: KubeObject[] } {
    const { engine } = this.ctx;
    let active = activePods.length;
    let remainingPods = activePods;
    const remove = (victims: KubeObject[]) => {
      if (victims.length === 0) return;
      this.expectations.expectDeletions(key, victims.map((p) => keyOf(p)), engine.now);
      const gone = new Set<string>();
      for (const p of victims) {
        if (this.deletePod(job, p)) gone.add(p.metadata.uid!);
        else this.expectations.deletionObserved(key, keyOf(p));
      }
      remainingPods = remainingPods.filter((p) => !gone.has(p.metadata.uid!));
      active = remainingPods.length;
    };
    if (o.suspended) {
      remove([...activePods].sort(removalOrder));
      return { active, activePods: remainingPods };
    }
    // Indexed: pods of an index that already succeeded, out of range, or duplicated go first.
    if (o.indexed) {
      const seen = new Set<number>();
      const extra: KubeObject[] = [];
      for (const p of [...activePods].sort((a, b) => fromTimestamp(a.metadata.creationTimestamp!) - fromTimestamp(b.metadata.creationTimestamp!))) {
        const ix = podIndex(p);
        if (ix === undefined || ix >= (o.completions ?? 0) || o.completedIdx.has(ix) || seen.has(ix)) extra.push(p);
        else seen.add(ix);
      }
      remove(extra);
    }
    let wantActive: number;
    if (o.completions == null) wantActive = o.succeeded > 0 ? active : o.parallelism;
    else wantActive = Math.max(0, Math.min(o.completions - o.succeeded, o.parallelism));
    const rmAtLeast = Math.max(0, active - wantActive);
    if (rmAtLeast > 0) remove([...remainingPods].sort(removalOrder).slice(0, rmAtLeast));
    let diff = wantActive - active;
    if (job.spec?.podReplacementPolicy === 'Failed') diff -= o.terminating;
    if (diff <= 0) return { active, activePods: remainingPods };
    const perIndex = o.indexed && job.spec?.backoffLimitPerIndex != null;
    const wait = perIndex ? 0 : remainingBackoff(o.record, engine.now);
    if (wait > 0) {
      this.enqueueAfter(key, wait);
      return { active, activePods: remainingPods };
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (o.indexed) {
      const taken = new Set<number>();
      for (const p of remainingPods) {
        const ix = podIndex(p);
        if (ix !== undefined) taken.add(ix);
      }
      if (job.spec?.podReplacementPolicy === 'Failed') for (const p of this.ownedPods(job)) if (p.metadata.deletionTimestamp && isActiveOrTerminating(p) && podIndex(p) !== undefined) taken.add(podIndex(p)!);
      for (let ix = 0; ix < (o.completions ?? 0) && indexes.length < diff; ix++) if (!o.completedIdx.has(ix) && !o.failedIdx.has(ix) && !taken.has(ix)) indexes.push(ix);
      if (perIndex) {
        // getPodCreationInfoForIndependentIndexes: an index waits for its own back-off, counted
        // from its last failed pod with that pod's failure count + 1.
        let minWait = 0;
        indexes = indexes.filter((ix) => {
          const last = o.delayed.get(ix);
          if (!last) return true;
          const w = remainingBackoff({ failuresAfterLastSuccess: absoluteFailureCount(last) + 1, lastFailureTime: podFinishedTime(last, engine.now) }, engine.now);
          if (w <= 0) return true;
          if (minWait === 0 || w < minWait) minWait = w;
          return false;
        });
        if (minWait > 0) this.enqueueAfter(key, minWait);
      }
      diff = indexes.length;
    }
    if (diff <= 0) return { active, activePods: remainingPods };
    this.expectations.expectCreations(key, diff, engine.now);
    const created: KubeObject[] = [];
    let remaining = diff;
    let n = 0;
    // slowStartBatch: 1, 2, 4, ... stopping after a batch with an error.
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      let errors = 0;
      for (let j = 0; j < batch; j++) {
        const ix = o.indexed ? indexes[n] : undefined;
        const pod = podFromJobTemplate(job, ix, perIndex ? indexFailureCounts(job, ix === undefined ? undefined : o.delayed.get(ix)) : undefined);
        n++;
        try {
          const c = this.ctx.store.create(pod, { actor: COMPONENT, origin: 'system' });
          this.ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${c.metadata.name}`, COMPONENT);
          created.push(c);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          this.ctx.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, COMPONENT);
          errors++;
        }
      }
      remaining -= batch;
      if (errors > 0) break;
    }
    for (let s = diff - created.length; s > 0; s--) this.expectations.creationObserved(key);
    if (created.length < diff) this.enqueueAfter(key, 1000);
    return { active: active + created.length, activePods: [...remainingPods, ...created] };
  }
}

/** batch.kubernetes.io/job-index-failure-count and job-index-ignored-failure-count (backoffLimitPerIndex). */
export const JOB_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

function annotationCount(p: KubeObject, key: string): number {
  const v = p.metadata.annotations?.[key];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2147483647 ? 0 : n;
}

/** getIndexAbsoluteFailureCount: counted plus ignored failures of the pod's index before it. */
function absoluteFailureCount(p: KubeObject): number {
  return annotationCount(p, JOB_INDEX_FAILURE_COUNT) + annotationCount(p, JOB_INDEX_IGNORED_FAILURE_COUNT);
}

/** getNewIndexFailureCounts: the replaced pod's counts, plus its own failure (ignored or counted). */
function indexFailureCounts(job: KubeObject, replaced: KubeObject | undefined): { failed: number; ignored: number } {
  if (!replaced) return { failed: 0, ignored: 0 };
  let failed = annotationCount(replaced, JOB_INDEX_FAILURE_COUNT);
  let ignored = annotationCount(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT);
  if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failed++;
  else ignored++;
  return { failed, ignored };
}

/** isIndexFailed: a FailIndex rule matched, or a counted failure with the index's failures reaching backoffLimitPerIndex. */
function isIndexFailed(job: KubeObject, p: KubeObject): boolean {
  if (!isPodFailed(p, job)) return false;
  const m = matchPodFailurePolicy(job.spec?.podFailurePolicy, p);
  if (m.action === 'FailIndex') return true;
  return m.countFailed && annotationCount(p, JOB_INDEX_FAILURE_COUNT) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

function isActiveOrTerminating(p: KubeObject): boolean {
  return phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed';
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, restarts of running/pending pods count. */
function pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[], backoffLimit: number): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let result = 0;
  for (const p of pods) if (phaseOf(p) === 'Running' || phaseOf(p) === 'Pending') result += restartSum(p);
  return backoffLimit === 0 ? result > 0 : result >= backoffLimit;
}

/** ensureJobConditionStatus: add the condition, or update it when its status changed. */
function setCondition(conditions: Condition[], type: string, status: string, reason: string | undefined, message: string | undefined, now: number): void {
  const ts = toTimestamp(now);
  const c: Condition = { type, status, lastProbeTime: ts, lastTransitionTime: ts };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  const i = conditions.findIndex((x) => x.type === type);
  if (i < 0) conditions.push(c);
  else if (conditions[i]!.status !== status) conditions[i] = c;
}

/** names.MaxGeneratedNameLength: 63 - 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the index always stays. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const append = `-${index}-`;
  const prefix = jobName + append;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - append.length) + append : prefix;
}

/**
 * The pod a Job creates (getPodFromTemplate + Indexed additions): generateName `<job>-` (Indexed:
 * `<job>-<index>-`), the template's labels and annotations, the job-tracking finalizer, a
 * controller ownerReference; Indexed pods get the completion-index annotation and label,
 * hostname `<job>-<index>` and the JOB_COMPLETION_INDEX env var from that label.
 */
export function podFromJobTemplate(job: KubeObject, index?: number, failureCounts?: { failed: number; ignored: number }): KubeObject {
  const t = job.spec?.template ?? {};
  const name = job.metadata.name!;
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
  const annotations: Record<string, string> = { ...(t.metadata?.annotations ?? {}) };
  let spec = t.spec ?? {};
  if (index !== undefined) {
    annotations[JOB_COMPLETION_INDEX] = String(index);
    labels[JOB_COMPLETION_INDEX] = String(index);
    // addCompletionIndexEnvVariable: with PodIndexLabel (beta, on since 1.28) the env var reads the label.
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } };
    const withEnv = (cs: any[] | undefined) =>
      cs?.map((c) => ((c.env ?? []).some((e: any) => e.name === 'JOB_COMPLETION_INDEX') ? c : { ...c, env: [...(c.env ?? []), env] }));
    spec = { ...spec, containers: withEnv(spec.containers) };
    if (t.spec?.initContainers) spec.initContainers = withEnv(t.spec.initContainers);
    if (!spec.hostname) spec.hostname = `${name}-${index}`;
  }
  if (failureCounts) {
    annotations[JOB_INDEX_FAILURE_COUNT] = String(failureCounts.failed);
    if (failureCounts.ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = String(failureCounts.ignored);
  }
  const metadata: KubeObject['metadata'] = {
    generateName: index !== undefined ? podGenerateNameWithIndex(name, index) : `${name}-`,
    namespace: job.metadata.namespace,
    labels,
  };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  metadata.finalizers = [...(t.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER];
  metadata.ownerReferences = [newControllerRef(job)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
