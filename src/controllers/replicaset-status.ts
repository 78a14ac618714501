import type { KubeObject } from '../store/types.js';
import { isPodAvailable, isPodReady } from './replicaset-pod-util.js';
import type { ClaimedCounts } from './replicaset-pod-tracker.js';

export interface ReplicaSetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/**
 * calculateStatus (pkg/controller/replicaset/replica_set_utils.go) over the active pods the RS
 * owns, as seen at the start of the sync. `manageError` (a refused create or delete) sets
 * ReplicaFailure once (FailedCreate when short of pods, FailedDelete when over); a clean sync
 * removes it. Zero counts are omitted like Go's omitempty (`replicas` always present).
 */
export function calculateReplicaSetStatus(rs: KubeObject, pods: KubeObject[], manageError: string | undefined, now: number, ts: string): any {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.keys(templateLabels).every((k) => labels[k] === templateLabels[k])) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  return replicaSetStatusFromCounts(rs, { replicas: pods.length, fullyLabeled, ready, available }, manageError, ts);
}

/** calculateStatus from the counts over the claimed pods (the ReplicaSet controller keeps them incrementally). */
export function replicaSetStatusFromCounts(rs: KubeObject, counts: ClaimedCounts, manageError: string | undefined, ts: string): any {
  const { fullyLabeled, ready, available } = counts;
  let conditions: ReplicaSetCondition[] | undefined = rs.status?.conditions ? [...rs.status.conditions] : undefined;
  const failure = conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 0);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = [...(conditions ?? []), { type: 'ReplicaFailure', status: 'True', lastTransitionTime: ts, reason, message: manageError }];
  } else if (manageError === undefined && failure) {
    conditions = conditions!.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: any = { replicas: counts.replicas };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  if (conditions && conditions.length) status.conditions = conditions;
  return status;
}

/** updateReplicaSetStatus's no-op test: counts, observedGeneration == generation and conditions unchanged. */
export function replicaSetStatusUnchanged(rs: KubeObject, s: any): boolean {
  const o = rs.status ?? {};
  return (
    (o.replicas ?? 0) === s.replicas &&
    (o.fullyLabeledReplicas ?? 0) === (s.fullyLabeledReplicas ?? 0) &&
    (o.readyReplicas ?? 0) === (s.readyReplicas ?? 0) &&
    (o.availableReplicas ?? 0) === (s.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (o.observedGeneration ?? 0) &&
    JSON.stringify(o.conditions ?? []) === JSON.stringify(s.conditions ?? [])
  );
}
