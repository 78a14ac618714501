import type { ScaleStep } from '../../../generated/scenario.js';
import type { StepHandler } from './types.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { WriteSession } from './write-outcome.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** `scale: {target, replicas}`: kubectl scale (the scale subresource sets spec.replicas); prints `deployment.apps/web scaled`. */
export const scale: StepHandler = (arg: ScaleStep, rt) => {
  const t = mustParseTarget(arg.target, arg.namespace);
  if (!SCALABLE.has(t.kind)) rt.inputError('INVALID_TARGET', `cannot scale ${t.info.resource}: only deployments, replicasets, statefulsets and replicationcontrollers have a scale subresource`, ['target']);
  const name = kubectlName(t.kind, t.name);
  const session = new WriteSession(rt);
  session.run(name, undefined, ['target'], () => {
    rt.cluster.store.patch(t.kind, t.namespace, t.name, { spec: { replicas: arg.replicas } }, 'merge', { actor: 'scenario' });
    return `${name} scaled`;
  });
  session.finish();
};
