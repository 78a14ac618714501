import type { KubeObject } from './types.js';

/*
 * Per-kind registry strategy facts (pkg/registry/<group>/<resource>/strategy.go).
 */

/**
 * Kinds whose strategy sets metadata.generation = 1 on create and bumps it when the spec
 * changes (PrepareForCreate / PrepareForUpdate). Pods do not in 1.30 (PodGeneration is 1.33+).
 */
export const GENERATION_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
  'EndpointSlice',
]);

/** Kinds with a /status subresource: a plain update keeps the stored status. */
export const STATUS_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Node',
  'Namespace',
  'Service',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ResourceQuota',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
]);

/** Kinds whose create resets status (strategy PrepareForCreate: `obj.Status = XStatus{}`). */
const CLEAR_STATUS_ON_CREATE: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
  'ResourceQuota',
]);

/**
 * The empty status a strategy resets to, as the API serializes it: status fields without
 * `omitempty` in the v1 types show as 0 (ReplicaSetStatus.replicas, StatefulSetStatus.replicas,
 * the DaemonSet counters, the PodDisruptionBudget counters).
 */
function zeroStatus(kind: string): Record<string, unknown> {
  switch (kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
      return { replicas: 0 };
    case 'DaemonSet':
      return { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    case 'PodDisruptionBudget':
      return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    default:
      return {};
  }
}

/** Kinds whose delete is graceful (RESTGracefulDeleteStrategy): only pods. */
export const GRACEFUL_KINDS: ReadonlySet<string> = new Set(['Pod']);

/** PrepareForCreate: status resets and fixed values. Returns a new object (input untouched). */
export function prepareForCreate(obj: KubeObject, timestamp: string): KubeObject {
  const kind = obj.kind;
  if (CLEAR_STATUS_ON_CREATE.has(kind)) return { ...obj, status: zeroStatus(kind) };
  // persistentvolumeStrategy.PrepareForCreate: phase Pending + lastPhaseTransitionTime
  // (PersistentVolumeLastPhaseTransitionTime, beta and on in 1.30).
  if (kind === 'PersistentVolume') return { ...obj, status: { phase: 'Pending', lastPhaseTransitionTime: timestamp } };
  // serviceStrategy.PrepareForCreate: status = ServiceStatus{} (loadBalancer is a struct: `{}`).
  if (kind === 'Service') return { ...obj, status: { loadBalancer: {} } };
  if (kind === 'Pod') {
    // podStrategy.PrepareForCreate: status = {phase: Pending, qosClass}; qosClass is filled by admission defaulting.
    const st = obj.status && typeof obj.status === 'object' ? obj.status : {};
    const status: Record<string, unknown> = { phase: 'Pending' };
    if (st.qosClass !== undefined) status.qosClass = st.qosClass;
    return { ...obj, status };
  }
  if (kind === 'Namespace') {
    // namespaceStrategy.PrepareForCreate: phase Active, and the `kubernetes` spec finalizer.
    const spec = obj.spec && typeof obj.spec === 'object' ? obj.spec : {};
    const fin: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    return {
      ...obj,
      spec: { ...spec, finalizers: fin.includes('kubernetes') ? fin : [...fin, 'kubernetes'] },
      status: { phase: 'Active' },
    };
  }
  return obj;
}

/** The part of an object whose change bumps generation: spec, or all non-metadata non-status content. */
export function generationContent(obj: KubeObject): unknown {
  if ('spec' in obj) return obj.spec;
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = obj[k];
  return rest;
}

/**
 * Status-subresource PrepareForUpdate rules that depend on the old object:
 * persistentvolumeStatusStrategy keeps lastPhaseTransitionTime while the phase is unchanged
 * and stamps it when the phase changes (unless the client set a new value).
 */
export function prepareForStatusUpdate(next: KubeObject, old: KubeObject, timestamp: string): KubeObject {
  if (next.kind !== 'PersistentVolume') return next;
  const ns = next.status ?? {};
  const os = old.status ?? {};
  if (ns.phase === os.phase && ns.lastPhaseTransitionTime === undefined) {
    if (os.lastPhaseTransitionTime === undefined) return next;
    return { ...next, status: { ...ns, lastPhaseTransitionTime: os.lastPhaseTransitionTime } };
  }
  if (ns.phase !== os.phase && (ns.lastPhaseTransitionTime === undefined || ns.lastPhaseTransitionTime === os.lastPhaseTransitionTime)) {
    return { ...next, status: { ...ns, lastPhaseTransitionTime: timestamp } };
  }
  return next;
}

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/**
 * daemonSetStrategy (pkg/registry/apps/daemonset/strategy.go) keeps spec.templateGeneration, which
 * apps/v1 carries as the `deprecated.daemonset.template.generation` annotation
 * (Convert_apps_DaemonSet_To_v1_DaemonSet): at create the given value if at least 1, else 1; on
 * update the old value, plus 1 when the pod template changed (a user cannot set it).
 */
export function daemonSetTemplateGeneration(obj: KubeObject, old: KubeObject | undefined, templateChanged: boolean): KubeObject {
  const ann = obj.metadata.annotations;
  let gen: number;
  if (old === undefined) {
    const given = Number(ann?.[TEMPLATE_GENERATION]);
    gen = Number.isInteger(given) && given >= 1 ? given : 1;
  } else {
    const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION]);
    gen = (Number.isInteger(prev) && prev >= 1 ? prev : 1) + (templateChanged ? 1 : 0);
  }
  const value = String(gen);
  if (ann?.[TEMPLATE_GENERATION] === value) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(ann ?? {}), [TEMPLATE_GENERATION]: value } } };
}
