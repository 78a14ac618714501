import type { KubeObject } from '../store/types.js';
import { labelSelectorAsSelector, newRequirement, nothing, type Selector } from '../api/selector.js';
import { MAX_NODE_SCORE, type CycleState, type FilterPlugin, type PluginState, type PreFilterOutcome, type ScorePlugin, type Scores } from './framework.js';
import { nodeLabel, type NodeInfo } from './node-info.js';
import { HAS_HOSTNAME } from './node-columns.js';
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
  /** TopologyPairToPodCounts: topologyKey -> value -> matching pods (non-hostname keys; zone keys too unless `byId`). */
  pairCounts = new Map<string, Map<string, number>>();
  /** Per constraint: the per-node counts for hostname constraints (countPodsMatchSelector). */
  hostCounts: Array<ReadonlyMap<string, number> | undefined> = [];
  /** `byId` mode: hostname counts by NodeInfo.slot (per constraint, like hostCounts). */
  hostSlots: Array<readonly number[] | undefined> = [];
  /** `byId` mode: TopologyPairToPodCounts of the zone key by NodeInfo.zoneId. */
  zoneById: Float64Array | undefined;
  weights: number[] = [];
  constructor(
    readonly constraints: SpreadConstraint[],
    readonly requireAll: boolean,
    /** Every filtered node is the cache's: counts are read by slot and zone id, not by name and value. */
    readonly byId: boolean,
  ) {}
  clone(): PluginState {
    return this;
  }
}

const ZONE = 'topology.kubernetes.io/zone';

/** The pod's required node affinity holds on every node (no nodeSelector, no required terms). */
function noNodeAffinity(pod: KubeObject): boolean {
  const sel = pod.spec?.nodeSelector;
  if (sel && Object.keys(sel).length > 0) return false;
  return pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution == null;
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
  preScore(state: CycleState, filtered: readonly NodeInfo[], slots?: Int32Array): boolean {
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
    const cache = state.cache;
    let byId = slots !== undefined;
    if (!byId) {
      byId = true;
      for (let i = 0; i < filtered.length; i++) if (filtered[i]!.slot < 0 || filtered[i]!.cols !== cache.cols) byId = false;
    }
    const s = new ScoreState(constraints, requireAll, byId);
    const topoSize = constraints.map(() => 0);
    // initPreScoreState: register the topology pairs of the filtered nodes. Upstream loops nodes
    // then constraints; constraint by constraint gives the same result (a pair shared by two
    // constraints with the same key counts toward the first one's domain count only, as upstream).
    const zoneById = byId && constraints.some((c) => c.topologyKey === ZONE);
    const emptyZone = zoneById ? cache.zoneIdOf('') : -1;
    const seenZone = zoneById ? new Uint8Array(cache.zoneIdCount) : undefined;
    let ignoredCount = 0;
    if (requireAll) {
      for (const ni of filtered) {
        if (labelsHaveKeys(ni.labels, constraints)) continue;
        s.ignored.add(ni.name);
        ignoredCount++;
      }
    }
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === HOSTNAME) continue;
      let size = 0;
      if (seenZone !== undefined && c.topologyKey === ZONE) {
        const zoneIds = cache.cols.zoneId;
        for (let j = 0; j < filtered.length; j++) {
          if (ignoredCount > 0 && s.ignored.has(filtered[j]!.name)) continue;
          let id = slots !== undefined ? zoneIds[slots[j]!]! : filtered[j]!.zoneId;
          if (id < 0) id = emptyZone;
          if (seenZone[id] === 0) {
            seenZone[id] = 1;
            size++;
          }
        }
      } else {
        let m = s.pairCounts.get(c.topologyKey);
        if (!m) s.pairCounts.set(c.topologyKey, (m = new Map()));
        for (let j = 0; j < filtered.length; j++) {
          const ni = filtered[j]!;
          if (ignoredCount > 0 && s.ignored.has(ni.name)) continue;
          const v = nodeLabel(ni, c.topologyKey) ?? '';
          if (!m.has(v)) {
            m.set(v, 0);
            size++;
          }
        }
      }
      topoSize[i] = size;
    }
    s.weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? filtered.length - ignoredCount : topoSize[i]!) + 2));
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      const counted = c.topologyKey === HOSTNAME && !c.selector.empty() && c.selector.selectable() ? cache.counts(pod.namespace, c.selector) : undefined;
      s.hostCounts.push(counted?.perNode);
      s.hostSlots.push(counted !== undefined && byId ? cache.slotCounts(counted) : undefined);
    }
    if (seenZone !== undefined) s.zoneById = new Float64Array(seenZone.length);
    // Count matching pods per domain over every node (only nodes holding matching pods can add).
    const allNodesEligible = !requireAll && noNodeAffinity(pod.pod);
    for (const c of constraints) {
      if (c.topologyKey === HOSTNAME || c.selector.empty() || !c.selector.selectable()) continue;
      const sc = cache.counts(pod.namespace, c.selector);
      if (seenZone !== undefined && c.topologyKey === ZONE) {
        const z = s.zoneById!;
        if (allNodesEligible && c.nodeTaintsPolicy !== 'Honor') {
          // Every node counts: the cache keeps the per-zone sums.
          for (const [v, n] of cache.zoneCounts(sc)) {
            const id = v === '' ? emptyZone : cache.zoneIdOf(v);
            if (id < seenZone.length && seenZone[id] === 1) z[id] += n;
          }
          continue;
        }
        for (const [nodeName, n] of sc.perNode) {
          if (n === 0) continue;
          const ni = cache.nodes.get(nodeName);
          if (!ni) continue;
          if (requireAll && !labelsHaveKeys(ni.labels, constraints)) continue;
          let aff: boolean | undefined;
          if (!included(c, pod.pod, ni, () => (aff ??= requiredNodeAffinityMatches(pod.pod, ni)))) continue;
          const id = ni.zoneId >= 0 ? ni.zoneId : emptyZone;
          if (id < seenZone.length && seenZone[id] === 1) z[id] += n;
        }
        continue;
      }
      const m = s.pairCounts.get(c.topologyKey)!;
      for (const [nodeName, n] of sc.perNode) {
        if (n === 0) continue;
        const ni = cache.nodes.get(nodeName);
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
    if (s.ignored.size > 0 && s.ignored.has(node.name)) return 0;
    let score = 0;
    const cs = s.constraints;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      let cnt: number;
      if (c.topologyKey === HOSTNAME) {
        if (node.hostnameLabel === undefined) continue;
        if (s.byId) {
          const arr = s.hostSlots[i];
          cnt = arr === undefined ? 0 : arr[node.slot]!;
        } else cnt = s.hostCounts[i]?.get(node.name) ?? 0;
      } else if (s.zoneById !== undefined && c.topologyKey === ZONE) {
        if (node.zoneId < 0) continue;
        cnt = s.zoneById[node.zoneId]!;
      } else {
        const v = nodeLabel(node, c.topologyKey);
        if (v === undefined) continue;
        cnt = s.pairCounts.get(c.topologyKey)!.get(v) ?? 0;
      }
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  scoreAll(state: CycleState, nodes: readonly NodeInfo[], out: Scores, slots: Int32Array): void {
    const s = state.data.get('PodTopologySpread/score') as ScoreState;
    const cs = s.constraints;
    // The system default pair (hostname, zone), read by slot and zone id.
    if (s.byId && s.ignored.size === 0 && cs.length === 2 && cs[0]!.topologyKey === HOSTNAME && cs[1]!.topologyKey === ZONE && s.zoneById !== undefined) {
      const host = s.hostSlots[0];
      const zone = s.zoneById;
      const w0 = s.weights[0]!;
      const w1 = s.weights[1]!;
      const k0 = cs[0]!.maxSkew - 1;
      const k1 = cs[1]!.maxSkew - 1;
      const cols = state.cache.cols;
      const flags = cols.flags;
      const zoneIds = cols.zoneId;
      for (let i = 0; i < nodes.length; i++) {
        const slot = slots[i]!;
        let score = 0;
        if ((flags[slot]! & HAS_HOSTNAME) !== 0) score += (host === undefined ? 0 : host[slot]!) * w0 + k0;
        const z = zoneIds[slot]!;
        if (z >= 0) score += zone[z]! * w1 + k1;
        out[i] = Math.round(score);
      }
      return;
    }
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, nodes[i]!);
  },
  normalize(state: CycleState, scores: Scores, nodes: readonly NodeInfo[]): void {
    const s = state.data.get('PodTopologySpread/score') as ScoreState | undefined;
    if (!s) return;
    const anyIgnored = s.ignored.size > 0;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (anyIgnored && s.ignored.has(nodes[i]!.name)) continue;
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < scores.length; i++) {
      if (anyIgnored && s.ignored.has(nodes[i]!.name)) scores[i] = 0;
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
