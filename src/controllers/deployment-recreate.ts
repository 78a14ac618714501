import type { KubeObject } from '../store/types.js';
import { deploymentComplete, filterActiveReplicaSets, specReplicas, sumStatusReplicas } from './deployment-util.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './deployment-sync.js';
import { syncRolloutStatus } from './deployment-progress.js';
import { scaleReplicaSetAndRecordEvent, type DeploymentOps } from './deployment-ops.js';

/**
 * rolloutRecreate (recreate.go): scale every old RS to 0; wait until no old pod runs (any pod
 * of an old RS not Failed/Succeeded counts, Unknown and terminating included); then create the
 * new RS at full size.
 */
export function rolloutRecreate(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[], podMap: Map<string, KubeObject[]>): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  let allRSs: Array<KubeObject | undefined> = [...oldRSs, newRS];
  let scaled = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    if (scaleReplicaSetAndRecordEvent(ops, rs, 0, d, { action: 'recreate', newRS: newRS?.metadata.name })[0]) scaled = true;
  }
  if (scaled) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  scaleReplicaSetAndRecordEvent(ops, newRS!, specReplicas(d), d, { action: 'recreate', newRS: newRS!.metadata.name });
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ops, oldRSs, d);
  syncRolloutStatus(ops, allRSs, newRS, d);
}

/** oldPodsRunning: old RS status.replicas > 0, or any old pod not in a terminal phase. */
export function oldPodsRunning(newRS: KubeObject | undefined, oldRSs: KubeObject[], podMap: Map<string, KubeObject[]>): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
