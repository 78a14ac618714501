/**
 * The kubelet's pod admission (pkg/kubelet/lifecycle/predicate.go, predicateAdmitHandler with
 * generalFilter = scheduler.AdmissionCheck + NoExecute taints): a pod bound to this node that does
 * not fit is rejected (Kubelet.rejectPod: a Warning event and status Failed with the reason and
 * "Pod was rejected: <message>"). Reasons in upstream's order, the first one wins:
 * resources (OutOfpods, OutOfcpu, OutOfmemory, OutOfephemeral-storage, OutOf<scalar>),
 * NodeAffinity, NodeName, NodePorts, TaintToleration (NoExecute only).
 */
import type { KubeObject } from '../store/types.js';
import { fitsRequest } from '../scheduler/node-resources-fit.js';
import type { NodeInfo } from '../scheduler/node-info.js';
import { computePodResources, nodeAllocatable } from '../scheduler/resources.js';
import { ERR_REASON_NODE_AFFINITY, requiredNodeAffinityMatches } from '../scheduler/node-affinity.js';
import { ERR_REASON_NODE_PORTS } from '../scheduler/node-ports.js';
import { ERR_REASON_NODE_NAME } from '../scheduler/node-name.js';
import { tolerationsTolerateTaint, type Taint } from '../scheduler/toleration.js';

export interface PodRejection {
  reason: string;
  message: string;
}

/** tainttoleration.ErrReasonNotMatch. */
const ERR_REASON_TAINTS = "node(s) had taints that the pod didn't tolerate";

const predicate = (name: string, desc: string): PodRejection => ({ reason: name, message: `Predicate ${name} failed: ${desc}` });

function hostPorts(pod: KubeObject): { ip: string; protocol: string; port: number }[] {
  const out: { ip: string; protocol: string; port: number }[] = [];
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const c of all) {
    for (const p of c?.ports ?? []) {
      if (!p?.hostPort) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

function portsConflict(pod: KubeObject, others: readonly KubeObject[]): boolean {
  const want = hostPorts(pod);
  if (want.length === 0) return false;
  for (const o of others) {
    for (const used of hostPorts(o)) {
      for (const w of want) {
        if (w.port !== used.port || w.protocol !== used.protocol) continue;
        // HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every address.
        if (w.ip === '0.0.0.0' || used.ip === '0.0.0.0' || w.ip === used.ip) return true;
      }
    }
  }
  return false;
}

/** canAdmitPod: undefined when `pod` fits next to the node's other active pods. */
export function admitPod(pod: KubeObject, node: KubeObject, active: readonly KubeObject[]): PodRejection | undefined {
  const alloc = nodeAllocatable(node);
  let reqCPU = 0;
  let reqMemory = 0;
  let reqEphemeral = 0;
  const reqScalar: Record<string, number> = {};
  for (const o of active) {
    const r = computePodResources(o);
    reqCPU += r.milliCPU;
    reqMemory += r.memory;
    reqEphemeral += r.ephemeralStorage;
    if (r.scalar) for (const k of Object.keys(r.scalar)) reqScalar[k] = (reqScalar[k] ?? 0) + r.scalar[k]!;
  }
  const info = { allocatable: alloc, podCount: active.length, reqCPU, reqMemory, reqEphemeral, reqScalar } as unknown as NodeInfo;
  const insufficient = fitsRequest(computePodResources(pod), info);
  if (insufficient.length) {
    const r = insufficient[0]!;
    // lifecycle.InsufficientResourceError
    return { reason: `OutOf${r.resource}`, message: `Node didn't have enough resource: ${r.resource}, requested: ${r.requested}, used: ${r.used}, capacity: ${r.capacity}` };
  }
  const name = node.metadata.name!;
  if (!requiredNodeAffinityMatches(pod, { name, labels: node.metadata.labels ?? {} })) return predicate('NodeAffinity', ERR_REASON_NODE_AFFINITY);
  if (pod.spec?.nodeName && pod.spec.nodeName !== name) return predicate('NodeName', ERR_REASON_NODE_NAME);
  if (portsConflict(pod, active)) return predicate('NodePorts', ERR_REASON_NODE_PORTS);
  const taints: Taint[] = node.spec?.taints ?? [];
  for (const t of taints) {
    if (t.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(pod.spec?.tolerations, t)) return predicate('TaintToleration', ERR_REASON_TAINTS);
  }
  return undefined;
}
