import type { KubeObject } from '../store/types.js';
import { maxSurge as apiMaxSurge, maxUnavailable as apiMaxUnavailable, minAvailable as apiMinAvailable, type DeploymentLike } from '../api/fenceposts.js';
import { getScaledValueFromIntOrPercent } from '../api/intstr.js';
import { fromTimestamp } from '../api/time.js';
import { canonicalJson } from './deployment-hash.js';

/**
 * The arithmetic and bookkeeping of pkg/controller/deployment/util/deployment_util.go and the
 * ReplicaSet sort orders of pkg/controller/controller_utils.go, as pure functions over store
 * objects (Deployment and ReplicaSet as plain KubeObjects).
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** Character limit of the revision-history annotation (sync.go maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

// Condition reasons (deployment_util.go).
export const REASON = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

const MAX_INT32 = 2147483647;

export function specReplicas(o: KubeObject | undefined): number {
  return o?.spec?.replicas ?? 0;
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** MaxSurge / MaxUnavailable / MinAvailable (deployment_util.go), from src/api/fenceposts.ts. */
export const maxSurge = (d: KubeObject): number => apiMaxSurge(d as DeploymentLike);
export const maxUnavailable = (d: KubeObject): number => apiMaxUnavailable(d as DeploymentLike);
export const minAvailable = (d: KubeObject): number => apiMinAvailable(d as DeploymentLike);

export function hasProgressDeadline(d: KubeObject): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: KubeObject): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

export const sumSpec = (rss: KubeObject[]): number => rss.reduce((s, rs) => s + specReplicas(rs), 0);
export const sumStatusReplicas = (rss: KubeObject[]): number => rss.reduce((s, rs) => s + (rs.status?.replicas ?? 0), 0);
export const sumReady = (rss: KubeObject[]): number => rss.reduce((s, rs) => s + (rs.status?.readyReplicas ?? 0), 0);
export const sumAvailable = (rss: KubeObject[]): number => rss.reduce((s, rs) => s + (rs.status?.availableReplicas ?? 0), 0);

/** controller.FilterActiveReplicaSets: spec.replicas > 0. */
export function filterActiveReplicaSets(rss: Array<KubeObject | undefined>): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => rs !== undefined && specReplicas(rs) > 0);
}

/**
 * NewRSNewReplicas: how far the new RS may grow now. RollingUpdate: up to R + maxSurge total
 * spec replicas, never beyond R for the new RS. Recreate: R.
 */
export function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRS: KubeObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  // Upstream resolves maxSurge directly here (not via ResolveFenceposts); same value.
  const surge = getScaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true);
  const current = sumSpec(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** IsSaturated: new RS at R in spec, in its desired-replicas annotation, and available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = atoi(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  if (desired === undefined) return false;
  const r = specReplicas(d);
  return specReplicas(rs) === r && desired === r && (rs.status?.availableReplicas ?? 0) === r;
}

/** Go strconv.Atoi: optional sign and decimal digits only. */
function atoi(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** getIntFromAnnotation (1.30): present and parseable. */
export function getDesiredReplicasAnnotation(rs: KubeObject): number | undefined {
  return atoi(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
}
export function getMaxReplicasAnnotation(rs: KubeObject): number | undefined {
  return atoi(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
}

/** k8s.io/utils/integer.RoundToInt32: half away from zero, truncating conversion. */
export function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

/**
 * getReplicaSetFraction: the RS's share of a proportional scale. Falls back to
 * d.status.replicas when the max-replicas annotation is missing; when that is 0 too the
 * fraction is 0 (newer upstream guard; 1.30 would divide by zero).
 */
export function getReplicaSetFraction(rs: KubeObject, d: KubeObject): number {
  const replicas = specReplicas(d);
  if (replicas === 0) return -specReplicas(rs);
  const deploymentMaxReplicas = replicas + maxSurge(d);
  let annotated = getMaxReplicasAnnotation(rs) ?? 0;
  if (annotated === 0) annotated = d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const newSize = (specReplicas(rs) * deploymentMaxReplicas) / annotated;
  return roundToInt32(newSize) - specReplicas(rs);
}

/** GetProportion: the RS's share of `toAdd`, bounded by what is left to add (or remove). */
export function getProportion(rs: KubeObject | undefined, d: KubeObject, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Revision(obj): missing annotation = 0; unparseable = undefined (skipped by MaxRevision). */
export function revisionOf(o: KubeObject): number | undefined {
  const v = o.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: KubeObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second-highest revision (kubectl's default undo target). */
export function lastRevision(rss: KubeObject[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

function creationMs(o: KubeObject): number {
  const ts = o.metadata.creationTimestamp;
  return ts ? fromTimestamp(ts) : Number.NEGATIVE_INFINITY;
}

/** ReplicaSetsByCreationTimestamp (second-precision timestamps; ties by name). */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  const ta = creationMs(a);
  const tb = creationMs(b);
  if (ta === tb) return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
  return ta < tb ? -1 : 1;
}

/** ReplicaSetsBySizeOlder: larger first, older first on ties. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(a, b);
  return specReplicas(a) > specReplicas(b) ? -1 : 1;
}

/** ReplicaSetsBySizeNewer: larger first, newer first on ties. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(b, a);
  return specReplicas(a) > specReplicas(b) ? -1 : 1;
}

/** ReplicaSetsByRevision: by revision; unparseable or equal revisions fall back to creation time. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra < rb ? -1 : 1;
}

/** EqualIgnoreHash: templates equal (Semantic.DeepEqual, nil == empty) without the pod-template-hash label. */
export function equalIgnoreHash(t1: any, t2: any): boolean {
  return templateKey(t1) === templateKey(t2);
}

/**
 * The canonical JSON of a template without its hash label, once per template object (store
 * objects are immutable; the controller's working copies replace a template, never edit it).
 */
const templateKeys = new WeakMap<object, string>();
function templateKey(t: any): string {
  if (!t || typeof t !== 'object') return canonicalJson(withoutHashLabel(t));
  let k = templateKeys.get(t);
  if (k === undefined) {
    k = canonicalJson(withoutHashLabel(t));
    templateKeys.set(t, k);
  }
  return k;
}


export function withoutHashLabel(t: any): any {
  if (!t?.metadata?.labels || !(POD_TEMPLATE_HASH_LABEL in t.metadata.labels)) return t;
  const labels = { ...t.metadata.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** FindNewReplicaSet: the oldest RS whose template equals the Deployment's (ignoring the hash). */
export function findNewReplicaSet(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
  const sorted = [...rsList].sort(byCreationTimestamp);
  return sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: [old RSs with spec.replicas != 0, all old RSs], in rsList order. */
export function findOldReplicaSets(d: KubeObject, rsList: KubeObject[]): { required: KubeObject[]; all: KubeObject[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all: KubeObject[] = [];
  const required: KubeObject[] = [];
  for (const rs of rsList) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    all.push(rs);
    if (specReplicas(rs) !== 0) required.push(rs);
  }
  return { required, all };
}

/** FindActiveOrLatest: the only active RS, else (none active) the new RS or the newest old one; undefined when several are active. */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  if (!a) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** SetReplicasAnnotations on a mutable annotations map; true when something changed. */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

export function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

/** copyDeploymentAnnotationsToReplicaSet (mutates `rsAnnotations`); true when changed. */
export function copyDeploymentAnnotationsToReplicaSet(d: KubeObject, rsAnnotations: Record<string, string>): boolean {
  let changed = false;
  const da = d.metadata.annotations ?? {};
  for (const k of Object.keys(da).sort()) {
    if (skipCopyAnnotation(k) || rsAnnotations[k] === da[k]) continue;
    rsAnnotations[k] = da[k]!;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations on a mutable annotations map: copy the Deployment's annotations,
 * raise the revision to newRevision when lower (appending the old one to revision-history on a
 * roll-back to this RS), and for a new RS set desired/max-replicas. True when changed.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rsAnnotations: Record<string, string>, newRevision: number, exists: boolean, limitChars = MAX_REV_HISTORY_LENGTH_IN_CHARS): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rsAnnotations);
  const had = REVISION_ANNOTATION in rsAnnotations;
  const oldRevision = rsAnnotations[REVISION_ANNOTATION] ?? '';
  let oldRevisionInt = 0;
  if (oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    rsAnnotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
  }
  if (had && oldRevisionInt < newRevision) {
    const history = rsAnnotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const old = history.split(',');
    if (old[0]!.length === 0) {
      rsAnnotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > limitChars && start < old.length) {
        totalLen = totalLen - old[start]!.length - 1;
        start++;
      }
      if (totalLen <= limitChars) rsAnnotations[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rsAnnotations, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** The Deployment's annotations with those a roll-back may not touch (getSkippedAnnotations) kept, then the RS's others copied (SetDeploymentAnnotationsTo). */
export function deploymentAnnotationsFromReplicaSet(d: KubeObject, rs: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const da = d.metadata.annotations ?? {};
  for (const k of Object.keys(da)) if (skipCopyAnnotation(k)) out[k] = da[k]!;
  const ra = rs.metadata.annotations ?? {};
  for (const k of Object.keys(ra)) if (!skipCopyAnnotation(k)) out[k] = ra[k]!;
  return out;
}

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function getCondition<T extends { type: string }>(status: { conditions?: T[] } | undefined, type: string): T | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime
 * when only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(status: { conditions?: DeploymentCondition[] }, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const c = { ...cond };
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(status: { conditions?: DeploymentCondition[] }, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, ts: string): DeploymentCondition {
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

/** DeploymentComplete. */
export function deploymentComplete(d: KubeObject, s: any): boolean {
  const r = specReplicas(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: updated↑, old replicas↓, ready↑ or available↑ compared with d.status. */
export function deploymentProgressing(d: KubeObject, s: any): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** DeploymentTimedOut: lastUpdateTime + deadline strictly before now (ms). */
export function deploymentTimedOut(d: KubeObject, s: any, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition<DeploymentCondition>(s, 'Progressing');
  if (!c) return false;
  if (c.reason === REASON.NewRSAvailable) return false;
  if (c.reason === REASON.TimedOut) return true;
  return fromTimestamp(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < now;
}
