import type { KubeObject } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';

/** batch.kubernetes.io/job-tracking: pods carry it until the Job controller has counted them (pkg/apis/batch/types.go JobTrackingFinalizer). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** batch.kubernetes.io/job-completion-index: annotation and (PodIndexLabel, beta on since 1.28) label of Indexed Job pods. */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff 10s, MaxJobPodFailureBackOff 10m (1.30; the docs' "six minutes" is pre-1.27). */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 600_000;
/** syncJobBatchPeriod: pod events are batched for 1s before a Job sync. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

/** A condition of type `type` with status True, if any. */
export function trueCondition(obj: KubeObject, type: string): { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string } | undefined {
  return (obj.status?.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');
}

/** util.FinishedCondition / IsJobFinished: the Complete or Failed condition that is True. */
export function jobFinishedCondition(job: KubeObject): { type: 'Complete' | 'Failed'; lastTransitionTime?: string } | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c;
  }
  return undefined;
}

export function isJobFinished(job: KubeObject): boolean {
  return jobFinishedCondition(job) !== undefined;
}

/**
 * getFinishedTime (job_controller.go): the latest container finishedAt; else the Ready=False
 * condition's transition time; else deletionTimestamp + grace period; else now.
 */
export function podFinishedTime(pod: KubeObject, now: number): number {
  let latest: number | undefined;
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const at = cs.state?.terminated?.finishedAt;
    if (!at) continue;
    const t = fromTimestamp(at);
    if (latest === undefined || t > latest) latest = t;
  }
  if (latest !== undefined) return latest;
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready' && c.status === 'False');
  if (ready?.lastTransitionTime) return fromTimestamp(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return fromTimestamp(pod.metadata.deletionTimestamp) + (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return now;
}

/** backoffRecord (backoff_utils.go): failures since the last success and the time of the latest. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number | undefined;
}

/** backoffStore.newBackoffRecord: fold the pods counted in this sync into the record. */
export function newBackoffRecord(old: BackoffRecord | undefined, succeeded: KubeObject[], failed: KubeObject[], now: number): BackoffRecord {
  const rec: BackoffRecord = old ? { ...old } : { failuresAfterLastSuccess: 0, lastFailureTime: undefined };
  const ft = (p: KubeObject) => podFinishedTime(p, now);
  const s = succeeded.map(ft).sort((a, b) => a - b);
  const f = failed.map(ft).sort((a, b) => a - b);
  if (s.length === 0) {
    if (f.length === 0) return rec;
    rec.failuresAfterLastSuccess += f.length;
    rec.lastFailureTime = f[f.length - 1];
    return rec;
  }
  rec.failuresAfterLastSuccess = 0;
  rec.lastFailureTime = undefined;
  const lastSuccess = s[s.length - 1]!;
  for (let i = f.length - 1; i >= 0; i--) {
    if (!(f[i]! > lastSuccess)) break;
    if (rec.lastFailureTime === undefined) rec.lastFailureTime = f[i];
    rec.failuresAfterLastSuccess++;
  }
  return rec;
}

/**
 * getRemainingTimeForFailuresCount (backoff_utils.go): 10s * 2^(failures-1), capped at the
 * maximum, counted from the last failure; 0 when that time has passed.
 */
export function remainingBackoff(rec: BackoffRecord | undefined, now: number, base = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, max = MAX_JOB_POD_FAILURE_BACKOFF_MS): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let backoff = base;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= max) {
      backoff = max;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  if (backoff < elapsed) return 0;
  return backoff - elapsed;
}
