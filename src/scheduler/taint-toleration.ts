import { defaultNormalizeScore, MAX_NODE_SCORE, type CycleState, type FilterPlugin, type ScorePlugin, type Scores } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { PREFER_NO_SCHEDULE } from './node-columns.js';
import { unresolvable, type Status } from './status.js';
import { findUntoleratedDoNotScheduleTaint, tolerationsTolerateTaint, type Toleration } from './toleration.js';

/** The filter message (plugins/tainttoleration/taint_toleration.go). */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/**
 * TaintToleration. Filter: the first NoSchedule/NoExecute taint the pod does not tolerate.
 * Score (weight 3): the number of PreferNoSchedule taints not tolerated by the pod's
 * PreferNoSchedule (or effect-less) tolerations, normalised reversed (fewer is better).
 */
export const taintToleration: FilterPlugin & ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (node.taints.length === 0) return null;
    const t = findUntoleratedDoNotScheduleTaint(node.taints, state.pod.tolerations);
    if (!t) return null;
    return unresolvable('TaintToleration', untoleratedTaintReason(t.key, t.value));
  },
  /**
   * Upstream PreScore only collects the PreferNoSchedule tolerations. When no node has a
   * PreferNoSchedule taint every node scores 0, normalised (reversed) to 100 for all: the same
   * 300 added to every total cannot change the choice, so the plugin is not run at all.
   */
  preScore(state: CycleState, nodes: readonly NodeInfo[], slots?: Int32Array): boolean {
    if (slots !== undefined) {
      const flags = state.cache.cols.flags;
      for (let i = 0; i < slots.length; i++) if ((flags[slots[i]!]! & PREFER_NO_SCHEDULE) !== 0) return true;
      return false;
    }
    for (let i = 0; i < nodes.length; i++) if (nodes[i]!.preferNoSchedule) return true;
    return false;
  },
  score(state: CycleState, node: NodeInfo): number {
    if (!node.preferNoSchedule) return 0;
    let tol = preferTolerations.get(state);
    if (tol === undefined) {
      tol = (state.pod.tolerations ?? []).filter((t: Toleration) => !t.effect || t.effect === 'PreferNoSchedule');
      preferTolerations.set(state, tol);
    }
    let n = 0;
    for (const taint of node.taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerationsTolerateTaint(tol, taint)) n++;
    }
    return n;
  },
  normalize(_state: CycleState, scores: Scores): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },
};

const preferTolerations = new WeakMap<CycleState, Toleration[]>();
