/**
 * Strategic-merge metadata: which lists merge and by which key, transcribed from the
 * `patchStrategy`/`patchMergeKey` Go struct tags of k8s.io/api (core/v1/types.go,
 * apps/v1/types.go, batch/v1/types.go, meta/v1/types.go). Lists not named here are atomic
 * (replaced whole), e.g. tolerations, taints, args, command, envFrom, matchExpressions.
 * `path` is the chain of field names from the object root (list indices omitted).
 */
export interface ListMeta {
  /** 'merge' with a key: list of maps merged by key; 'merge' without a key: set of scalars. */
  strategy: 'merge' | 'replace';
  key?: string;
}

const REPLACE: ListMeta = { strategy: 'replace' };
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Lists inside a container (core/v1 Container). */
const IN_CONTAINER: Record<string, string> = {
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
};

/** Lists of a PodSpec. */
const IN_POD_SPEC: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
};

function isPodSpecPath(kind: string, parent: readonly string[]): boolean {
  const p = parent.join('.');
  if (kind === 'Pod') return p === 'spec';
  if (kind === 'CronJob') return p === 'spec.jobTemplate.spec.template.spec';
  return p === 'spec.template.spec';
}

export function listMeta(kind: string, path: readonly string[]): ListMeta {
  const n = path.length;
  const field = path[n - 1]!;
  const parent = path.slice(0, n - 1);
  if (n === 2 && path[0] === 'metadata') {
    if (field === 'finalizers') return { strategy: 'merge' };
    if (field === 'ownerReferences') return { strategy: 'merge', key: 'uid' };
    return REPLACE;
  }
  if (field === 'conditions' && path[n - 2] === 'status') return { strategy: 'merge', key: 'type' };
  if (n >= 2 && CONTAINER_LISTS.has(path[n - 2]!) && IN_CONTAINER[field]) return { strategy: 'merge', key: IN_CONTAINER[field] };
  if (IN_POD_SPEC[field] && isPodSpecPath(kind, parent)) return { strategy: 'merge', key: IN_POD_SPEC[field] };
  const p = path.join('.');
  if (kind === 'Service' && p === 'spec.ports') return { strategy: 'merge', key: 'port' };
  if (kind === 'Node') {
    if (p === 'status.addresses') return { strategy: 'merge', key: 'type' };
    if (p === 'spec.podCIDRs') return { strategy: 'merge' };
  }
  if (kind === 'Pod' && (p === 'status.podIPs' || p === 'status.hostIPs')) return { strategy: 'merge', key: 'ip' };
  if (kind === 'ServiceAccount' && p === 'secrets') return { strategy: 'merge', key: 'name' };
  return REPLACE;
}
