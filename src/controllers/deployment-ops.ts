import type { ClusterContext } from '../cluster/context.js';
import type { KubeObject } from '../store/types.js';
import { toTimestamp } from '../api/time.js';
import { controllerRefOf } from './replicaset-pod-util.js';
import { maxSurge, maxUnavailable, replicasAnnotationsNeedUpdate, setReplicasAnnotations, specReplicas, sumAvailable, sumSpec } from './deployment-util.js';

export const DEPLOYMENT_COMPONENT = 'deployment-controller';

/** What the sync functions (deployment-sync/rolling/recreate/progress) need from the controller. */
export interface DeploymentOps {
  readonly ctx: ClusterContext;
  enqueueAfter(key: string, delayMs: number): void;
  /** The workqueue's AddRateLimited (5ms after a successful sync). */
  enqueueRateLimited(key: string): void;
}

/** The kind of scale decision, as announced on the action bus for the invariants. */
export type ScaleAction = 'scale-new' | 'scale-old' | 'cleanup-unhealthy' | 'proportional' | 'recreate';

export function nowTs(ops: DeploymentOps): string {
  return toTimestamp(ops.ctx.engine.now);
}

/** The ReplicaSets this Deployment controls right now (store order by name). */
export function ownedReplicaSets(ops: DeploymentOps, d: KubeObject): KubeObject[] {
  return ops.ctx.store
    .dependents(d.metadata.uid!)
    .filter((o) => o.kind === 'ReplicaSet' && controllerRefOf(o)?.uid === d.metadata.uid)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
}

export interface ScaleContext {
  action: ScaleAction;
  /** The new RS's name, when there is one. */
  newRS?: string;
  /** Extra numbers for the invariants (available before the decision, minAvailable, ...). */
  data?: Record<string, unknown>;
}

/**
 * scaleReplicaSet (sync.go): write spec.replicas and the desired/max-replicas annotations when
 * either differs; event `Scaled <up|down> replica set <rs> to <new> from <old>` when the size
 * changed. Returns [scaled, the RS as written].
 */
export function scaleReplicaSet(ops: DeploymentOps, rs: KubeObject, newScale: number, d: KubeObject, operation: string, sc: ScaleContext): [boolean, KubeObject] {
  const R = specReplicas(d);
  const S = maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, R, R + S);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return [false, rs];
  const { store, events, actions } = ops.ctx;
  const oldScale = specReplicas(rs);
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  setReplicasAnnotations(annotations, R, R + S);
  const before = sizeNeedsUpdate ? sumSpec(ownedReplicaSets(ops, d)) : 0;
  const updated = store.update({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas: newScale } }, { actor: DEPLOYMENT_COMPONENT, origin: 'system' });
  if (!sizeNeedsUpdate) return [false, updated];
  events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`, DEPLOYMENT_COMPONENT);
  const all = ownedReplicaSets(ops, d);
  const newRSObj = sc.newRS ? all.find((x) => x.metadata.name === sc.newRS) : undefined;
  actions.emit({
    component: DEPLOYMENT_COMPONENT,
    action: sc.action,
    object: `${d.metadata.namespace}/${d.metadata.name}`,
    data: {
      rs: rs.metadata.name,
      from: oldScale,
      to: newScale,
      R,
      S,
      U: maxUnavailable(d),
      strategy: d.spec?.strategy?.type,
      sumSpecBefore: before,
      sumSpec: sumSpec(all),
      sumAvailable: sumAvailable(all),
      rsAvailable: rs.status?.availableReplicas ?? 0,
      newRS: sc.newRS,
      newRSSpec: newRSObj ? specReplicas(newRSObj) : undefined,
      ...sc.data,
    },
  });
  return [true, updated];
}

/** scaleReplicaSetAndRecordEvent: no-op at the same size; "up" or "down" by direction. */
export function scaleReplicaSetAndRecordEvent(ops: DeploymentOps, rs: KubeObject, newScale: number, d: KubeObject, sc: ScaleContext): [boolean, KubeObject] {
  if (specReplicas(rs) === newScale) return [false, rs];
  return scaleReplicaSet(ops, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down', sc);
}
