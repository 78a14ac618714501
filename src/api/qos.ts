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

/** A positive cpu or memory quantity from a resource list, or undefined (absent or <= 0). */
function positive(list: ResourceList, name: 'cpu' | 'memory'): Quantity | undefined {
  const raw = list?.[name];
  if (raw === undefined || raw === null) return undefined;
  const q = parseQuantity(String(raw));
  return q.sign() > 0 ? q : undefined;
}

const sum = (a: Quantity | undefined, b: Quantity | undefined): Quantity | undefined => (a && b ? b.add(a) : (a ?? b));

/** ComputePodQOS: the class from the containers' requests and limits. */
export function computePodQOS(pod: PodLike): PodQOSClass {
  // Sums of the positive cpu/memory requests and limits over app and init containers
  // (no allocation beyond the sums: this runs for every pod created).
  let reqCpu: Quantity | undefined;
  let reqMem: Quantity | undefined;
  let limCpu: Quantity | undefined;
  let limMem: Quantity | undefined;
  let isGuaranteed = true;
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? pod.spec?.containers : pod.spec?.initContainers;
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!.resources;
      const lc = positive(r?.limits, 'cpu');
      const lm = positive(r?.limits, 'memory');
      reqCpu = sum(reqCpu, positive(r?.requests, 'cpu'));
      reqMem = sum(reqMem, positive(r?.requests, 'memory'));
      limCpu = sum(limCpu, lc);
      limMem = sum(limMem, lm);
      if (!lc || !lm) isGuaranteed = false;
    }
  }
  if (!reqCpu && !reqMem && !limCpu && !limMem) return 'BestEffort';
  if (isGuaranteed) {
    if (reqCpu && (!limCpu || limCpu.cmp(reqCpu) !== 0)) isGuaranteed = false;
    if (reqMem && (!limMem || limMem.cmp(reqMem) !== 0)) isGuaranteed = false;
  }
  const reqCount = (reqCpu ? 1 : 0) + (reqMem ? 1 : 0);
  const limCount = (limCpu ? 1 : 0) + (limMem ? 1 : 0);
  return isGuaranteed && reqCount === limCount ? 'Guaranteed' : 'Burstable';
}

/** GetPodQOS: status.qosClass when set, else ComputePodQOS. */
export function getPodQOS(pod: PodLike): PodQOSClass {
  const s = pod.status?.qosClass;
  if (s === 'Guaranteed' || s === 'Burstable' || s === 'BestEffort') return s;
  return computePodQOS(pod);
}
