import type { KubeObject } from '../store/types.js';
import {
  byCreationTimestamp,
  deploymentComplete,
  filterActiveReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  sumAvailable,
  sumSpec,
} from './deployment-util.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './deployment-sync.js';
import { syncRolloutStatus } from './deployment-progress.js';
import { scaleReplicaSet, scaleReplicaSetAndRecordEvent, type DeploymentOps } from './deployment-ops.js';

/**
 * rolloutRolling (rolling.go): at most one kind of step per sync: scale the new RS up (or down
 * to R), else scale old RSs down, else (complete) clean up history; then the rollout status.
 */
export function rolloutRolling(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (reconcileNewReplicaSet(ops, allRSs, newRS!, d)) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (reconcileOldReplicaSets(ops, allRSs, filterActiveReplicaSets(oldRSs), newRS!, d)) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ops, oldRSs, d);
  syncRolloutStatus(ops, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: to R when above it, else to NewRSNewReplicas. */
export function reconcileNewReplicaSet(ops: DeploymentOps, allRSs: KubeObject[], newRS: KubeObject, d: KubeObject): boolean {
  const R = specReplicas(d);
  const sc = { action: 'scale-new' as const, newRS: newRS.metadata.name };
  if (specReplicas(newRS) === R) return false;
  if (specReplicas(newRS) > R) return scaleReplicaSetAndRecordEvent(ops, newRS, R, d, sc)[0];
  const count = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(ops, newRS, count, d, sc)[0];
}

/**
 * reconcileOldReplicaSets: maxScaledDown = Σspec(all) − minAvailable − newRS unavailable;
 * first drop unavailable old pods (cleanupUnhealthyReplicas), then scale old RSs down by what
 * availability above minAvailable allows (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function reconcileOldReplicaSets(ops: DeploymentOps, allRSs: KubeObject[], oldRSs: KubeObject[], newRS: KubeObject, d: KubeObject): boolean {
  const oldPods = sumSpec(oldRSs);
  if (oldPods === 0) return false;
  const allPods = sumSpec(allRSs);
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleanup = cleanupUnhealthyReplicas(ops, oldRSs, d, maxScaledDown, newRS.metadata.name!, { allPods, minAvailable, newRSUnavailable, maxScaledDown });
  // Upstream returns (false, nil) when the cleanup errs (a stale status with available > spec).
  if (!cleanup) return false;
  const [cleaned, cleanupCount] = cleanup;
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ops, [...cleaned, newRS], cleaned, d, newRS.metadata.name!);
  return cleanupCount + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: old RSs oldest first, each down by min(left, spec − available). */
export function cleanupUnhealthyReplicas(ops: DeploymentOps, oldRSs: KubeObject[], d: KubeObject, maxCleanupCount: number, newRSName: string, data: Record<string, number>): [KubeObject[], number] | undefined {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanupCount) break;
    const rs = sorted[i]!;
    const spec = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (spec === 0 || spec === available) continue;
    const n = Math.min(maxCleanupCount - total, spec - available);
    // "got invalid request to scale down": the RS status still counts pods already being removed.
    if (spec - n > spec) return undefined;
    const [, updated] = scaleReplicaSet(ops, rs, spec - n, d, 'down', { action: 'cleanup-unhealthy', newRS: newRSName, data });
    total += n;
    sorted[i] = updated;
  }
  return [sorted, total];
}

/** scaleDownOldReplicaSetsForRollingUpdate: take Σavailable − minAvailable from old RSs, oldest first. */
export function scaleDownOldReplicaSetsForRollingUpdate(ops: DeploymentOps, allRSs: KubeObject[], oldRSs: KubeObject[], d: KubeObject, newRSName: string): number {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const toScale = available - minAvailable;
  let total = 0;
  for (const rs of sorted) {
    if (total >= toScale) break;
    const spec = specReplicas(rs);
    if (spec === 0) continue;
    const n = Math.min(spec, toScale - total);
    scaleReplicaSet(ops, rs, spec - n, d, 'down', {
      action: 'scale-old',
      newRS: newRSName,
      data: { availableBefore: available, minAvailable, allowedScaleDown: toScale, scaledDownBefore: total },
    });
    total += n;
  }
  return total;
}
