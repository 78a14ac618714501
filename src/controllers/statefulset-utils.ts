import type { KubeObject } from '../store/types.js';
import { isPodAvailable, isPodReady } from './replicaset-pod-util.js';
import { newControllerRevision } from './controller-history.js';
import { newControllerRef } from './replicaset-ref-manager.js';

/*
 * Helpers of pkg/controller/statefulset/stateful_set_utils.go (Kubernetes 1.30).
 */

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.PodIndexLabel (PodIndexLabel feature: beta and on since 1.28). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** apps.StatefulSetRevisionLabel (= ControllerRevisionHashLabelKey). */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

/**
 * getParentNameAndOrdinal: statefulPodRegex `(.*)-([0-9]+)$` (greedy, so the last `-` followed by
 * digits only); parent "" and ordinal -1 when the name does not parse. Parsed by hand: the regex's
 * backtracking was the controller's hottest spot.
 */
export function parentNameAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const i = podName.lastIndexOf('-');
  if (i < 0 || i === podName.length - 1) return { parent: '', ordinal: -1 };
  for (let k = i + 1; k < podName.length; k++) {
    const ch = podName.charCodeAt(k);
    if (ch < 48 || ch > 57) return { parent: '', ordinal: -1 };
  }
  const parent = podName.slice(0, i);
  const ordinal = Number.parseInt(podName.slice(i + 1), 10);
  // strconv.ParseInt(.., 10, 32) fails above MaxInt32.
  if (!Number.isSafeInteger(ordinal) || ordinal > 2147483647) return { parent, ordinal: -1 };
  return { parent, ordinal };
}

/**
 * Parsed names per (immutable) pod metadata object: a pure memo of parentNameAndOrdinal, not
 * simulation state (the same object always gives the same answer), shared by every cluster.
 */
const parsedByMeta = new WeakMap<object, { parent: string; ordinal: number }>();

function parsedName(pod: KubeObject): { parent: string; ordinal: number } {
  let r = parsedByMeta.get(pod.metadata);
  if (!r) {
    r = parentNameAndOrdinal(pod.metadata.name ?? '');
    parsedByMeta.set(pod.metadata, r);
  }
  return r;
}

export function getOrdinal(pod: KubeObject): number {
  return parsedName(pod).ordinal;
}

/** getPodName */
export function podName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getStartOrdinal: spec.ordinals.start (StatefulSetStartOrdinal, beta and on in 1.30). */
export function startOrdinal(set: KubeObject): number {
  return Number(set.spec?.ordinals?.start ?? 0);
}

/** getEndOrdinal: start + replicas - 1. */
export function endOrdinal(set: KubeObject): number {
  return startOrdinal(set) + Number(set.spec?.replicas ?? 1) - 1;
}

/** podInOrdinalRange */
export function podInOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** isMemberOf: the pod's parsed parent name is the set's name. */
export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  return parsedName(pod).parent === set.metadata.name;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function claimName(set: KubeObject, templateName: string, ordinal: number): string {
  return `${templateName}-${set.metadata.name}-${ordinal}`;
}

/**
 * getPersistentVolumeClaims: one claim per template (template order), in the set's
 * namespace, labels = template labels + selector matchLabels.
 */
export function persistentVolumeClaims(set: KubeObject, ordinal: number): Array<{ template: string; claim: KubeObject }> {
  const out: Array<{ template: string; claim: KubeObject }> = [];
  const ml = (set.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  for (const t of (set.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
    const c = structuredClone(t) as KubeObject;
    const tplName = t.metadata?.name ?? '';
    const labels = t.metadata?.labels ? { ...t.metadata.labels, ...ml } : { ...ml };
    const metadata: KubeObject['metadata'] = { ...(c.metadata ?? {}), name: claimName(set, tplName, ordinal), namespace: set.metadata.namespace, labels };
    const claim: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: c.spec };
    out.push({ template: tplName, claim });
  }
  return out;
}

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless set. */
export function retentionPolicy(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' };
}

/** isRunningAndReady */
export function isRunningAndReady(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** isRunningAndAvailable: podutil.IsPodAvailable (Ready for more than minReadySeconds). */
export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  return isPodAvailable(pod, minReadySeconds, now);
}

/** isCreated: the API server gave it a phase (a pod object built here has none). */
export function isCreated(pod: KubeObject): boolean {
  return !!pod.status?.phase;
}
export function isPending(pod: KubeObject): boolean {
  return pod.status?.phase === 'Pending';
}
export function isFailed(pod: KubeObject): boolean {
  return pod.status?.phase === 'Failed';
}
export function isSucceeded(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded';
}
export function isTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}
/** isHealthy: Running and Ready and not terminating. */
export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** allowsBurst: podManagementPolicy Parallel. */
export function allowsBurst(set: KubeObject): boolean {
  return set.spec?.podManagementPolicy === 'Parallel';
}

/** getPodRevision */
export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

/** identityMatches: name, namespace and the pod-name label follow the set and ordinal. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = parentNameAndOrdinal(pod.metadata.name ?? '');
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: each template has a volume of its name using claim `<tpl>-<set>-<ordinal>`. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map<string, any>();
  for (const v of pod.spec?.volumes ?? []) volumes.set(v.name, v);
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(t.metadata?.name);
    if (!v || !v.persistentVolumeClaim || v.persistentVolumeClaim.claimName !== claimName(set, t.metadata?.name ?? '', ordinal)) return false;
  }
  return true;
}

/**
 * getPatch: `{"spec":{"template":<template>,"$patch":"replace"}}` — the template with
 * `$patch: replace` inside it, so applying the revision replaces the whole template.
 */
export function statefulSetPatch(set: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** newRevision: a ControllerRevision of the set's template; annotations copied from the set. */
export function newStatefulSetRevision(set: KubeObject, revision: number, collisionCount: number): KubeObject {
  const cr = newControllerRevision(set, set.spec?.template?.metadata?.labels, statefulSetPatch(set), revision, collisionCount);
  return { ...cr, metadata: { ...cr.metadata, annotations: { ...(set.metadata.annotations ?? {}) } } };
}

/** ApplyRevision: the set with the revision's template (strategic merge with $patch: replace). */
export function applyRevision(set: KubeObject, revision: KubeObject): KubeObject {
  const tpl = { ...((revision.data as any)?.spec?.template ?? {}) };
  delete tpl.$patch;
  return { ...set, spec: { ...set.spec, template: tpl } };
}

/**
 * newStatefulSetPod: controller.GetPodFromTemplate (labels, annotations, finalizers,
 * generateName `<set>-`, controller ref, spec), name `<set>-<ordinal>`, initIdentity
 * (pod-name and pod-index labels, hostname, subdomain = serviceName) and updateStorage
 * (claim volumes first, in template order, then the template's other volumes).
 */
export function newStatefulSetPod(set: KubeObject, ordinal: number): KubeObject {
  const tpl = set.spec?.template ?? {};
  const name = podName(set, ordinal);
  const metadata: KubeObject['metadata'] = {
    name,
    generateName: `${set.metadata.name}-`,
    namespace: set.metadata.namespace,
    labels: { ...(tpl.metadata?.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
    ownerReferences: [newControllerRef(set)],
  };
  if (tpl.metadata?.annotations) metadata.annotations = { ...tpl.metadata.annotations };
  if (tpl.metadata?.finalizers) metadata.finalizers = [...tpl.metadata.finalizers];
  const spec = structuredClone(tpl.spec ?? {});
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const templates = (set.spec?.volumeClaimTemplates ?? []) as KubeObject[];
  if (templates.length > 0) {
    const names = new Set(templates.map((t) => t.metadata?.name));
    const claimVolumes = templates.map((t) => ({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claimName(set, t.metadata?.name ?? '', ordinal) } }));
    spec.volumes = [...claimVolumes, ...((spec.volumes ?? []) as any[]).filter((v) => !names.has(v.name))];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition (or below currentReplicas when a
 * RollingUpdate has no rollingUpdate block) are built from the current revision, the others
 * from the update revision. Go's `A && B || C` groups as `(A && B) || C`, kept here.
 */
export function newVersionedStatefulSetPod(currentSet: KubeObject, updateSet: KubeObject, currentRevision: string, updateRevision: string, ordinal: number): KubeObject {
  const us = currentSet.spec?.updateStrategy ?? {};
  const useCurrent =
    (us.type === 'RollingUpdate' && !us.rollingUpdate && ordinal < Number(currentSet.status?.currentReplicas ?? 0)) ||
    (!!us.rollingUpdate && ordinal < Number(us.rollingUpdate.partition ?? 0));
  const pod = useCurrent ? newStatefulSetPod(currentSet, ordinal) : newStatefulSetPod(updateSet, ordinal);
  pod.metadata.labels![STATEFULSET_REVISION_LABEL] = useCurrent ? currentRevision : updateRevision;
  return pod;
}

/** Pods by ordinal, ascending (ascendingOrdinal). */
export function byOrdinal(a: KubeObject, b: KubeObject): number {
  return getOrdinal(a) - getOrdinal(b);
}

export { isPodReady };
