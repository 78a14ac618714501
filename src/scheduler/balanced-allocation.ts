import { MAX_NODE_SCORE, type CycleState, type ScorePlugin, type Scores } from './framework.js';
import type { NodeInfo } from './node-info.js';

/**
 * balancedResourceScorer (plugins/noderesources/balanced_allocation.go): with the cpu and
 * memory fractions requested/allocatable (each capped at 1), score = (1 - |f1 - f2| / 2) * 100,
 * truncated. Uses the real requests (useRequested), not the non-zero ones.
 */
export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** NodeResourcesBalancedAllocation (weight 1). */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(state: CycleState, node: NodeInfo): number {
    const r = state.pod.res;
    const ac = node.allocCPU;
    const am = node.allocMemory;
    // balancedScore for the two default resources, without allocating.
    if (ac === 0 || am === 0) return balancedScore([node.reqCPU + r.milliCPU, node.reqMemory + r.memory], [ac, am]);
    let fc = (node.reqCPU + r.milliCPU) / ac;
    if (fc > 1) fc = 1;
    let fm = (node.reqMemory + r.memory) / am;
    if (fm > 1) fm = 1;
    return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
  },
  scoreAll(state: CycleState, nodes: readonly NodeInfo[], out: Scores, slots: Int32Array): void {
    const r = state.pod.res;
    const podCPU = r.milliCPU;
    const podMem = r.memory;
    const c = state.cache.cols;
    const allocCPU = c.allocCPU;
    const allocMemory = c.allocMemory;
    const reqCPU = c.reqCPU;
    const reqMemory = c.reqMemory;
    const keyCPU = c.balKeyCPU;
    const keyMemory = c.balKeyMemory;
    const memo = c.balScore;
    for (let i = 0; i < nodes.length; i++) {
      const s = slots[i]!;
      if (keyCPU[s] === podCPU && keyMemory[s] === podMem) {
        out[i] = memo[s]!;
        continue;
      }
      const ac = allocCPU[s]!;
      const am = allocMemory[s]!;
      let v: number;
      if (ac === 0 || am === 0) v = balancedScore([reqCPU[s]! + podCPU, reqMemory[s]! + podMem], [ac, am]);
      else {
        let fc = (reqCPU[s]! + podCPU) / ac;
        if (fc > 1) fc = 1;
        let fm = (reqMemory[s]! + podMem) / am;
        if (fm > 1) fm = 1;
        v = Math.trunc((1 - Math.abs((fc - fm) * 0.5)) * MAX_NODE_SCORE);
      }
      out[i] = v;
      memo[s] = v;
      keyCPU[s] = podCPU;
      keyMemory[s] = podMem;
    }
  },
};
