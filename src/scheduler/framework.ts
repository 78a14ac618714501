import { nothing, type Selector } from '../api/selector.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { SchedulerCache } from './scheduler-cache.js';
import type { Status } from './status.js';

/** MaxNodeScore (framework/interface.go). */
export const MAX_NODE_SCORE = 100;

/**
 * framework.CycleState: what PreFilter/PreScore computed for the pod being scheduled, read by
 * Filter/Score. Plugin data lives under the plugin's name; `clone` is used by preemption dry runs.
 */
export class CycleState {
  readonly data = new Map<string, PluginState>();
  /** No spec.nodeName: NodeName passes everywhere (the scheduler never sees assigned pods). */
  readonly plainPod: boolean;
  constructor(
    readonly pod: PodInfo,
    readonly cache: SchedulerCache,
    readonly now: number,
    /** helper.DefaultSelector: the selectors of the pod's Services and controller (system default spreading). */
    readonly defaultSelector: (pod: PodInfo) => Selector = () => nothing(),
  ) {
    this.plainPod = !pod.pod.spec?.nodeName;
  }

  clone(): CycleState {
    const c = new CycleState(this.pod, this.cache, this.now, this.defaultSelector);
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    return c;
  }
}

export interface PluginState {
  clone(): PluginState;
}

/** PreFilterResult: undefined = all nodes; a set restricts the nodes to evaluate. */
export interface PreFilterOutcome {
  status?: Status;
  /** The plugin has nothing to check for this pod (Skip): its Filter is not run. */
  skip?: boolean;
  nodeNames?: ReadonlySet<string>;
}

export interface FilterPlugin {
  readonly name: string;
  preFilter?(state: CycleState): PreFilterOutcome | undefined;
  /** null = Success. */
  filter(state: CycleState, node: NodeInfo): Status | null;
  /** PreFilterExtensions.AddPod / RemovePod: keep the cycle state right while a dry run edits a node. */
  addPod?(state: CycleState, pod: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: PodInfo, node: NodeInfo): void;
}

/** A node score list: scores[i] is nodes[i]'s (a plain or typed array). */
export interface Scores {
  [i: number]: number;
  readonly length: number;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /**
   * false = Skip (the plugin scores nothing for this pod: every node gets 0 from it). Also false
   * when every node would get the same normalised score (a constant added to every node's
   * total cannot change the choice). `slots`, when given: nodes[i].slot, the nodes being the cache's.
   */
  preScore?(state: CycleState, nodes: readonly NodeInfo[], slots?: Int32Array): boolean;
  score(state: CycleState, node: NodeInfo): number;
  /**
   * score() for nodes[0..n) into out[0..n) in one loop (the scheduling cycle's path); same
   * numbers. slots[i] is nodes[i].slot: the nodes are state.cache's, their numbers in its columns.
   */
  scoreAll?(state: CycleState, nodes: readonly NodeInfo[], out: Scores, slots: Int32Array): void;
  /** ScoreExtensions.NormalizeScore, in place. */
  normalize?(state: CycleState, scores: Scores, nodes: readonly NodeInfo[]): void;
}

/**
 * helper.DefaultNormalizeScore (framework/plugins/helper/normalize_score.go): scale to
 * 0..maxPriority by the highest score (integer division); `reverse` flips. All zero: 0, or
 * maxPriority when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Scores): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
