import type { RolloutStep } from '../../../generated/scenario.js';
import type { StepHandler, StepRuntime } from './types.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { ApiError, type KubeObject } from '../../store/types.js';
import { errorText } from './write-outcome.js';
import { RollbackError, rollbackDeployment } from '../../controllers/deployment-rollback.js';
import { rolloutStatefulSet } from './rollout-statefulset.js';
import { rolloutRestart } from './rollout-restart.js';

export { RESTARTED_AT_ANNOTATION } from './rollout-restart.js';

/**
 * `rollout: {undo: T, toRevision: N} | {pause: T} | {resume: T} | {restart: T}` like kubectl
 * rollout (Deployments; pause/resume/restart as kubectl's polymorphic helpers). Prints
 * `deployment.apps/web rolled back|paused|resumed|restarted` (undo of the current template:
 * `skipped rollback (current template already matches revision N)`, which kubectl does not
 * treat as an error).
 *
 * Errors, in the scenario's usual style:
 * - a target that does not exist is bad input (exit 2, OBJECT_NOT_FOUND at the target), as for
 *   `scale` and `cordon`; a kind other than Deployment is not modelled (exit 2, INVALID_TARGET);
 * - kubectl's own refusals, which depend on the cluster's state at that moment (`error: unable
 *   to find specified revision 5 in history`, `error: you cannot rollback a paused deployment;
 *   ...`, `error: deployments.apps "web" is already paused`, a second restart within the same
 *   second...), fail the step (exit 1) like a failed `drain`, with kubectl's message, unless the
 *   step's `expectError` matches it (message substring; reason for API errors).
 */
export const rollout: StepHandler = (arg: RolloutStep, rt) => {
  const verbs = (['undo', 'pause', 'resume', 'restart'] as const).filter((v) => arg[v] !== undefined);
  if (verbs.length !== 1) rt.inputError('INVALID_STEP', 'rollout needs exactly one of undo, pause, resume, restart', []);
  const verb = verbs[0]!;
  if (arg.toRevision !== undefined && verb !== 'undo') rt.inputError('INVALID_STEP', 'toRevision is only valid with undo', ['toRevision']);
  const t = mustParseTarget(arg[verb]!, arg.namespace);
  const name = kubectlName(t.kind, t.name);
  const resource = `${t.info.resource}${t.info.group ? `.${t.info.group}` : ''}`;
  const store = rt.cluster.store;
  const opts = { actor: 'scenario' };
  if (t.kind !== 'Deployment' && t.kind !== 'StatefulSet') rt.inputError('INVALID_TARGET', `rollout ${verb} is only modelled for deployments and statefulsets, not ${resource} "${t.name}"`, [verb]);
  let line: string;
  try {
    const d = store.get(t.kind, t.namespace, t.name);
    if (!d) {
      const e = new ApiError(404, 'NotFound', `${resource} "${t.name}" not found`);
      // Bad input like scale's or cordon's missing target (exit 2), unless expectError names it.
      if (!rt.step?.expectError) {
        rt.log(errorText(e));
        rt.inputError('OBJECT_NOT_FOUND', errorText(e), [verb]);
      }
      throw e;
    }
    line = `${name} ${t.kind === 'StatefulSet' ? rolloutStatefulSet(verb, d, arg.toRevision ?? 0, resource, store, opts, rt.cluster.engine.now) : run(verb, d, arg.toRevision ?? 0, resource, store, opts, rt)}`;
  } catch (e) {
    const msg = e instanceof ApiError ? errorText(e) : e instanceof RollbackError ? `error: ${e.message}` : undefined;
    if (msg === undefined) throw e;
    rt.log(msg);
    const x = rt.step?.expectError as { reason?: string; message?: string } | undefined;
    if (x && (x.message === undefined || msg.includes(x.message)) && (x.reason === undefined || (e instanceof ApiError && e.reason === x.reason))) return;
    return rt.fail(msg);
  }
  rt.log(line);
  if (rt.step?.expectError) rt.fail(`expected kubectl rollout ${verb} to fail, but it printed: ${line}`);
};

function run(verb: 'undo' | 'pause' | 'resume' | 'restart', d: KubeObject, toRevision: number, resource: string, store: StepRuntime['cluster']['store'], opts: { actor: string }, rt: StepRuntime): string {
  const ns = d.metadata.namespace;
  const n = d.metadata.name!;
  switch (verb) {
    case 'undo':
      return rollbackDeployment(store, d, toRevision, opts);
    case 'pause':
      // polymorphichelpers defaultObjectPauser
      if (d.spec?.paused) throw new RollbackError(`${resource} "${n}" is already paused`);
      store.patch('Deployment', ns, n, { spec: { paused: true } }, 'strategic', opts);
      return 'paused';
    case 'resume':
      if (!d.spec?.paused) throw new RollbackError(`${resource} "${n}" is not paused`);
      store.patch('Deployment', ns, n, { spec: { paused: null } }, 'strategic', opts);
      return 'resumed';
    case 'restart':
      if (d.spec?.paused) throw new RollbackError(`${resource} "${n}" can't restart paused deployment (run rollout resume first)`);
      return rolloutRestart('Deployment', d, store, opts, rt.cluster.engine.now);
  }
}
