import { ApiError, type KubeObject, type StoreApi } from '../store/types.js';
import type { AdmissionPlugin } from '../store/store.js';

/** The built-in classes the API server creates (pkg/apis/scheduling/types.go, SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number; description: string }> = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

/** The PriorityClass objects as the API server's bootstrap hook creates them. */
export function systemPriorityClassObjects(): KubeObject[] {
  return SYSTEM_PRIORITY_CLASSES.map((c) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: c.name },
    value: c.value,
    description: c.description,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  }));
}

function forbidden(pod: KubeObject, msg: string): ApiError {
  return new ApiError(403, 'Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: ${msg}`);
}

function lookup(store: StoreApi, name: string): { value: number; preemptionPolicy?: string } | undefined {
  const pc = store.get('PriorityClass', undefined, name);
  if (pc) return { value: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
  const sys = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  return sys ? { value: sys.value, preemptionPolicy: 'PreemptLowerPriority' } : undefined;
}

/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go) for pods.
 * CREATE: spec.priorityClassName resolves to spec.priority and spec.preemptionPolicy; without
 * a name the globalDefault class (the lowest value if several) applies, else priority 0 and
 * PreemptLowerPriority. A given priority that differs is Forbidden. UPDATE keeps the old values.
 */
export function admitPodPriority(pod: KubeObject, operation: 'CREATE' | 'UPDATE', old: KubeObject | undefined, store: StoreApi): KubeObject | undefined {
  const spec = pod.spec ?? {};
  if (operation === 'UPDATE') {
    if (!old) return undefined;
    if (spec.priority == null && old.spec?.priority != null) return { ...pod, spec: { ...spec, priority: old.spec.priority, preemptionPolicy: spec.preemptionPolicy ?? old.spec.preemptionPolicy } };
    if (spec.preemptionPolicy == null && old.spec?.preemptionPolicy != null) return { ...pod, spec: { ...spec, preemptionPolicy: old.spec.preemptionPolicy } };
    return undefined;
  }
  let priority = 0;
  let preemptionPolicy: string | undefined = 'PreemptLowerPriority';
  let className: string | undefined = spec.priorityClassName || undefined;
  // The built-in admission chain (src/api/admission) runs first without store access: for a pod
  // without a class it already wrote priority 0 / PreemptLowerPriority. Those values are ours to
  // replace, not user input (so an explicit `priority: 0` is not rejected against a globalDefault).
  const builtInDefaults = !className && spec.priority === 0 && (spec.preemptionPolicy ?? 'PreemptLowerPriority') === 'PreemptLowerPriority';
  if (!className) {
    let best: KubeObject | undefined;
    for (const pc of store.list('PriorityClass')) {
      if (pc.globalDefault === true && (best === undefined || (pc.value ?? 0) < (best.value ?? 0))) best = pc;
    }
    if (best) {
      className = best.metadata.name;
      priority = best.value ?? 0;
      preemptionPolicy = best.preemptionPolicy ?? 'PreemptLowerPriority';
    }
  } else {
    const pc = lookup(store, className);
    if (!pc) throw forbidden(pod, `no PriorityClass with name ${className} was found`);
    priority = pc.value;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (!builtInDefaults && spec.priority != null && spec.priority !== priority) {
    throw forbidden(pod, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  if (!builtInDefaults && preemptionPolicy && spec.preemptionPolicy != null && spec.preemptionPolicy !== preemptionPolicy) {
    throw forbidden(pod, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`);
  }
  const next: Record<string, unknown> = { ...spec, priority };
  if (className) next.priorityClassName = className;
  if (preemptionPolicy) next.preemptionPolicy = preemptionPolicy;
  return { ...pod, spec: next };
}

/**
 * PriorityClass side of the plugin: only one globalDefault class may exist
 * (`PriorityClass <name> is already marked as default. Only one default can exist`).
 */
export function admitPriorityClass(pc: KubeObject, store: StoreApi): void {
  if (pc.globalDefault !== true) return;
  for (const other of store.list('PriorityClass')) {
    if (other.metadata.name !== pc.metadata.name && other.globalDefault === true) {
      throw new ApiError(403, 'Forbidden', `priorityclasses.scheduling.k8s.io "${pc.metadata.name}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
    }
  }
}

/** The admission plugin to register with `store.addAdmissionPlugin`. */
export const priorityAdmissionPlugin: AdmissionPlugin = {
  name: 'Priority',
  kinds: ['Pod', 'PriorityClass'],
  admit(obj, ctx) {
    if (obj.kind === 'PriorityClass') {
      admitPriorityClass(obj, ctx.store);
      return undefined;
    }
    return admitPodPriority(obj, ctx.operation, ctx.old, ctx.store);
  },
};
