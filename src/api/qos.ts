/**
 * Pod QoS class (pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS / GetPodQOS, Kubernetes 1.30:
 * no pod-level resources). Only cpu and memory count, zero quantities are ignored, and init
 * containers count like app containers.
 */
import { parseQuantity, type Quantity } from './quantity.js';

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

type ResourceList = Readonly<Record<string, string | number>> | null | undefined;

interface ContainerLike {
  resources?: { requests?: ResourceList; limits?: ResourceList } | null;
}

/** The parts of a v1 Pod the QoS computation reads. */
export interface PodLike {
  spec?: { containers?: readonly ContainerLike[] | null; initContainers?: readonly ContainerLike[] | null } | null;
  status?: { qosClass?: string | null } | null;
}

const SUPPORTED = ['cpu', 'memory'] as const;

function addPositive(into: Map<string, Quantity>, list: ResourceList, found?: Set<string>): void {
  if (!list) return;
  for (const name of SUPPORTED) {
    const raw = list[name];
    if (raw === undefined || raw === null) continue;
    const q = parseQuantity(String(raw));
    if (q.sign() <= 0) continue;
    found?.add(name);
    const prev = into.get(name);
    into.set(name, prev ? q.add(prev) : q);
  }
}

/** ComputePodQOS: the class from the containers' requests and limits. */
export function computePodQOS(pod: PodLike): PodQOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let isGuaranteed = true;
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of all) {
    addPositive(requests, c.resources?.requests);
    const limitsFound = new Set<string>();
    addPositive(limits, c.resources?.limits, limitsFound);
    if (!limitsFound.has('memory') || !limitsFound.has('cpu')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** GetPodQOS: status.qosClass when set, else ComputePodQOS. */
export function getPodQOS(pod: PodLike): PodQOSClass {
  const s = pod.status?.qosClass;
  if (s === 'Guaranteed' || s === 'Burstable' || s === 'BestEffort') return s;
  return computePodQOS(pod);
}
