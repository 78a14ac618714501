import type { SetUsageStep } from '../../../generated/scenario.js';
import type { KubeObject } from '../../store/types.js';
import type { StepHandler, StepRuntime } from './types.js';
import { faultContainer, faultTargets } from './pod-faults.js';

/**
 * The container setUsage acts on: the named one, else the pod's only container; a pod with
 * several containers needs `container` (kubectl's wording for the same ambiguity).
 */
function usageContainer(pod: KubeObject, name: string | undefined, rt: StepRuntime): string {
  if (name !== undefined) return faultContainer(pod, name, rt);
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  if (names.length === 1) return names[0]!;
  return rt.inputError('AMBIGUOUS_CONTAINER', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`, []);
}

/**
 * `setUsage: {target | selector, container, memory, cpu}`: the container's working set from now
 * on (for the current run of the container); it drives the kubelets' eviction manager, and a
 * working set above the container's memory limit is an OOM kill. `cpu` is accepted and has no
 * effect: the kubelet has no CPU eviction signal.
 */
export const setUsage: StepHandler = (arg: SetUsageStep, rt) => {
  if (arg.memory === undefined && arg.cpu === undefined) rt.inputError('INVALID_STEP', 'setUsage needs memory (and/or cpu)', []);
  for (const t of faultTargets(arg, rt)) {
    const c = usageContainer(t.pod, arg.container, rt);
    if (arg.memory === undefined) continue;
    if (!t.agent.setUsage(t.key, c, arg.memory)) rt.fail(`setUsage: container ${c} of pod ${t.key} is not running`);
    rt.log(`container ${t.key}/${c} now uses ${arg.memory} of memory`);
  }
};
