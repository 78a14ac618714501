import type { KubeObject } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';
import { keyOf } from './controller.js';
import {
  REASON,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
  type DeploymentCondition,
} from './deployment-util.js';
import { calculateStatus, statusEqual, writeDeploymentStatus } from './deployment-sync.js';
import { nowTs, type DeploymentOps } from './deployment-ops.js';

/**
 * syncRolloutStatus (progress.go): status plus the Progressing condition. Complete →
 * NewReplicaSetAvailable; progress (updated↑, old↓, ready↑, available↑) → ReplicaSetUpdated
 * with a fresh lastUpdateTime (lastTransitionTime kept while True); no progress for
 * progressDeadlineSeconds → False ProgressDeadlineExceeded. A ReplicaFailure of the new RS
 * (else any RS) is copied. When nothing changed, requeue for the deadline check.
 */
export function syncRolloutStatus(ops: DeploymentOps, allRSs: Array<KubeObject | undefined>, newRS: KubeObject | undefined, d: KubeObject): void {
  const ts = nowTs(ops);
  const now = ops.ctx.engine.now;
  const s = calculateStatus(allRSs, newRS, d, ts);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const currentCond = getCondition<DeploymentCondition>(d.status, 'Progressing');
  const isCompleteDeployment = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && currentCond?.reason === REASON.NewRSAvailable;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(s, newCondition('Progressing', 'True', REASON.NewRSAvailable, msg, ts));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const c = newCondition('Progressing', 'True', REASON.ReplicaSetUpdated, msg, ts);
      // Same reason again: refresh lastUpdateTime; keep lastTransitionTime while it stays True.
      if (currentCond) {
        if (currentCond.status === 'True') c.lastTransitionTime = currentCond.lastTransitionTime;
        removeCondition(s, 'Progressing');
      }
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition('Progressing', 'False', REASON.TimedOut, msg, ts));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(s, failure);
  else removeCondition(s, 'ReplicaFailure');

  if (statusEqual(d.status, s)) {
    requeueStuckDeployment(ops, d, s);
    return;
  }
  d.status = s;
  writeDeploymentStatus(ops, d);
}

/** getReplicaFailures: the new RS's ReplicaFailure first, else the first one of any RS. */
function replicaFailure(allRSs: Array<KubeObject | undefined>, newRS: KubeObject | undefined): DeploymentCondition | undefined {
  const from = (rs: KubeObject | undefined) => {
    const c = rs?.status?.conditions?.find((x: { type: string }) => x.type === 'ReplicaFailure');
    return c ? { type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message } : undefined;
  };
  const n = from(newRS);
  if (n) return n;
  for (const rs of allRSs) {
    const c = from(rs);
    if (c) return c;
  }
  return undefined;
}

/**
 * requeueStuckDeployment: re-check at lastUpdateTime + progressDeadlineSeconds (+1s against
 * skew), or almost at once (rate-limited) when that is less than a second away.
 */
export function requeueStuckDeployment(ops: DeploymentOps, d: KubeObject, s: any): number {
  const cond = getCondition<DeploymentCondition>(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return -1;
  if (deploymentComplete(d, s) || cond.reason === REASON.TimedOut) return -1;
  const after = fromTimestamp(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - ops.ctx.engine.now;
  if (after < 1000) {
    ops.enqueueRateLimited(keyOf(d));
    return 0;
  }
  ops.enqueueAfter(keyOf(d), after + 1000);
  return after;
}
