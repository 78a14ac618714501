import { toTimestamp } from '../api/time.js';
import type { EventSink } from '../cluster/context.js';
import { ApiError, type KubeObject, type StoreApi } from '../store/types.js';

/** Events of the node lifecycle controller come from source component "node-controller". */
export const NODE_CONTROLLER_EVENT_SOURCE = 'node-controller';

/**
 * controllerutil.MarkPodsNotReady (pkg/controller/util/node/controller_utils.go): for each pod
 * bound to the node, its Ready condition (only that one; ContainersReady is left alone) becomes
 * False through apipod.UpdatePodCondition (lastTransitionTime now when the status changes,
 * reason and message kept); unchanged pods are skipped; each updated pod gets a Warning event
 * NodeNotReady "Node is not ready". Pods without a Ready condition are left alone.
 */
export function markPodsNotReady(store: StoreApi, events: EventSink, pods: readonly KubeObject[], nodeName: string, actor: string): void {
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions: any[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
    const i = conditions.findIndex((c) => c.type === 'Ready');
    if (i < 0) continue;
    const old = conditions[i];
    if (old.status === 'False') continue; // UpdatePodCondition reports no change
    const cond = { ...old, status: 'False', lastTransitionTime: toTimestamp(store.now) };
    let updated: KubeObject;
    try {
      updated = store.updateStatus(
        { ...pod, status: { ...pod.status, conditions: conditions.map((c, j) => (j === i ? cond : c)) } },
        { actor, origin: 'system' },
      );
    } catch (e) {
      if (e instanceof ApiError) continue;
      throw e;
    }
    events.record(updated, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_CONTROLLER_EVENT_SOURCE);
  }
}

/** The object reference RecordNodeEvent / RecordNodeStatusChange use (no resourceVersion). */
export function nodeRef(node: KubeObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata.name, uid: node.metadata.uid } };
}

/** A pod's condition of a type, or undefined. */
export function podCondition(pod: KubeObject, type: string): any | undefined {
  const list = pod.status?.conditions;
  return Array.isArray(list) ? list.find((c: any) => c.type === type) : undefined;
}

/**
 * apipod.UpdatePodCondition on a copy of the status: returns the new status, or undefined when
 * nothing changed. lastTransitionTime is now unless the status stays the same.
 */
export function withPodCondition(status: any, cond: { type: string; status: string; reason?: string; message?: string }, now: number): any | undefined {
  const conditions: any[] = Array.isArray(status?.conditions) ? status.conditions : [];
  const next: any = { type: cond.type, status: cond.status, lastProbeTime: null, lastTransitionTime: toTimestamp(now) };
  if (cond.reason) next.reason = cond.reason;
  if (cond.message) next.message = cond.message;
  const i = conditions.findIndex((c) => c.type === cond.type);
  if (i < 0) return { ...(status ?? {}), conditions: [...conditions, next] };
  const old = conditions[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    old.status === next.status &&
    (old.reason ?? '') === (next.reason ?? '') &&
    (old.message ?? '') === (next.message ?? '') &&
    (old.lastProbeTime ?? null) === null &&
    old.lastTransitionTime === next.lastTransitionTime;
  if (equal) return undefined;
  return { ...status, conditions: conditions.map((c, j) => (j === i ? next : c)) };
}
