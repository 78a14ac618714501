import { MAX_NODE_SCORE, type CycleState, type FilterPlugin, type ScorePlugin, type Scores } from './framework.js';
import type { NodeInfo } from './node-info.js';
import type { PodResources } from './resources.js';
import { unschedulable, type Status } from './status.js';

/** One insufficient resource (noderesources.InsufficientResource). */
export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/**
 * fitsRequest (plugins/noderesources/fit.go): pods first ("Too many pods"), then cpu, memory,
 * ephemeral-storage and scalar resources, each `allocatable < request + requested on node`.
 * A pod requesting nothing only checks the pod count.
 */
export function fitsRequest(r: PodResources, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const a = node.allocatable;
  if (node.podCount + 1 > a.pods) out.push({ resource: 'pods', reason: 'Too many pods', requested: 1, used: node.podCount, capacity: a.pods });
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalar === undefined) return out;
  if (a.milliCPU < r.milliCPU + node.reqCPU) out.push({ resource: 'cpu', reason: 'Insufficient cpu', requested: r.milliCPU, used: node.reqCPU, capacity: a.milliCPU });
  if (a.memory < r.memory + node.reqMemory) out.push({ resource: 'memory', reason: 'Insufficient memory', requested: r.memory, used: node.reqMemory, capacity: a.memory });
  if (a.ephemeralStorage < r.ephemeralStorage + node.reqEphemeral) {
    out.push({ resource: 'ephemeral-storage', reason: 'Insufficient ephemeral-storage', requested: r.ephemeralStorage, used: node.reqEphemeral, capacity: a.ephemeralStorage });
  }
  if (r.scalar) {
    for (const k of Object.keys(r.scalar).sort()) {
      const have = a.scalar?.[k] ?? 0;
      const used = node.reqScalar?.[k] ?? 0;
      if (have < r.scalar[k]! + used) out.push({ resource: k, reason: `Insufficient ${k}`, requested: r.scalar[k]!, used, capacity: have });
    }
  }
  return out;
}

/** leastRequestedScore (least_allocated.go): (capacity - requested) * 100 / capacity, 0 when over. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * NodeResourcesFit. Filter: every insufficient resource is a reason (Unschedulable, so
 * preemption may help). Score (weight 1), strategy LeastAllocated over cpu and memory with
 * weight 1 each, on NonZeroRequested: the node's non-zero requests plus the pod's.
 */
export const nodeResourcesFit: FilterPlugin & ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(state: CycleState, node: NodeInfo): Status | null {
    const r = state.pod.res;
    // Fast path: everything fits.
    if (
      node.podCount < node.allocPods &&
      node.allocCPU >= r.milliCPU + node.reqCPU &&
      node.allocMemory >= r.memory + node.reqMemory &&
      node.allocEphemeral >= r.ephemeralStorage + node.reqEphemeral &&
      r.scalar === undefined
    ) {
      return null;
    }
    const insufficient = fitsRequest(r, node);
    if (insufficient.length === 0) return null;
    return unschedulable('NodeResourcesFit', ...insufficient.map((i) => i.reason));
  },
  score(state: CycleState, node: NodeInfo): number {
    const r = state.pod.res;
    let score = 0;
    let weights = 0;
    if (node.allocCPU !== 0) {
      score += leastRequestedScore(node.nzCPU + r.nonZeroCPU, node.allocCPU);
      weights++;
    }
    if (node.allocMemory !== 0) {
      score += leastRequestedScore(node.nzMemory + r.nonZeroMemory, node.allocMemory);
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  },
  scoreAll(state: CycleState, nodes: readonly NodeInfo[], out: Scores, slots: Int32Array): void {
    const r = state.pod.res;
    const podCPU = r.nonZeroCPU;
    const podMem = r.nonZeroMemory;
    const c = state.cache.cols;
    const allocCPU = c.allocCPU;
    const allocMemory = c.allocMemory;
    const nzCPU = c.nzCPU;
    const nzMemory = c.nzMemory;
    const keyCPU = c.fitKeyCPU;
    const keyMemory = c.fitKeyMemory;
    const memo = c.fitScore;
    for (let i = 0; i < nodes.length; i++) {
      const s = slots[i]!;
      if (keyCPU[s] === podCPU && keyMemory[s] === podMem) {
        out[i] = memo[s]!;
        continue;
      }
      const ac = allocCPU[s]!;
      const am = allocMemory[s]!;
      let score = 0;
      let weights = 0;
      if (ac !== 0) {
        const req = nzCPU[s]! + podCPU;
        score += req > ac ? 0 : Math.trunc(((ac - req) * MAX_NODE_SCORE) / ac);
        weights++;
      }
      if (am !== 0) {
        const req = nzMemory[s]! + podMem;
        score += req > am ? 0 : Math.trunc(((am - req) * MAX_NODE_SCORE) / am);
        weights++;
      }
      // score / 2 is score * 0.5 exactly (a power of two); score / 1 is score (an integer).
      const v = weights === 2 ? Math.trunc(score * 0.5) : weights === 1 ? score : 0;
      out[i] = v;
      memo[s] = v;
      keyCPU[s] = podCPU;
      keyMemory[s] = podMem;
    }
  },
};
