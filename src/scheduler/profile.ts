import type { CycleState, FilterPlugin, ScorePlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { unresolvable, type Status } from './status.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { nodeName } from './node-name.js';
import { taintToleration } from './taint-toleration.js';
import { nodeAffinity } from './node-affinity.js';
import { nodePorts } from './node-ports.js';
import { nodeResourcesFit } from './node-resources-fit.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { balancedAllocation } from './balanced-allocation.js';
import { imageLocality } from './image-locality.js';

const PLAIN_SKIPPABLE: ReadonlySet<FilterPlugin> = new Set([nodeUnschedulable, nodeName, taintToleration]);

/** The outcome of PreFilter for one pod. */
export interface PreFilterResult {
  status?: Status;
  nodeNames?: ReadonlySet<string>;
  /** The plugins whose PreFilter asked for the node set (for the "didn't satisfy plugin(s)" message). */
  narrowedBy: string[];
  /** Filters to run (the ones that did not Skip). */
  filters: FilterPlugin[];
}

/**
 * The default profile (pkg/scheduler/apis/config/v1/default_plugins.go, 1.30), in plugin order.
 * Volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone) are not
 * modelled: pods without PVC-backed volumes pass them.
 */
export class Profile {
  readonly filters: FilterPlugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, podTopologySpread, interPodAffinity];
  /** How many leading filters a plain node skips, per filter list (one list per cycle). */
  private readonly plainSkip = new WeakMap<readonly FilterPlugin[], number>();
  readonly scores: ScorePlugin[] = [taintToleration, nodeAffinity, nodeResourcesFit, podTopologySpread, interPodAffinity, balancedAllocation, imageLocality];

  /** RunPreFilterPlugins: the first rejection wins; node sets intersect. */
  preFilter(state: CycleState): PreFilterResult {
    let mask = 0;
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    const all = this.filters;
    for (let i = 0; i < all.length; i++) {
      const p = all[i]!;
      const r = p.preFilter?.(state);
      if (r?.status) return { status: r.status, narrowedBy, filters: this.filterList(mask) };
      if (r?.skip) continue;
      mask |= 1 << i;
      if (r?.nodeNames) {
        narrowedBy.push(p.name);
        nodeNames = nodeNames === undefined ? new Set(r.nodeNames) : new Set([...nodeNames].filter((n) => r.nodeNames!.has(n)));
        if (nodeNames.size === 0) {
          const msg = narrowedBy.length === 1 ? `node(s) didn't satisfy plugin ${narrowedBy[0]}` : `node(s) didn't satisfy plugin(s) [${narrowedBy.join(' ')}] simultaneously`;
          return { status: unresolvable(narrowedBy[0]!, msg), narrowedBy, filters: this.filterList(mask) };
        }
      }
    }
    const filters = this.filterList(mask);
    return nodeNames === undefined ? { narrowedBy, filters } : { nodeNames, narrowedBy, filters };
  }

  /** The filters that did not Skip, one shared (never mutated) list per set of plugins. */
  private readonly listsByMask = new Map<number, FilterPlugin[]>();
  private filterList(mask: number): FilterPlugin[] {
    const all = this.filters;
    let list = this.listsByMask.get(mask);
    if (list !== undefined) {
      // Still the same plugins (the profile's list may have been extended since).
      let j = 0;
      let same = true;
      for (let i = 0; i < all.length && same; i++) if ((mask & (1 << i)) !== 0) same = list[j++] === all[i];
      if (same && j === list.length) return list;
    }
    list = [];
    for (let i = 0; i < all.length; i++) if ((mask & (1 << i)) !== 0) list.push(all[i]!);
    this.listsByMask.set(mask, list);
    return list;
  }

  private readonly plainLists = new WeakMap<readonly FilterPlugin[], FilterPlugin[]>();

  /** `filters` without the ones that always pass on a plain node for a pod without spec.nodeName. */
  plainFilters(filters: FilterPlugin[]): FilterPlugin[] {
    let out = this.plainLists.get(filters);
    if (out === undefined) {
      let skip = 0;
      while (skip < filters.length && PLAIN_SKIPPABLE.has(filters[skip]!)) skip++;
      out = skip === 0 ? filters : filters.slice(skip);
      this.plainLists.set(filters, out);
    }
    return out;
  }

  /** RunFilterPlugins: the first failing plugin's status (null = fits). */
  runFilters(state: CycleState, filters: readonly FilterPlugin[], node: NodeInfo): Status | null {
    // Fast path with the same outcome: on a node without taints that is not cordoned, the
    // leading NodeUnschedulable / NodeName (no spec.nodeName here) / TaintToleration pass.
    let i = 0;
    if (node.plain && state.plainPod) {
      let skip = this.plainSkip.get(filters);
      if (skip === undefined) {
        skip = 0;
        while (skip < filters.length && PLAIN_SKIPPABLE.has(filters[skip]!)) skip++;
        this.plainSkip.set(filters, skip);
      }
      i = skip;
    }
    for (; i < filters.length; i++) {
      const st = filters[i]!.filter(state, node);
      if (st !== null) return st;
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to
   * this node, the filters must pass both with them added and without them.
   */
  runFiltersWithNominated(state: CycleState, filters: readonly FilterPlugin[], node: NodeInfo, nominated: readonly PodInfo[] | undefined): Status | null {
    if (nominated && nominated.length > 0) {
      let copy: NodeInfo | undefined;
      let stateCopy: CycleState | undefined;
      for (const np of nominated) {
        if (np.uid === state.pod.uid || np.priority < state.pod.priority) continue;
        copy ??= node.clone();
        stateCopy ??= state.clone();
        copy.addPod(np);
        for (const f of filters) f.addPod?.(stateCopy, np, copy);
      }
      if (copy && stateCopy) {
        const st = this.runFilters(stateCopy, filters, copy);
        if (st !== null) return st;
      }
    }
    return this.runFilters(state, filters, node);
  }

  /** Filters a dry run re-checks with an edited node: the state extensions keep counts right. */
  addPod(state: CycleState, filters: readonly FilterPlugin[], pod: PodInfo, node: NodeInfo): void {
    node.addPod(pod);
    for (const f of filters) f.addPod?.(state, pod, node);
  }

  removePod(state: CycleState, filters: readonly FilterPlugin[], pod: PodInfo, node: NodeInfo): void {
    node.removePod(pod);
    for (const f of filters) f.removePod?.(state, pod, node);
  }
}
