/**
 * The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go, 1.30), as a
 * function over the StoreApi: what `POST /api/v1/namespaces/NS/pods/NAME/eviction` does.
 */
import { labelSelectorAsSelector, type LabelSelector } from '../api/selector.js';
import { toTimestamp } from '../api/time.js';
import { ApiError, type ApiReason, type DeleteOptions, type KubeObject, type StoreApi } from './types.js';

/** MaxDisruptedPodSize (eviction.go). */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/** The 429 message of a refused eviction (createTooManyRequestsError / checkAndDecrement). */
export const EVICTION_PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** The Status{Failure, 500} message for a pod several PDBs select. */
export const EVICTION_MULTIPLE_PDB_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

export interface EvictionOptions {
  /** Eviction.deleteOptions.gracePeriodSeconds (kubectl drain --grace-period when >= 0). */
  gracePeriodSeconds?: number;
  /** Who evicts (trace). */
  actor?: string;
  /** DeleteOptions.dryRun=All: checks only, nothing written. */
  dryRun?: boolean;
}

/** The DisruptionBudget StatusCause (policyv1.DisruptionBudgetCause). */
function tooManyRequests(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', EVICTION_PDB_MESSAGE, [{ type: 'DisruptionBudget', message: cause }]);
}

/** errors.NewForbidden(policy.Resource("poddisruptionbudget"), name, err). */
function forbidden(pdbName: string, err: string): ApiError {
  return new ApiError(403, 'Forbidden', `poddisruptionbudget.policy "${pdbName}" is forbidden: ${err}`);
}

function isReady(pod: KubeObject): boolean {
  const cs = pod.status?.conditions;
  return Array.isArray(cs) && cs.some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');
}

/** canIgnorePDB: Succeeded, Failed, Pending or already deleting. */
function canIgnorePDB(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** shouldEnforceResourceVersion: not terminal and not deleting. */
function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || !!pod.metadata.deletionTimestamp);
}

/**
 * getPodDisruptionBudgets: the namespace's PDBs whose selector matches the pod (an invalid
 * selector matches nothing, nil matches nothing, `{}` matches everything), by name.
 */
export function evictionPdbsForPod(store: StoreApi, pod: KubeObject): KubeObject[] {
  if (store.count('PodDisruptionBudget') === 0) return [];
  const out: KubeObject[] = [];
  for (const pdb of store.list('PodDisruptionBudget', { namespace: pod.metadata.namespace })) {
    let matches = false;
    try {
      matches = labelSelectorAsSelector(pdb.spec?.selector as LabelSelector | null | undefined).matches(pod.metadata.labels ?? {});
    } catch {
      matches = false;
    }
    if (matches) out.push(pdb);
  }
  return out;
}

/** apipod.UpdatePodCondition with DisruptionTarget=True/EvictionByEvictionAPI on a copy of the status. */
function withEvictionCondition(status: any, now: number): any | undefined {
  const conditions: any[] = Array.isArray(status?.conditions) ? status.conditions : [];
  const next: any = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(now), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
  const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
  if (i < 0) return { ...(status ?? {}), conditions: [...conditions, next] };
  const old = conditions[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  if (old.status === next.status && old.reason === next.reason && old.message === next.message && (old.lastProbeTime ?? null) === null) return undefined;
  return { ...status, conditions: conditions.map((c, j) => (j === i ? next : c)) };
}

/**
 * addConditionAndDeletePod: the DisruptionTarget condition through the status store, then a
 * graceful delete with the eviction's options (a resourceVersion precondition follows the
 * condition's write, as upstream bumps it).
 */
function addConditionAndDeletePod(store: StoreApi, pod: KubeObject, opts: EvictionOptions, enforceRv: boolean): void {
  const actor = opts.actor ?? 'eviction';
  let current = pod;
  const status = withEvictionCondition(pod.status, store.now);
  if (status) current = store.updateStatus({ ...pod, status }, { actor, origin: 'system' });
  const del: DeleteOptions = { actor };
  if (opts.gracePeriodSeconds !== undefined) del.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (enforceRv) del.preconditions = { resourceVersion: current.metadata.resourceVersion! };
  store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, del);
}

/**
 * EvictionREST.Create. Success returns normally (the pod is then terminating, or gone);
 * refusals throw the API server's errors:
 * - 404 `pods "x" not found`;
 * - terminal, Pending or already deleting pods are deleted without looking at PDBs;
 * - several PDBs: Status{Failure, 500} "This pod has more than one PodDisruptionBudget, …";
 * - an unready pod is deleted without using the budget when the policy is AlwaysAllow, or
 *   (IfHealthyBudget, the default) when currentHealthy >= desiredHealthy > 0;
 * - checkAndDecrement: 429 while the PDB's observedGeneration lags ("… is still being processed
 *   by the server."), 403 when disruptionsAllowed < 0 or disruptedPods has more than 2000
 *   entries, 429 with "The disruption budget web needs 2 healthy pods and has 2 currently" when
 *   disruptionsAllowed is 0; otherwise disruptionsAllowed-- (condition InsufficientPods when it
 *   reaches 0), status.disruptedPods[pod] = now, and the pod is deleted gracefully (the
 *   eviction's grace period, else the pod's).
 */
export function evictPod(store: StoreApi, namespace: string, name: string, opts: EvictionOptions = {}): void {
  const pod = store.get('Pod', namespace, name);
  if (!pod) throw new ApiError(404, 'NotFound', `pods "${name}" not found`);
  if (canIgnorePDB(pod)) {
    if (opts.dryRun) return;
    addConditionAndDeletePod(store, pod, opts, shouldEnforceResourceVersion(pod));
    return;
  }
  const pdbs = evictionPdbsForPod(store, pod);
  if (pdbs.length > 1) {
    // A Status (not an error) with Code 500 and no reason; client-go turns it into an error.
    throw new ApiError(500, '' as ApiReason, EVICTION_MULTIPLE_PDB_MESSAGE);
  }
  let enforceRv = false;
  if (pdbs.length === 1) {
    const pdb = pdbs[0]!;
    const st = pdb.status ?? {};
    const unhealthyOk =
      !isReady(pod) &&
      (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0));
    if (unhealthyOk) enforceRv = true;
    else checkAndDecrement(store, pod, pdb, opts);
  }
  if (opts.dryRun) return;
  try {
    addConditionAndDeletePod(store, pod, opts, enforceRv);
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'Conflict' && enforceRv) throw tooManyRequests(`The disruption budget ${pdbs[0]!.metadata.name} is still being processed by the server.`);
    throw e;
  }
}

/** checkAndDecrement (eviction.go). */
function checkAndDecrement(store: StoreApi, pod: KubeObject, pdb: KubeObject, opts: EvictionOptions): void {
  const st = pdb.status ?? {};
  const name = pdb.metadata.name!;
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);
  const allowed: number = st.disruptionsAllowed ?? 0;
  if (allowed < 0) throw forbidden(name, 'pdb disruptions allowed is negative');
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) throw forbidden(name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0) throw tooManyRequests(`The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  if (opts.dryRun) return;
  const now = store.now;
  let status: any = { ...st, disruptionsAllowed: allowed - 1 };
  if (allowed - 1 === 0) status = withInsufficientPods(status, now);
  const disrupted: Record<string, string> = { ...(st.disruptedPods ?? {}), [pod.metadata.name!]: toTimestamp(now) };
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(disrupted).sort()) sorted[k] = disrupted[k]!;
  // policy/v1 PodDisruptionBudgetStatus field order.
  const ordered: any = {};
  if (status.observedGeneration !== undefined) ordered.observedGeneration = status.observedGeneration;
  ordered.disruptedPods = sorted;
  for (const [k, v] of Object.entries(status)) if (!(k in ordered)) ordered[k] = v;
  store.updateStatus({ ...pdb, status: ordered }, { actor: opts.actor ?? 'eviction', origin: 'system' });
}

/** pdbhelper.UpdateDisruptionAllowedCondition for disruptionsAllowed == 0. */
function withInsufficientPods(status: any, now: number): any {
  const conditions: any[] = Array.isArray(status.conditions) ? status.conditions : [];
  const i = conditions.findIndex((c) => c.type === 'DisruptionAllowed');
  const ltt = i >= 0 && conditions[i].status === 'False' ? conditions[i].lastTransitionTime : toTimestamp(now);
  const next: any = { type: 'DisruptionAllowed', status: 'False' };
  if (status.observedGeneration) next.observedGeneration = status.observedGeneration;
  Object.assign(next, { lastTransitionTime: ltt, reason: 'InsufficientPods', message: '' });
  return { ...status, conditions: i < 0 ? [...conditions, next] : conditions.map((c, j) => (j === i ? next : c)) };
}
