import type { KubeObject } from '../store/types.js';
import { labelSelectorAsSelector, newRequirement, nothing, type Selector } from '../api/selector.js';
import { MAX_NODE_SCORE, type CycleState, type FilterPlugin, type PluginState, type PreFilterOutcome, type ScorePlugin } from './framework.js';
import { nodeLabel, type NodeInfo } from './node-info.js';
import { requiredNodeAffinityMatches } from './node-affinity.js';
import type { PodInfo } from './pod-info.js';
import { unresolvable, unschedulable, type Status } from './status.js';
import { findUntoleratedDoNotScheduleTaint } from './toleration.js';

/** Reasons (plugins/podtopologyspread/filtering.go). */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

const HOSTNAME = 'kubernetes.io/hostname';

/** topologySpreadConstraint after filterTopologySpreadConstraints (defaults: minDomains 1, affinity Honor, taints Ignore). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

/** System default constraints (plugins/podtopologyspread/plugin.go systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

function safeSelector(ls: any): Selector {
  try {
    return labelSelectorAsSelector(ls);
  } catch {
    return nothing();
  }
}

/** filterTopologySpreadConstraints: those with this whenUnsatisfiable, matchLabelKeys merged in. */
export function filterConstraints(pod: PodInfo, action: string): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of (pod.pod.spec?.topologySpreadConstraints ?? []) as any[]) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== action) continue;
    let selector = safeSelector(c.labelSelector);
    for (const k of (c.matchLabelKeys ?? []) as string[]) {
      const v = pod.labels[k];
      if (v !== undefined && selector.selectable()) selector = selector.add(newRequirement(k, 'in', [v]));
    }
    out.push({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

function labelsHaveKeys(labels: Readonly<Record<string, string>>, cs: readonly SpreadConstraint[]): boolean {
  for (const c of cs) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

/** topologySpreadConstraint.matchNodeInclusionPolicies. */
function included(c: SpreadConstraint, pod: KubeObject, node: NodeInfo, affinityOk: () => boolean): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !affinityOk()) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedDoNotScheduleTaint(node.taints, pod.spec?.tolerations)) return false;
  return true;
}

class FilterState implements PluginState {
  /** `key\0value` -> matching pods (TpPairToMatchNum). */
  pairs = new Map<string, number>();
  private minCache = new Map<string, number>();
  domains = new Map<string, number>();
  constructor(readonly constraints: SpreadConstraint[]) {}

  clone(): PluginState {
    const c = new FilterState(this.constraints);
    c.pairs = new Map(this.pairs);
    c.domains = new Map(this.domains);
    return c;
  }

  add(key: string, value: string, n: number): void {
    this.pairs.set(`${key}\u0000${value}`, (this.pairs.get(`${key}\u0000${value}`) ?? 0) + n);
    this.minCache.delete(key);
  }

  /** preFilterState.minMatchNum: the global minimum, 0 while there are fewer domains than minDomains. */
  minMatchNum(key: string, minDomains: number): number {
    if ((this.domains.get(key) ?? 0) < minDomains) return 0;
    let m = this.minCache.get(key);
    if (m === undefined) {
      m = Number.MAX_SAFE_INTEGER;
      const prefix = `${key}\u0000`;
      for (const [k, v] of this.pairs) if (k.startsWith(prefix) && v < m) m = v;
      this.minCache.set(key, m);
    }
    return m;
  }
}

class ScoreState implements PluginState {
  ignored = new Set<string>();
  /** TopologyPairToPodCounts: topologyKey -> value -> matching pods (non-hostname keys). */
  pairCounts = new Map<string, Map<string, number>>();
  /** Per constraint: the per-node counts for hostname constraints (countPodsMatchSelector). */
  hostCounts: Array<ReadonlyMap<string, number> | undefined> = [];
  weights: number[] = [];
  constructor(
    readonly constraints: SpreadConstraint[],
    readonly requireAll: boolean,
  ) {}
  clone(): PluginState {
    return this;
  }
}

function matchCount(state: CycleState, c: SpreadConstraint, node: string): number {
  if (c.selector.empty() || !c.selector.selectable()) return 0;
  return state.cache.counts(state.pod.namespace, c.selector).perNode.get(node) ?? 0;
}

/**
 * PodTopologySpread. Filter (DoNotSchedule constraints): for each constraint, the node must
 * have the topology key, and `matching pods in its domain + self - global minimum ≤ maxSkew`.
 * Score (weight 2, ScheduleAnyway constraints, or the system defaults built from the pod's
 * Services/ReplicaSet/StatefulSet selector): per constraint `count·log(domains+2) + maxSkew-1`,
 * normalised so the emptiest domain scores 100.
 */
export const podTopologySpread: FilterPlugin & ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  preFilter(state: CycleState): PreFilterOutcome | undefined {
    const constraints = filterConstraints(state.pod, 'DoNotSchedule');
    if (constraints.length === 0) return { skip: true };
    const s = new FilterState(constraints);
    const pod = state.pod.pod;
    for (const ni of state.cache.list()) {
      if (!labelsHaveKeys(ni.labels, constraints)) continue;
      let aff: boolean | undefined;
      const affinityOk = (): boolean => (aff ??= requiredNodeAffinityMatches(pod, ni));
      for (const c of constraints) {
        if (!included(c, pod, ni, affinityOk)) continue;
        const v = ni.labels[c.topologyKey]!;
        const k = `${c.topologyKey}\u0000${v}`;
        if (!s.pairs.has(k)) s.domains.set(c.topologyKey, (s.domains.get(c.topologyKey) ?? 0) + 1);
        s.add(c.topologyKey, v, matchCount(state, c, ni.name));
      }
    }
    state.data.set('PodTopologySpread/filter', s);
    return undefined;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const s = state.data.get('PodTopologySpread/filter') as FilterState;
    for (const c of s.constraints) {
      const v = node.labels[c.topologyKey];
      if (v === undefined) return unresolvable('PodTopologySpread', ERR_REASON_NODE_LABEL_NOT_MATCH);
      const min = s.minMatchNum(c.topologyKey, c.minDomains);
      const self = c.selector.matches(state.pod.labels) ? 1 : 0;
      const matchNum = s.pairs.get(`${c.topologyKey}\u0000${v}`) ?? 0;
      if (matchNum + self - min > c.maxSkew) return unschedulable('PodTopologySpread', ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  },
  addPod(state: CycleState, pod: PodInfo, node: NodeInfo): void {
    updateWithPod(state, pod, node, 1);
  },
  removePod(state: CycleState, pod: PodInfo, node: NodeInfo): void {
    updateWithPod(state, pod, node, -1);
  },
  preScore(state: CycleState, filtered: readonly NodeInfo[]): boolean {
    const pod = state.pod;
    let constraints: SpreadConstraint[];
    const explicit = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    if (explicit) constraints = filterConstraints(pod, 'ScheduleAnyway');
    else {
      const sel = state.defaultSelector(pod);
      if (sel.empty() || !sel.selectable()) return false;
      constraints = SYSTEM_DEFAULT_CONSTRAINTS.map((c) => ({ maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector: sel, minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' }));
    }
    if (constraints.length === 0 || filtered.length === 0) return false;
    // Only explicit constraints require every topology key on a node (system defaults let
    // nodes without a zone label still spread by hostname).
    const requireAll = explicit;
    const s = new ScoreState(constraints, requireAll);
    const topoSize = constraints.map(() => 0);
    for (const c of constraints) if (c.topologyKey !== HOSTNAME && !s.pairCounts.has(c.topologyKey)) s.pairCounts.set(c.topologyKey, new Map());
    for (const ni of filtered) {
      if (requireAll && !labelsHaveKeys(ni.labels, constraints)) {
        s.ignored.add(ni.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        if (c.topologyKey === HOSTNAME) continue;
        const m = s.pairCounts.get(c.topologyKey)!;
        const v = nodeLabel(ni, c.topologyKey) ?? '';
        if (!m.has(v)) {
          m.set(v, 0);
          topoSize[i]!++;
        }
      }
    }
    s.weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? filtered.length - s.ignored.size : topoSize[i]!) + 2));
    s.hostCounts = constraints.map((c) =>
      c.topologyKey === HOSTNAME && !c.selector.empty() && c.selector.selectable() ? state.cache.counts(pod.namespace, c.selector).perNode : undefined,
    );
    // Count matching pods per domain over every node (only nodes holding matching pods can add).
    for (const c of constraints) {
      if (c.topologyKey === HOSTNAME || c.selector.empty() || !c.selector.selectable()) continue;
      const m = s.pairCounts.get(c.topologyKey)!;
      const counts = state.cache.counts(pod.namespace, c.selector).perNode;
      for (const [nodeName, n] of counts) {
        if (n === 0) continue;
        const ni = state.cache.nodes.get(nodeName);
        if (!ni) continue;
        if (requireAll && !labelsHaveKeys(ni.labels, constraints)) continue;
        let aff: boolean | undefined;
        if (!included(c, pod.pod, ni, () => (aff ??= requiredNodeAffinityMatches(pod.pod, ni)))) continue;
        const v = ni.labels[c.topologyKey] ?? '';
        const cur = m.get(v);
        if (cur !== undefined) m.set(v, cur + n);
      }
    }
    state.data.set('PodTopologySpread/score', s);
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const s = state.data.get('PodTopologySpread/score') as ScoreState;
    if (s.ignored.has(node.name)) return 0;
    let score = 0;
    const cs = s.constraints;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const v = nodeLabel(node, c.topologyKey);
      if (v === undefined) continue;
      const cnt = c.topologyKey === HOSTNAME ? (s.hostCounts[i]?.get(node.name) ?? 0) : (s.pairCounts.get(c.topologyKey)!.get(v) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(state: CycleState, scores: number[], nodes: readonly NodeInfo[]): void {
    const s = state.data.get('PodTopologySpread/score') as ScoreState | undefined;
    if (!s) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i]!.name)) continue;
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i]!.name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  },
};

/** preFilterState.updateWithPod (preemption dry runs). */
function updateWithPod(state: CycleState, pod: PodInfo, node: NodeInfo, delta: number): void {
  const s = state.data.get('PodTopologySpread/filter') as FilterState | undefined;
  if (!s || pod.namespace !== state.pod.namespace) return;
  if (!labelsHaveKeys(node.labels, s.constraints)) return;
  let aff: boolean | undefined;
  for (const c of s.constraints) {
    if (!c.selector.matches(pod.labels)) continue;
    if (!included(c, state.pod.pod, node, () => (aff ??= requiredNodeAffinityMatches(state.pod.pod, node)))) continue;
    s.add(c.topologyKey, node.labels[c.topologyKey]!, delta);
  }
}
