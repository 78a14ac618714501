import type { RolloutStep } from '../../../generated/scenario.js';
import type { StepHandler, StepRuntime } from './types.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { ApiError, type KubeObject } from '../../store/types.js';
import { toTimestamp } from '../../api/time.js';
import { errorText } from './write-outcome.js';
import { RollbackError, rollbackDeployment } from '../../controllers/deployment-rollback.js';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * `rollout: {undo: T, toRevision: N} | {pause: T} | {resume: T} | {restart: T}` like kubectl
 * rollout (Deployments; pause/resume/restart as kubectl's polymorphic helpers). Prints
 * `deployment.apps/web rolled back|paused|resumed|restarted`; kubectl's errors
 * (`error: unable to find specified revision 5 in history`, `error: deployments.apps "web" is
 * already paused`...) fail the step unless the step's expectError matches them.
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
  let line: string;
  try {
    if (t.kind !== 'Deployment') throw new RollbackError(`rollout ${verb} is only modelled for deployments, not ${resource} "${t.name}"`);
    const d = store.get(t.kind, t.namespace, t.name);
    if (!d) throw new ApiError(404, 'NotFound', `${resource} "${t.name}" not found`);
    line = `${name} ${run(verb, d, arg.toRevision ?? 0, resource, store, opts, rt)}`;
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
      store.patch('Deployment', ns, n, { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: toTimestamp(rt.cluster.engine.now) } } } } }, 'strategic', opts);
      return 'restarted';
  }
}
