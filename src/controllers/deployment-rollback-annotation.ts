import type { KubeObject } from '../store/types.js';
import { DEPRECATED_ROLLBACK_TO, POD_TEMPLATE_HASH_LABEL, deploymentAnnotationsFromReplicaSet, equalIgnoreHash, lastRevision, revisionOf } from './deployment-util.js';
import { getAllReplicaSetsAndSyncRevision } from './deployment-sync.js';
import { DEPLOYMENT_COMPONENT, type DeploymentOps } from './deployment-ops.js';

/** getRollbackTo: the revision in the deprecated `deprecated.deployment.rollback.to` annotation (invalid → none). */
export function getRollbackTo(d: KubeObject): number | undefined {
  const v = d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO];
  if (!v || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

/**
 * rollback (pkg/controller/deployment/rollback.go): the controller-side roll-back requested by
 * the deprecated annotation (what extensions/v1beta1 `spec.rollbackTo` became). Revision 0
 * means the last revision. Copies that RS's template and annotations into the Deployment and
 * clears the annotation, with events DeploymentRollback / DeploymentRollbackRevisionNotFound /
 * DeploymentRollbackTemplateUnchanged.
 */
export function rollbackFromAnnotation(ops: DeploymentOps, d: KubeObject, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, true);
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  let revision = getRollbackTo(d)!;
  const warn = (reason: string, message: string) => ops.ctx.events.record(d, 'Warning', reason, message, DEPLOYMENT_COMPONENT);
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      warn('DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      return updateAndClearRollbackTo(ops, d);
    }
  }
  for (const rs of all) {
    if (revisionOf(rs) !== revision) continue;
    if (!equalIgnoreHash(d.spec.template, rs.spec?.template)) {
      const template = structuredClone(rs.spec.template);
      if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
      d.spec = { ...d.spec, template };
      d.metadata.annotations = deploymentAnnotationsFromReplicaSet(d, rs);
      updateAndClearRollbackTo(ops, d);
      ops.ctx.events.record(d, 'Normal', 'DeploymentRollback', `Rolled back deployment "${d.metadata.name}" to revision ${revision}`, DEPLOYMENT_COMPONENT);
      return;
    }
    warn('DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
    return updateAndClearRollbackTo(ops, d);
  }
  warn('DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
  updateAndClearRollbackTo(ops, d);
}

/** updateDeploymentAndClearRollbackTo: drop the annotation and write the Deployment (spec and metadata). */
function updateAndClearRollbackTo(ops: DeploymentOps, d: KubeObject): void {
  const annotations = { ...(d.metadata.annotations ?? {}) };
  delete annotations[DEPRECATED_ROLLBACK_TO];
  const cur = ops.ctx.store.get('Deployment', d.metadata.namespace, d.metadata.name!);
  if (!cur || cur.metadata.uid !== d.metadata.uid) return;
  const { resourceVersion: _rv, ...meta } = cur.metadata;
  ops.ctx.store.update({ ...cur, metadata: { ...meta, annotations }, spec: d.spec }, { actor: DEPLOYMENT_COMPONENT, origin: 'system' });
}
