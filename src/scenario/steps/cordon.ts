import { ApiError } from '../../store/types.js';
import type { StepHandler, StepRuntime } from './types.js';
import { WriteSession } from './write-outcome.js';

/**
 * kubectl cordon / uncordon (staging/src/k8s.io/kubectl/pkg/drain/cordon.go): patch
 * spec.unschedulable (true, or removed: false is the omitted zero value) unless it already has
 * the desired value; prints `node/<name> cordoned` or `node/<name> already cordoned`. The node
 * lifecycle controller then adds or removes the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
export function setUnschedulable(name: string, desired: boolean, rt: StepRuntime): void {
  const word = desired ? 'cordoned' : 'uncordoned';
  const session = new WriteSession(rt);
  session.run(`node/${name}`, undefined, [], () => {
    const store = rt.cluster.store;
    const node = store.get('Node', undefined, name);
    if (!node) throw new ApiError(404, 'NotFound', `nodes "${name}" not found`);
    if ((node.spec?.unschedulable === true) === desired) return `node/${name} already ${word}`;
    store.patch('Node', undefined, name, { spec: { unschedulable: desired ? true : null } }, 'strategic', { actor: 'scenario' });
    return `node/${name} ${word}`;
  });
  session.finish();
}

/** `cordon: NODE`: mark the node unschedulable, like kubectl cordon. */
export const cordon: StepHandler = (arg: string, rt) => setUnschedulable(arg, true, rt);
