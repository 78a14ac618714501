import { resolveKind } from '../../api/kinds.js';
import { labelSelectorAsSelector } from '../../api/selector.js';
import type { NodeAgent } from '../../kubelet/node-agent.js';
import type { KubeObject } from '../../store/types.js';
import { parseTarget } from '../target.js';
import type { StepRuntime } from './types.js';

/** A pod picked by a fault step, with the kubelet that runs it. */
export interface PodFaultTarget {
  pod: KubeObject;
  key: string;
  agent: NodeAgent;
}

/**
 * The pods a fault step (failProbe, healProbe, crash, setUsage) acts on: `target` (a pod, or a
 * workload whose selector picks its pods) or `selector`, in `namespace` (default "default"),
 * sorted by name. Unknown objects, unbound pods and unknown containers are input errors.
 */
export function faultTargets(arg: { target?: string; selector?: string; namespace?: string }, rt: StepRuntime): PodFaultTarget[] {
  const store = rt.cluster.store;
  const ns = arg.namespace ?? 'default';
  let pods: KubeObject[];
  if (arg.target !== undefined) {
    const r = parseTarget(arg.target, arg.namespace);
    if (!r.ok) return rt.inputError(r.code, r.message, ['target']);
    const t = r.target;
    const obj = store.get(t.kind, t.namespace, t.name);
    if (!obj) return rt.inputError('UNKNOWN_TARGET', `${t.info.resource} "${t.name}" not found`, ['target']);
    if (t.kind === 'Pod') pods = [obj];
    else {
      const sel = obj.spec?.selector;
      if (!sel || resolveKind(t.kind) === undefined) return rt.inputError('INVALID_TARGET', `${arg.target} selects no pods: use a pod or a workload with a selector`, ['target']);
      const selector = labelSelectorAsSelector(sel);
      pods = store.list('Pod', { namespace: t.namespace, labelSelector: selector });
    }
  } else if (arg.selector !== undefined) {
    pods = store.list('Pod', { namespace: ns, labelSelector: arg.selector });
  } else {
    return rt.inputError('INVALID_STEP', 'give a target or a selector', []);
  }
  if (pods.length === 0) return rt.inputError('UNKNOWN_TARGET', `no pods match ${arg.target ?? arg.selector} in namespace ${ns}`, arg.target !== undefined ? ['target'] : ['selector']);
  const out: PodFaultTarget[] = [];
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const agent = node ? rt.cluster.component<NodeAgent>(`kubelet/${node}`) : undefined;
    if (!agent) return rt.inputError('POD_NOT_RUNNING', `pod "${pod.metadata.name}" is not bound to a node with a kubelet`, arg.target !== undefined ? ['target'] : ['selector']);
    out.push({ pod, key, agent });
  }
  return out;
}

/** The container named `name` (default: the first regular container), or an input error. */
export function faultContainer(pod: KubeObject, name: string | undefined, rt: StepRuntime): string {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  if (name === undefined) return pod.spec?.containers?.[0]?.name;
  if (!all.some((c: any) => c.name === name)) return rt.inputError('UNKNOWN_CONTAINER', `container ${name} is not valid for pod ${pod.metadata.name}`, ['container']);
  return name;
}

/** The NodeAgent of a node name, or an input error naming the known nodes. */
export function nodeAgent(name: string, rt: StepRuntime): NodeAgent {
  const agent = rt.cluster.component<NodeAgent>(`kubelet/${name}`);
  if (!agent) {
    const known = rt.cluster.components.filter((c) => c.name.startsWith('kubelet/')).map((c) => c.name.slice(8));
    return rt.inputError('UNKNOWN_NODE', `node "${name}" is not in spec.cluster.nodes (nodes: ${known.join(', ') || 'none'})`, []);
  }
  return agent;
}
