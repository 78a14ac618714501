import { resolveKind } from '../../api/kinds.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeConfigMap } from './configmap-describe.js';
import { describeDeployment } from './deployment-describe.js';
import { describeEndpoints } from './endpoints-describe.js';
import { describeLimitRange, describeNamespace, describeResourceQuota } from './namespace-describe.js';
import { describeNode } from './node-describe.js';
import { describePod } from './pod-describe.js';
import { describePersistentVolume, describePersistentVolumeClaim } from './pv-describe.js';
import { describeReplicaSet } from './replicaset-describe.js';
import { describeSecret } from './secret-describe.js';
import { describeService } from './service-describe.js';
import { describeServiceAccount } from './serviceaccount-describe.js';
import { describeStatefulSet } from './statefulset-describe.js';
import { describeJob } from './job-describe.js';
import { describeCronJob } from './cronjob-describe.js';
import { describeDaemonSet } from './daemonset-describe.js';

type Describer = (store: StoreApi, obj: KubeObject, now: number) => string;

/** The kinds `kubectl describe` output is modelled for (describe.go describers, kubectl 1.30). */
export const DESCRIBERS: Readonly<Record<string, Describer>> = {
  Pod: describePod,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  Service: describeService,
  Node: describeNode,
  Namespace: (store, ns) => describeNamespace(store, ns),
  Secret: (_store, s) => describeSecret(s),
  ConfigMap: describeConfigMap,
  ServiceAccount: describeServiceAccount,
  Endpoints: describeEndpoints,
  LimitRange: (_store, lr) => describeLimitRange(lr),
  ResourceQuota: (_store, q) => describeResourceQuota(q),
  PersistentVolume: describePersistentVolume,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  StatefulSet: describeStatefulSet,
  Job: describeJob,
  CronJob: describeCronJob,
  DaemonSet: describeDaemonSet,
};

export type DescribeResult = { ok: true; text: string } | { ok: false; text: string };

/**
 * `kubectl describe KIND NAME [-n NAMESPACE]` at virtual time `now`: the describer's text, or
 * kubectl's error (`Error from server (NotFound): pods "x" not found`).
 */
export function describeObject(store: StoreApi, kind: string, namespace: string | undefined, name: string, now: number): DescribeResult {
  const info = resolveKind(kind);
  if (!info) return { ok: false, text: `error: the server doesn't have a resource type "${kind}"` };
  const ns = info.namespaced ? (namespace ?? 'default') : undefined;
  const obj = store.get(info.kind, ns, name);
  const qualified = info.group ? `${info.resource}.${info.group}` : info.resource;
  if (!obj) return { ok: false, text: `Error from server (NotFound): ${qualified} "${name}" not found` };
  const d = DESCRIBERS[info.kind];
  if (!d) return { ok: false, text: `describe is not modelled for ${info.kind} (modelled: ${Object.keys(DESCRIBERS).join(', ')})` };
  return { ok: true, text: d(store, obj, now) };
}
