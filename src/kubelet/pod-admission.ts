/**
 * The kubelet's pod admission (pkg/kubelet/lifecycle/predicate.go, predicateAdmitHandler with
 * generalFilter = scheduler.AdmissionCheck + NoExecute taints): a pod bound to this node that does
 * not fit is rejected (Kubelet.rejectPod: a Warning event and status Failed with the reason and
 * "Pod was rejected: <message>"). Reasons in upstream's order, the first one wins:
 * resources (OutOfpods, OutOfcpu, OutOfmemory, OutOfephemeral-storage, OutOf<scalar>),
 * NodeAffinity, NodeName, NodePorts, TaintToleration (NoExecute only, not for static pods).
 */
import type { KubeObject } from '../store/types.js';
import { fitsRequest } from '../scheduler/node-resources-fit.js';
import { NodeInfo } from '../scheduler/node-info.js';
import { newPodInfo } from '../scheduler/pod-info.js';
import { ERR_REASON_NODE_AFFINITY, requiredNodeAffinityMatches } from '../scheduler/node-affinity.js';
import { ERR_REASON_NODE_PORTS } from '../scheduler/node-ports.js';
import { ERR_REASON_NODE_NAME } from '../scheduler/node-name.js';
import { tolerationsTolerateTaint, type Taint } from '../scheduler/toleration.js';
import { isStaticPod } from './eviction-ranking.js';

export interface PodRejection {
  reason: string;
  message: string;
}

/** tainttoleration.ErrReasonNotMatch. */
const ERR_REASON_TAINTS = "node(s) had taints that the pod didn't tolerate";

const predicate = (name: string, desc: string): PodRejection => ({ reason: name, message: `Predicate ${name} failed: ${desc}` });

/** canAdmitPod: undefined when `pod` fits next to the node's other active pods. */
export function admitPod(pod: KubeObject, node: KubeObject, active: readonly KubeObject[]): PodRejection | undefined {
  // The same NodeInfo the scheduler keeps (upstream: schedulerframework.NewNodeInfo(pods...)).
  const info = new NodeInfo(node);
  for (const o of active) info.addPod(newPodInfo(o));
  const self = newPodInfo(pod);
  const insufficient = fitsRequest(self.res, info);
  if (insufficient.length) {
    const r = insufficient[0]!;
    // lifecycle.InsufficientResourceError
    return { reason: `OutOf${r.resource}`, message: `Node didn't have enough resource: ${r.resource}, requested: ${r.requested}, used: ${r.used}, capacity: ${r.capacity}` };
  }
  const name = node.metadata.name!;
  if (!requiredNodeAffinityMatches(pod, { name, labels: node.metadata.labels ?? {} })) return predicate('NodeAffinity', ERR_REASON_NODE_AFFINITY);
  if (pod.spec?.nodeName && pod.spec.nodeName !== name) return predicate('NodeName', ERR_REASON_NODE_NAME);
  if (self.hostPorts?.some((p) => info.portConflict(p))) return predicate('NodePorts', ERR_REASON_NODE_PORTS);
  // generalFilter: "Check taint/toleration except for static pods".
  const taints: Taint[] = isStaticPod(pod) ? [] : (node.spec?.taints ?? []);
  for (const t of taints) {
    if (t.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(pod.spec?.tolerations, t)) return predicate('TaintToleration', ERR_REASON_TAINTS);
  }
  return undefined;
}
