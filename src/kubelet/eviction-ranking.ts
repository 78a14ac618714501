/**
 * The eviction manager's memory ranking (pkg/kubelet/eviction/helpers.go rankMemoryPressure =
 * orderedBy(exceedMemoryRequests, priority, memory)) and the inputs it reads from a pod.
 */
import { quantityBytes } from '../api/quantity.js';
import { podPriority } from '../scheduler/pod-info.js';
import type { KubeObject } from '../store/types.js';

/** One active pod of the node as the eviction manager sees it. */
export interface EvictionCandidate {
  /** `namespace/name`. */
  key: string;
  uid: string;
  pod: KubeObject;
  /** The summary API had stats for it (a pod cgroup exists: the pod worker has synced once). */
  stats: boolean;
  /** Pod working set in bytes (sum of its running containers). */
  usage: number;
  /** GetResourceRequestQuantity(pod, memory) in bytes. */
  request: number;
  /** corev1helpers.PodPriority. */
  priority: number;
  /** Working set per running container (spec order), for the eviction message. */
  containers: Array<{ name: string; usage: number }>;
}

/** v1resource.GetResourceRequestQuantity(pod, memory): Σ containers, at least each init container, plus overhead. */
export function podMemoryRequest(pod: KubeObject): number {
  const spec = pod.spec ?? {};
  let total = 0;
  for (const c of spec.containers ?? []) {
    const r = c?.resources?.requests?.memory;
    if (r !== undefined) total += quantityBytes(r);
  }
  for (const c of spec.initContainers ?? []) {
    const r = c?.resources?.requests?.memory;
    if (r !== undefined) total = Math.max(total, quantityBytes(r));
  }
  const overhead = spec.overhead?.memory;
  if (overhead !== undefined && total !== 0) total += quantityBytes(overhead);
  return total;
}

/** scheduling.SystemCriticalPriority (2 * 10^9). */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/**
 * kubelettypes.IsCriticalPod: static pods (config source other than the API), mirror pods, and
 * pods at system-critical priority or above. The eviction manager never evicts them.
 */
export function isCriticalPod(pod: KubeObject): boolean {
  if (isStaticPod(pod)) return true;
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return true;
  return podPriority(pod) >= SYSTEM_CRITICAL_PRIORITY;
}

/** kubelettypes.IsStaticPod: a config source other than the API server (`kubernetes.io/config.source`). */
export function isStaticPod(pod: KubeObject): boolean {
  const source = pod.metadata.annotations?.['kubernetes.io/config.source'];
  return source !== undefined && source !== 'api';
}

/** cmpBool: true before false. */
function cmpBool(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? -1 : 1;
}

/** exceedMemoryRequests: pods without stats first, then pods whose usage is strictly above their request. */
export function cmpExceedMemoryRequests(a: EvictionCandidate, b: EvictionCandidate): number {
  if (!a.stats || !b.stats) return cmpBool(!a.stats, !b.stats);
  return cmpBool(a.usage > a.request, b.usage > b.request);
}

/** priority: lower priority first. */
export function cmpPriority(a: EvictionCandidate, b: EvictionCandidate): number {
  return a.priority === b.priority ? 0 : a.priority < b.priority ? -1 : 1;
}

/** memory: larger usage − request first (pods without stats first). */
export function cmpMemory(a: EvictionCandidate, b: EvictionCandidate): number {
  if (!a.stats || !b.stats) return cmpBool(!a.stats, !b.stats);
  const da = a.usage - a.request;
  const db = b.usage - b.request;
  return da === db ? 0 : da > db ? -1 : 1;
}

/** The whole memory-pressure order; 0 means upstream may put either first. */
export function cmpMemoryPressure(a: EvictionCandidate, b: EvictionCandidate): number {
  return cmpExceedMemoryRequests(a, b) || cmpPriority(a, b) || cmpMemory(a, b);
}

/**
 * rankMemoryPressure. Upstream sorts with sort.Sort (not stable) over the pod manager's list
 * (map order), so pods that compare equal come in no defined order; here they keep the input
 * order (pods by namespace/name), so runs are reproducible.
 */
export function rankMemoryPressure(candidates: readonly EvictionCandidate[]): EvictionCandidate[] {
  return [...candidates].sort(cmpMemoryPressure);
}
