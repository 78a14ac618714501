import type { KubeObject } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { computeHash, canonicalJson, semanticEqual } from './deployment-hash.js';
import { cloneJson } from './clone-json.js';
import { newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf, isNamespaceTerminating } from './replicaset-pod-util.js';
import {
  DEPRECATED_ROLLBACK_TO,
  POD_TEMPLATE_HASH_LABEL,
  REASON,
  REVISION_ANNOTATION,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  equalIgnoreHash,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  getDesiredReplicasAnnotation,
  getProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  setCondition,
  setNewReplicaSetAnnotations,
  specReplicas,
  sumAvailable,
  sumReady,
  sumSpec,
  sumStatusReplicas,
  type DeploymentCondition,
} from './deployment-util.js';
import { DEPLOYMENT_COMPONENT, nowTs, scaleReplicaSet, scaleReplicaSetAndRecordEvent, type DeploymentOps } from './deployment-ops.js';

const W = { actor: DEPLOYMENT_COMPONENT, origin: 'system' as const };

/**
 * Write the Deployment's status (and its revision annotation, which upstream's UpdateStatus
 * also carries: the status strategy keeps only spec and labels). `d` is the controller's working
 * copy, mutated in place as upstream mutates its DeepCopy.
 */
export function writeDeploymentStatus(ops: DeploymentOps, d: KubeObject): void {
  const { store } = ops.ctx;
  const cur = store.get('Deployment', d.metadata.namespace, d.metadata.name!);
  if (!cur || cur.metadata.uid !== d.metadata.uid) return;
  const want = d.metadata.annotations?.[REVISION_ANNOTATION];
  const { resourceVersion: _rv, ...meta } = cur.metadata;
  if (want !== undefined && cur.metadata.annotations?.[REVISION_ANNOTATION] !== want) {
    // Upstream writes the revision annotation through UpdateStatus, which keeps only spec and
    // labels from the stored object, so generation does not change (registry/apps/deployment/strategy.go).
    meta.annotations = { ...(cur.metadata.annotations ?? {}), [REVISION_ANNOTATION]: want };
  }
  store.updateStatus({ ...cur, metadata: meta, status: cloneJson(d.status ?? {}) }, W);
}

/** SetDeploymentRevision. */
function setDeploymentRevision(d: KubeObject, revision: string): boolean {
  d.metadata.annotations ??= {};
  if (d.metadata.annotations[REVISION_ANNOTATION] === revision) return false;
  d.metadata.annotations[REVISION_ANNOTATION] = revision;
  return true;
}

export interface AllReplicaSets {
  newRS: KubeObject | undefined;
  oldRSs: KubeObject[];
}

/** getAllReplicaSetsAndSyncRevision: the new RS (created when asked and missing) and all old RSs. */
export function getAllReplicaSetsAndSyncRevision(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[], create: boolean): AllReplicaSets {
  const oldRSs = findOldReplicaSets(d, rsList).all;
  const newRS = getNewReplicaSet(ops, d, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

/**
 * getNewReplicaSet (sync.go): find the RS whose template matches and bring its annotations
 * (revision = max old + 1, copied Deployment annotations) and minReadySeconds up to date, or
 * create `<deployment>-<pod-template-hash>` when `create`; on a name clash with another
 * template bump status.collisionCount and fail the sync (retried with the new hash).
 */
export function getNewReplicaSet(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[], oldRSs: KubeObject[], create: boolean): KubeObject | undefined {
  const { store, events } = ops.ctx;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const annotations = { ...(existing.metadata.annotations ?? {}) };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
    const mrs = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== mrs) {
      const spec = { ...existing.spec };
      if (mrs) spec.minReadySeconds = mrs;
      else delete spec.minReadySeconds;
      return store.update({ ...existing, metadata: { ...existing.metadata, annotations }, spec }, W);
    }
    let needsUpdate = setDeploymentRevision(d, existing.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', REASON.FoundNewRS, `Found new replica set "${existing.metadata.name}"`, nowTs(ops)));
      needsUpdate = true;
    }
    if (needsUpdate) writeDeploymentStatus(ops, d);
    return existing;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const spec: any = { replicas: 0, selector, template };
  if (d.spec?.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  const newRS: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [newControllerRef(d)] },
    spec,
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  const annotations: Record<string, string> = {};
  setNewReplicaSetAnnotations(d, annotations, newRevision, false);
  newRS.metadata.annotations = annotations;

  let created: KubeObject;
  let alreadyExists = false;
  try {
    created = store.create(newRS, W);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.reason === 'AlreadyExists') {
      const rs = store.get('ReplicaSet', d.metadata.namespace, name);
      if (rs && controllerRefOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec?.template)) {
        created = rs;
        alreadyExists = true;
      } else {
        // Hash collision: bump collisionCount and retry with the next sync.
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        writeDeploymentStatus(ops, d);
        throw e;
      }
    } else if (isNamespaceTerminating(e)) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${name}": ${e.message}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'False', REASON.FailedRSCreate, msg, nowTs(ops)));
        writeDeploymentStatus(ops, d);
      }
      events.record(d, 'Warning', REASON.FailedRSCreate, msg, DEPLOYMENT_COMPONENT);
      throw e;
    }
  }
  if (!alreadyExists && count > 0) {
    events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${count}`, DEPLOYMENT_COMPONENT);
    emitCreateAction(ops, d, created, count);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', REASON.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, nowTs(ops)));
    needsUpdate = true;
  }
  if (needsUpdate) writeDeploymentStatus(ops, d);
  return created;
}

/** A new RS created with replicas > 0 is a scale-up of the new RS from 0 (Recreate: the recreate step). */
function emitCreateAction(ops: DeploymentOps, d: KubeObject, rs: KubeObject, count: number): void {
  const all = ops.ctx.store
    .dependents(d.metadata.uid!)
    .filter((o) => o.kind === 'ReplicaSet' && controllerRefOf(o)?.uid === d.metadata.uid);
  ops.ctx.actions.emit({
    component: DEPLOYMENT_COMPONENT,
    action: isRollingUpdate(d) ? 'scale-new' : 'recreate',
    object: `${d.metadata.namespace}/${d.metadata.name}`,
    data: {
      rs: rs.metadata.name,
      from: 0,
      to: count,
      created: true,
      R: specReplicas(d),
      S: maxSurge(d),
      U: maxUnavailable(d),
      strategy: d.spec?.strategy?.type,
      sumSpecBefore: sumSpec(all) - count,
      sumSpec: sumSpec(all),
      sumAvailable: sumAvailable(all),
      rsAvailable: 0,
      newRS: rs.metadata.name,
      newRSSpec: count,
    },
  });
}

/**
 * scale (sync.go): a scaling event or a paused Deployment. One active (or no active) RS takes
 * all replicas; a saturated new RS zeroes the old ones; otherwise (RollingUpdate) the
 * difference to R + maxSurge is spread in proportion to each RS's size, leftovers to the first.
 */
export function scale(ops: DeploymentOps, d: KubeObject, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
  const R = specReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  const sc = { action: 'proportional' as const, newRS: newRS?.metadata.name };
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === R) return;
    scaleReplicaSetAndRecordEvent(ops, activeOrLatest, R, d, sc);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(ops, old, 0, d, sc);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActiveReplicaSets([...oldRSs, newRS]);
  const allReplicas = sumSpec(all);
  const allowedSize = R > 0 ? R + maxSurge(d) : 0;
  const toAdd = allowedSize - allReplicas;
  let operation = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const size = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      size.set(rs.metadata.name!, specReplicas(rs) + proportion);
      added += proportion;
    } else size.set(rs.metadata.name!, specReplicas(rs));
  }
  for (let i = 0; i < all.length; i++) {
    const rs = all[i]!;
    if (i === 0 && toAdd !== 0) {
      const leftover = toAdd - added;
      size.set(rs.metadata.name!, Math.max(0, size.get(rs.metadata.name!)! + leftover));
    }
    scaleReplicaSet(ops, rs, size.get(rs.metadata.name!)!, d, operation, { ...sc, data: { toAdd, allowedSize } });
  }
}

/**
 * cleanupDeployment: delete the oldest old RSs beyond revisionHistoryLimit, but only those
 * with no pods, spec 0 and an observed generation (the others still count against the diff).
 */
export function cleanupDeployment(ops: DeploymentOps, oldRSs: KubeObject[], d: KubeObject): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    try {
      ops.ctx.store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name!, { actor: DEPLOYMENT_COMPONENT });
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'NotFound') throw e;
    }
  }
}

/** calculateStatus (sync.go), zero counts omitted as Go's omitempty does. */
export function calculateStatus(allRSs: Array<KubeObject | undefined>, newRS: KubeObject | undefined, d: KubeObject, ts: string): any {
  const rss = allRSs.filter((x): x is KubeObject => x !== undefined);
  const available = sumAvailable(rss);
  const unavailable = Math.max(0, sumSpec(rss) - available);
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatusReplicas(rss),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sumReady(rss),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  };
  for (const k of Object.keys(status)) if (!status[k]) delete status[k];
  const conditions: DeploymentCondition[] = (d.status?.conditions ?? []).map((c: DeploymentCondition) => ({ ...c }));
  if (conditions.length) status.conditions = conditions;
  if (d.status?.collisionCount !== undefined && d.status?.collisionCount !== null) status.collisionCount = d.status.collisionCount;
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASON.MinimumReplicasAvailable, 'Deployment has minimum availability.', ts));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', ts));
  }
  return status;
}

/** reflect.DeepEqual of two statuses (missing == zero). */
export function statusEqual(a: any, b: any): boolean {
  return semanticEqual(normalizeStatus(a), normalizeStatus(b));
}

function normalizeStatus(s: any): any {
  const o: any = { ...(s ?? {}) };
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) o[k] = o[k] ?? 0;
  return o;
}

/** syncDeploymentStatus: write calculateStatus when it differs. */
export function syncDeploymentStatus(ops: DeploymentOps, allRSs: Array<KubeObject | undefined>, newRS: KubeObject | undefined, d: KubeObject): void {
  const status = calculateStatus(allRSs, newRS, d, nowTs(ops));
  if (statusEqual(d.status, status)) return;
  d.status = status;
  writeDeploymentStatus(ops, d);
}

/** sync: scaling events and paused Deployments (no rollout); cleanup only while paused. */
export function sync(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  scale(ops, d, newRS, oldRSs);
  // Cleanup only while paused and no (deprecated-annotation) rollback is pending; the status
  // below is computed from the pre-scale objects, as upstream passes them.
  if (d.spec?.paused && !/^[+-]?\d+$/.test(d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO] ?? '')) cleanupDeployment(ops, oldRSs, d);
  syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: a Deployment being deleted. */
export function syncStatusOnly(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed (never over ProgressDeadlineExceeded). */
export function checkPausedConditions(ops: DeploymentOps, d: KubeObject): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition<DeploymentCondition>(d.status, 'Progressing');
  if (cond?.reason === REASON.TimedOut) return;
  const pausedCondExists = cond?.reason === REASON.Paused;
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.Paused, 'Deployment is paused', nowTs(ops)));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.Resumed, 'Deployment is resumed', nowTs(ops)));
  } else return;
  writeDeploymentStatus(ops, d);
}

/** isScalingEvent: an active RS whose desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== specReplicas(d)) return true;
  }
  return false;
}
