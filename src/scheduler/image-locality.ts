import type { CycleState, ScorePlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';

/**
 * ImageLocality (weight 1) needs image sizes from node.status.images, which the simulated
 * kubelet does not report with sizes; every node scores 0, so it never changes a choice.
 * (Upstream: sum of sizes of the pod's images present on the node, scaled by spread, mapped
 * linearly between 23MB and 1000MB per container.)
 */
export const imageLocality: ScorePlugin = {
  name: 'ImageLocality',
  weight: 1,
  preScore(): boolean {
    return false;
  },
  score(_state: CycleState, _node: NodeInfo): number {
    return 0;
  },
};
