/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go), the one copy:
 * pods get spec.priority and spec.preemptionPolicy from the PriorityClass named by
 * priorityClassName (the built-in system classes are known even before their objects exist),
 * or from the globalDefault class (the lowest value when several), else 0 / PreemptLowerPriority.
 * A given priority or preemptionPolicy that differs is Forbidden; UPDATE keeps the old values.
 * PriorityClasses: only one globalDefault may exist.
 */
import { ApiError, type KubeObject, type StoreApi } from '../../store/types.js';

type Obj = Record<string, any>;
type StoreReads = Pick<StoreApi, 'get' | 'list'> & Partial<Pick<StoreApi, 'count'>>;

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

interface Resolved {
  name: string;
  value: number;
  policy: string;
}

/** The class a pod names: a stored PriorityClass, else a system class. */
function lookup(store: StoreReads | undefined, name: string): Resolved | undefined {
  const pc = store?.get('PriorityClass', undefined, name);
  if (pc) return { name, value: pc.value ?? 0, policy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
  const sys = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  return sys ? { name, value: sys.value, policy: 'PreemptLowerPriority' } : undefined;
}

/** getDefaultPriority: the lowest-valued globalDefault class, if any. */
function globalDefault(store: StoreReads | undefined): Resolved | undefined {
  if (!store || (store.count?.('PriorityClass') ?? 1) === 0) return undefined;
  let best: KubeObject | undefined;
  for (const pc of store.list('PriorityClass')) {
    if (pc.globalDefault === true && (best === undefined || (pc.value ?? 0) < (best.value ?? 0))) best = pc;
  }
  return best ? { name: best.metadata.name!, value: best.value ?? 0, policy: best.preemptionPolicy ?? 'PreemptLowerPriority' } : undefined;
}

const forbidden = (pod: KubeObject, msg: string): ApiError => new ApiError(403, 'Forbidden', `pods "${pod.metadata?.name ?? ''}" is forbidden: ${msg}`);

/**
 * CREATE: returns the pod's spec with priority, priorityClassName and preemptionPolicy set
 * (written into `spec` itself when `specOwned`: a copy nobody else holds yet). Without a store,
 * a named class cannot be checked and the spec is returned as it is.
 */
export function admitPodPriorityCreate(pod: KubeObject, store: StoreReads | undefined, specOwned: boolean): Obj | undefined {
  const spec: Obj = pod.spec && typeof pod.spec === 'object' ? pod.spec : {};
  const className: string = spec.priorityClassName ?? '';
  let r: Resolved | undefined;
  if (className) {
    if (!store) return pod.spec;
    r = lookup(store, className);
    if (!r) throw forbidden(pod, `no PriorityClass with name ${className} was found`);
  } else {
    r = globalDefault(store);
  }
  const value = r ? r.value : 0;
  const policy = r ? r.policy : 'PreemptLowerPriority';
  if (typeof spec.priority === 'number' && spec.priority !== value) {
    throw forbidden(pod, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
    throw forbidden(pod, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  const next: Obj = specOwned ? spec : { ...spec };
  next.priority = value;
  if (r) next.priorityClassName = r.name;
  next.preemptionPolicy = policy;
  return next;
}

/** UPDATE: the priority set on create is kept (validation forbids changing it). */
export function admitPodPriorityUpdate(pod: KubeObject, old: KubeObject | undefined): KubeObject {
  const spec: Obj = pod.spec && typeof pod.spec === 'object' ? pod.spec : {};
  const os: Obj = old?.spec ?? {};
  const keepPriority = (spec.priority === undefined || spec.priority === null) && os.priority !== undefined && os.priority !== null;
  const keepPolicy = (spec.preemptionPolicy === undefined || spec.preemptionPolicy === null) && os.preemptionPolicy !== undefined && os.preemptionPolicy !== null;
  if (!keepPriority && !keepPolicy) return pod;
  const next: Obj = { ...spec };
  if (keepPriority) next.priority = os.priority;
  if (keepPolicy) next.preemptionPolicy = os.preemptionPolicy;
  return { ...pod, spec: next };
}

/** PriorityClass CREATE/UPDATE: only one globalDefault class may exist. */
export function admitPriorityClass(pc: KubeObject, store: StoreReads | undefined): void {
  if (pc.globalDefault !== true || !store) return;
  for (const other of store.list('PriorityClass')) {
    if (other.metadata.name !== pc.metadata.name && other.globalDefault === true) {
      throw new ApiError(403, 'Forbidden', `priorityclasses.scheduling.k8s.io "${pc.metadata.name}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
    }
  }
}
