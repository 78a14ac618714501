import type { KubeObject, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { EPOCH_MS, fromTimestamp, toTimestamp } from '../api/time.js';
import { Controller, keyOf } from './controller.js';
import { newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf } from './replicaset-pod-util.js';
import { jobFinishedCondition } from './job-util.js';
import { parseCronSchedule, zoneOffset, type CronSchedule } from './cron-schedule.js';

const COMPONENT = 'cronjob-controller';
/** nextScheduleDelta (cronjob_controllerv2.go): requeue 100ms after the next schedule time. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** batch.kubernetes.io/cronjob-scheduled-timestamp (CronJobsScheduledAnnotation, beta on in 1.30). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Go's time.RFC1123Z in UTC, as MissSchedule prints the scheduled time. */
function rfc1123z(unixMs: number): string {
  const days = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const iso = toTimestamp(unixMs - EPOCH_MS); // 2024-04-17T00:01:00Z
  const [date, time] = iso.slice(0, -1).split('T') as [string, string];
  const [y, m, d] = date.split('-');
  const wd = days[(((Math.floor(unixMs / 86_400_000) % 7) + 7) % 7)];
  return `${wd}, ${d} ${months[Number(m) - 1]} ${y} ${time} +0000`;
}

/** RFC3339 of a Unix ms instant in a zone with offset `off` ms (Go's Time.Format(time.RFC3339)). */
function rfc3339In(unixMs: number, off: number): string {
  const iso = toTimestamp(unixMs + off - EPOCH_MS).slice(0, -1);
  if (off === 0) return `${iso}Z`;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off) / 60_000;
  return `${iso}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

interface MostRecent {
  earliest: number;
  mostRecent: number | undefined;
  many: boolean;
}

/**
 * mostRecentScheduleTime (pkg/controller/cronjob/utils.go): from the last schedule time (or
 * creation), optionally no earlier than now - startingDeadlineSeconds, the latest activation
 * not after now; more than 100 missed activations (estimated from the interval between the
 * first two) is "many".
 */
export function mostRecentScheduleTime(cj: KubeObject, now: number, sched: CronSchedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = EPOCH_MS + fromTimestamp(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp!);
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && sds != null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, mostRecent: undefined, many: false };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, many: false };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, mostRecent: undefined, many: false };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missed = Math.trunc(elapsed / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missed - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== undefined && t <= now; t = sched.next(t)) mostRecent = t;
  return { earliest, mostRecent, many: missed > 100 };
}

/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): tracks its Jobs in
 * status.active (SawCompletedJob, lastSuccessfulTime), starts the most recent unmet schedule time
 * as Job `<cronjob>-<minutes since the Unix epoch>` (never a backlog; too late past
 * startingDeadlineSeconds gives MissSchedule; > 100 missed gives TooManyMissedTimes), honours
 * concurrencyPolicy Allow / Forbid (JobAlreadyActive) / Replace (deletes the active Jobs) and
 * suspend, keeps successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs, and requeues
 * itself 100ms after the next schedule time.
 */
export class CronJobController extends Controller {
  constructor() {
    super(COMPONENT);
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onCronJob(e), ['CronJob']);
    this.ctx.store.watch((e) => this.onJob(e), ['Job']);
  }

  private onCronJob(e: WatchEvent): void {
    if (e.type === 'DELETED') return;
    this.enqueue(keyOf(e.object));
  }

  private onJob(e: WatchEvent): void {
    const ref = controllerRefOf(e.object) ?? (e.old ? controllerRefOf(e.old) : undefined);
    if (!ref || ref.kind !== 'CronJob') return;
    const cj = this.ctx.store.get('CronJob', e.object.metadata.namespace, ref.name);
    if (cj && cj.metadata.uid === ref.uid) this.enqueue(keyOf(cj));
  }

  protected reconcile(key: string): void {
    const i = key.indexOf('/');
    const cj = this.ctx.store.get('CronJob', key.slice(0, i), key.slice(i + 1));
    if (!cj) return;
    try {
      const requeue = this.sync(cj);
      if (requeue !== undefined) this.enqueueAfter(key, Math.max(1, requeue));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.enqueueAfter(key, 1000);
    }
  }

  private ownedJobs(cj: KubeObject): KubeObject[] {
    return this.ctx.store
      .dependents(cj.metadata.uid!)
      .filter((o) => o.kind === 'Job' && controllerRefOf(o)?.uid === cj.metadata.uid)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  /** sync: syncCronJob then cleanupFinishedJobs, one status write; returns the requeue delay (ms). */
  private sync(cj: KubeObject): number | undefined {
    const { store, events, engine } = this.ctx;
    const now = EPOCH_MS + engine.now;
    const jobs = this.ownedJobs(cj);
    const status: Record<string, any> = { ...(cj.status ?? {}) };
    let active: any[] = [...(status.active ?? [])];
    const byUid = new Map(jobs.map((j) => [j.metadata.uid!, j]));

    for (const j of jobs) {
      const inActive = active.some((r) => r.uid === j.metadata.uid);
      const fin = jobFinishedCondition(j);
      if (inActive && fin) {
        active = active.filter((r) => r.uid !== j.metadata.uid);
        events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${fin.type}`, COMPONENT);
      }
      if (fin?.type === 'Complete' && j.status?.completionTime) {
        const ct = fromTimestamp(j.status.completionTime);
        if (status.lastSuccessfulTime === undefined || fromTimestamp(status.lastSuccessfulTime) < ct) status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    // Active jobs that no longer exist.
    for (const r of [...active]) {
      if (!byUid.has(r.uid)) {
        active = active.filter((x) => x.uid !== r.uid);
        events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`, COMPONENT);
      }
    }

    let requeue: number | undefined;
    const spec = cj.spec ?? {};
    if (!cj.metadata.deletionTimestamp) requeue = this.schedule(cj, spec, status, active, now);
    if (!cj.metadata.deletionTimestamp) this.cleanupFinishedJobs(cj, jobs, (uid) => (active = active.filter((r) => r.uid !== uid)));

    if (active.length) status.active = active;
    else delete status.active;
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
      const fresh = store.get('CronJob', cj.metadata.namespace, cj.metadata.name!);
      if (fresh && fresh.metadata.uid === cj.metadata.uid) store.updateStatus({ ...fresh, status }, { actor: COMPONENT, origin: 'system' });
    }
    return requeue;
  }

  /** The scheduling half of syncCronJob; returns the requeue delay or undefined. */
  private schedule(cj: KubeObject, spec: any, status: Record<string, any>, active: any[], now: number): number | undefined {
    const { store, events } = this.ctx;
    const tz: string | undefined = spec.timeZone ?? undefined;
    const offset = zoneOffset(tz ?? '');
    if (!offset) {
      events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`, COMPONENT);
      return undefined;
    }
    if (spec.suspend === true) return undefined;
    let sched: CronSchedule;
    try {
      sched = parseCronSchedule(String(spec.schedule ?? ''), offset);
    } catch (e) {
      events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(e as Error).message}`, COMPONENT);
      return undefined;
    }
    const nextDelay = (): number | undefined => {
      const mr = mostRecentScheduleTime({ ...cj, status }, now, sched, false);
      const from = mr.mostRecent ?? mr.earliest;
      const t = sched.next(from);
      return t === undefined ? undefined : t + NEXT_SCHEDULE_DELTA_MS - now;
    };
    const mr = mostRecentScheduleTime(cj, now, sched, true);
    if (mr.mostRecent === undefined || mr.mostRecent > now) return nextDelay();
    if (mr.many) events.record(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', COMPONENT);
    const scheduled = mr.mostRecent;
    if (spec.startingDeadlineSeconds != null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, COMPONENT);
      return nextDelay();
    }
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const lastSchedule = status.lastScheduleTime ? EPOCH_MS + fromTimestamp(status.lastScheduleTime) : undefined;
    if (active.some((r) => r.name === name) || lastSchedule === scheduled) return nextDelay();
    if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
      events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
      return nextDelay();
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const r of [...active]) {
        const j = store.get('Job', cj.metadata.namespace, r.name);
        if (j && j.metadata.uid === r.uid) this.deleteJob(cj, j);
        active.splice(active.findIndex((x) => x.uid === r.uid), 1);
      }
    }
    const tmpl = spec.jobTemplate ?? {};
    const annotations: Record<string, string> = { ...(tmpl.metadata?.annotations ?? {}) };
    annotations[CRONJOB_SCHEDULED_TIMESTAMP] = rfc3339In(scheduled, offset(scheduled));
    const metadata: KubeObject['metadata'] = { name, namespace: cj.metadata.namespace };
    if (tmpl.metadata?.labels) metadata.labels = { ...tmpl.metadata.labels };
    metadata.annotations = annotations;
    metadata.ownerReferences = [newControllerRef(cj)];
    let job: KubeObject;
    try {
      job = store.create({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(tmpl.spec ?? {}) }, { actor: COMPONENT, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'AlreadyExists') {
        // The Job for this time exists already (e.g. a previous sync's status write was lost).
        const existing = store.get('Job', cj.metadata.namespace, name);
        if (existing && controllerRefOf(existing)?.uid === cj.metadata.uid) return nextDelay();
        events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`, COMPONENT);
        return undefined;
      }
      events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`, COMPONENT);
      throw e;
    }
    events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`, COMPONENT);
    active.push({ kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion });
    status.lastScheduleTime = toTimestamp(scheduled - EPOCH_MS);
    return nextDelay();
  }

  private deleteJob(cj: KubeObject, j: KubeObject): boolean {
    try {
      this.ctx.store.delete('Job', j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Background', actor: COMPONENT });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason !== 'NotFound') {
        this.ctx.events.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${e.message}`, COMPONENT);
        return false;
      }
    }
    this.ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, COMPONENT);
    return true;
  }

  /** cleanupFinishedJobs / removeOldestJobs: keep the newest N successful and M failed Jobs (by startTime). */
  private cleanupFinishedJobs(cj: KubeObject, jobs: KubeObject[], dropActive: (uid: string) => void): void {
    const spec = cj.spec ?? {};
    const ok: KubeObject[] = [];
    const bad: KubeObject[] = [];
    for (const j of jobs) {
      if (j.metadata.deletionTimestamp) continue;
      const fin = jobFinishedCondition(j);
      if (fin?.type === 'Complete') ok.push(j);
      else if (fin?.type === 'Failed') bad.push(j);
    }
    const prune = (list: KubeObject[], limit: number | undefined) => {
      if (limit == null || list.length <= limit) return;
      // byJobStartTime: Jobs without a start time last, then by start time, then by name.
      const sorted = [...list].sort((a, b) => {
        const sa = a.status?.startTime;
        const sb = b.status?.startTime;
        if (!sa !== !sb) return !sa ? 1 : -1;
        if (sa && sb && sa !== sb) return fromTimestamp(sa) - fromTimestamp(sb);
        return a.metadata.name! < b.metadata.name! ? -1 : 1;
      });
      for (const j of sorted.slice(0, sorted.length - limit)) if (this.deleteJob(cj, j)) dropActive(j.metadata.uid!);
    };
    prune(ok, spec.successfulJobsHistoryLimit);
    prune(bad, spec.failedJobsHistoryLimit);
  }
}
