import type { KubeObject, StoreApi, WriteOptions } from '../store/types.js';
import { labelSelectorAsSelector } from '../api/selector.js';
import { controllerRefOf } from './replicaset-pod-util.js';
import { POD_TEMPLATE_HASH_LABEL, equalIgnoreHash, revisionOf, skipCopyAnnotation } from './deployment-util.js';

/**
 * `kubectl rollout undo deployment/x [--to-revision=N]`, done client-side as kubectl does in
 * apps/v1 (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker):
 * find the ReplicaSet with that revision (default: the second-highest), copy its template
 * without the pod-template-hash label into the Deployment and its annotations (except
 * revision, history, replica counts, last-applied) with one JSON patch. The controller then
 * adopts that RS as the new one and gives it revision max+1.
 * Returns kubectl's word (`rolled back` or `skipped rollback (...)`); throws RollbackError with
 * kubectl's message otherwise.
 */
export class RollbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollbackError';
  }
}

/** kubectl's deploymentutil.GetAllReplicaSets: RSs the Deployment's selector matches and it controls. */
export function deploymentReplicaSets(store: StoreApi, d: KubeObject): KubeObject[] {
  const selector = labelSelectorAsSelector(d.spec?.selector);
  return store
    .list('ReplicaSet', { namespace: d.metadata.namespace, labelSelector: selector })
    .filter((rs) => controllerRefOf(rs)?.uid === d.metadata.uid);
}

/** deploymentRevision: the RS with `toRevision`, or (0) the previous revision's RS. */
export function replicaSetForRevision(store: StoreApi, d: KubeObject, toRevision: number): KubeObject {
  const all = deploymentReplicaSets(store, d);
  let latest: KubeObject | undefined;
  let latestRevision = -1;
  let previous: KubeObject | undefined;
  let previousRevision = -1;
  for (const rs of all) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
  if (!previous) throw new RollbackError(`no rollout history found for deployment "${d.metadata.name}"`);
  return previous;
}

export function rollbackDeployment(store: StoreApi, d: KubeObject, toRevision: number, opts: WriteOptions = { actor: 'scenario' }): string {
  if (toRevision < 0) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
  const rs = replicaSetForRevision(store, d, toRevision);
  if (d.spec?.paused) throw new RollbackError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) return `skipped rollback (current template already matches revision ${toRevision})`;
  const template = structuredClone(rs.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  const da = d.metadata.annotations ?? {};
  for (const k of Object.keys(da)) if (skipCopyAnnotation(k)) annotations[k] = da[k]!;
  const ra = rs.metadata.annotations ?? {};
  for (const k of Object.keys(ra)) if (!skipCopyAnnotation(k)) annotations[k] = ra[k]!;
  store.patch(
    'Deployment',
    d.metadata.namespace,
    d.metadata.name!,
    [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    'json',
    opts,
  );
  return 'rolled back';
}
