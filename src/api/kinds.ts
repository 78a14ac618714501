/**
 * The kinds this project models, with their API group/version, REST resource name, short
 * names (as `kubectl api-resources` lists them) and scope. Targets in scenario files
 * (`deploy/web`, `pvc/data`) resolve through `resolveKind`.
 */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  group: string;
  /** Plural REST resource, e.g. "deployments". */
  resource: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

const K = (
  kind: string,
  apiVersion: string,
  resource: string,
  shortNames: string[],
  namespaced: boolean,
): KindInfo => ({
  kind,
  apiVersion,
  group: apiVersion.includes('/') ? apiVersion.split('/')[0]! : '',
  resource,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
});

export const KINDS: readonly KindInfo[] = [
  K('Pod', 'v1', 'pods', ['po'], true),
  K('Node', 'v1', 'nodes', ['no'], false),
  K('Namespace', 'v1', 'namespaces', ['ns'], false),
  K('Service', 'v1', 'services', ['svc'], true),
  K('Endpoints', 'v1', 'endpoints', ['ep'], true),
  K('ConfigMap', 'v1', 'configmaps', ['cm'], true),
  K('Secret', 'v1', 'secrets', [], true),
  K('PersistentVolume', 'v1', 'persistentvolumes', ['pv'], false),
  K('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', ['pvc'], true),
  K('LimitRange', 'v1', 'limitranges', ['limits'], true),
  K('ResourceQuota', 'v1', 'resourcequotas', ['quota'], true),
  K('Event', 'v1', 'events', ['ev'], true),
  K('ServiceAccount', 'v1', 'serviceaccounts', ['sa'], true),
  K('ReplicaSet', 'apps/v1', 'replicasets', ['rs'], true),
  K('Deployment', 'apps/v1', 'deployments', ['deploy'], true),
  K('StatefulSet', 'apps/v1', 'statefulsets', ['sts'], true),
  K('DaemonSet', 'apps/v1', 'daemonsets', ['ds'], true),
  K('ControllerRevision', 'apps/v1', 'controllerrevisions', [], true),
  K('Job', 'batch/v1', 'jobs', [], true),
  K('CronJob', 'batch/v1', 'cronjobs', ['cj'], true),
  K('StorageClass', 'storage.k8s.io/v1', 'storageclasses', ['sc'], false),
  K('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', ['pdb'], true),
  K('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', [], true),
  K('PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', ['pc'], false),
  K('Lease', 'coordination.k8s.io/v1', 'leases', [], true),
];

const byKind = new Map<string, KindInfo>();
const byAlias = new Map<string, KindInfo>();
for (const k of KINDS) {
  byKind.set(k.kind, k);
  for (const alias of [k.kind.toLowerCase(), k.resource, k.singular, ...k.shortNames]) byAlias.set(alias, k);
  if (k.group) {
    byAlias.set(`${k.resource}.${k.group}`, k);
    byAlias.set(`${k.singular}.${k.group}`, k);
  }
}

/** Exact kind lookup (`Deployment`). */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** kubectl-style lookup: `deploy`, `deployment`, `deployments`, `Deployment`, `deployments.apps`. */
export function resolveKind(alias: string): KindInfo | undefined {
  return byKind.get(alias) ?? byAlias.get(alias.toLowerCase());
}

/**
 * The qualified resource name Kubernetes uses in error messages: `pods`, `deployments.apps`,
 * `persistentvolumes` (core group has no suffix).
 */
export function qualifiedResource(kind: string): string {
  const k = byKind.get(kind);
  if (!k) return kind.toLowerCase();
  return k.group ? `${k.resource}.${k.group}` : k.resource;
}

/** `Deployment.apps` / `Pod`: the kind as the API server's "is invalid" messages name it. */
export function qualifiedKind(kind: string): string {
  const k = byKind.get(kind);
  if (!k || !k.group) return kind;
  return `${kind}.${k.group}`;
}
