import type { CycleState, FilterPlugin, PluginState, PreFilterOutcome, ScorePlugin, Scores } from './framework.js';
import { MAX_NODE_SCORE } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { termMatches, type AffinityTerm, type PodInfo } from './pod-info.js';
import { unresolvable, unschedulable, type Status } from './status.js';

/** Reasons (plugins/interpodaffinity/filtering.go). */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

/** hardPodAffinityWeight default (InterPodAffinityArgs). */
const HARD_POD_AFFINITY_WEIGHT = 1;

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

class FilterState implements PluginState {
  existingAnti = new Map<string, number>();
  affinity = new Map<string, number>();
  anti = new Map<string, number>();
  clone(): PluginState {
    const c = new FilterState();
    c.existingAnti = new Map(this.existingAnti);
    c.affinity = new Map(this.affinity);
    c.anti = new Map(this.anti);
    return c;
  }
}

function bump(m: Map<string, number>, k: string, d: number): void {
  m.set(k, (m.get(k) ?? 0) + d);
}

function nsLabelsOf(state: CycleState, ns: string): Readonly<Record<string, string>> {
  return state.cache.namespaceLabels.get(ns) ?? {};
}

function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels: Readonly<Record<string, string>>): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}

/** preFilterState.updateWithPod: one existing pod's contribution (delta ±1). */
function updateWithPod(state: CycleState, s: FilterState, existing: PodInfo, node: NodeInfo, delta: number): void {
  const incoming = state.pod;
  const labels = node.labels;
  // Existing pod's required anti-affinity terms that match the incoming pod.
  if (existing.requiredAntiAffinityTerms.length > 0) {
    const nsl = nsLabelsOf(state, incoming.namespace);
    for (const t of existing.requiredAntiAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined && termMatches(t, incoming, nsl)) bump(s.existingAnti, pairKey(t.topologyKey, v), delta);
    }
  }
  // Incoming pod's terms that the existing pod matches.
  const nsl = nsLabelsOf(state, existing.namespace);
  if (matchesAll(incoming.requiredAffinityTerms, existing, nsl)) {
    for (const t of incoming.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined) bump(s.affinity, pairKey(t.topologyKey, v), delta);
    }
  }
  for (const t of incoming.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, existing, nsl)) bump(s.anti, pairKey(t.topologyKey, v), delta);
  }
}

function positive(m: Map<string, number>): boolean {
  for (const v of m.values()) if (v > 0) return true;
  return false;
}

class ScoreState implements PluginState {
  /** topologyKey -> value -> score. */
  topo = new Map<string, Map<string, number>>();
  clone(): PluginState {
    return this;
  }
}

function processTerm(s: ScoreState, t: AffinityTerm, weight: number, pod: PodInfo, nsLabels: Readonly<Record<string, string>>, node: NodeInfo, mult: number): void {
  if (!termMatches(t, pod, nsLabels)) return;
  const v = node.labels[t.topologyKey];
  if (v === undefined) return;
  let m = s.topo.get(t.topologyKey);
  if (!m) s.topo.set(t.topologyKey, (m = new Map()));
  m.set(v, (m.get(v) ?? 0) + weight * mult);
}

/**
 * InterPodAffinity. Filter: the pod's required affinity (every term's domain on this node must
 * hold a pod matching all terms, unless no pod matches anywhere and the pod matches itself),
 * its required anti-affinity, and existing pods' required anti-affinity. Score (weight 2):
 * preferred terms both ways plus existing pods' required affinity (weight 1), min-max normalised.
 */
export const interPodAffinity: FilterPlugin & ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  preFilter(state: CycleState): PreFilterOutcome | undefined {
    const pod = state.pod;
    const own = pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length > 0;
    if (!own && state.cache.podsWithRequiredAntiAffinity.size === 0) return { skip: true };
    const s = new FilterState();
    const cache = state.cache;
    const visit = (existing: PodInfo): void => {
      const nodeName = cache.nodeOf(existing.uid);
      const ni = nodeName === undefined ? undefined : cache.nodes.get(nodeName);
      if (ni) updateWithPod(state, s, existing, ni, 1);
    };
    if (own) for (const { info } of cache.allPods()) visit(info);
    else for (const info of cache.podsWithRequiredAntiAffinity) visit(info);
    state.data.set('InterPodAffinity/filter', s);
    return undefined;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const s = state.data.get('InterPodAffinity/filter') as FilterState;
    const pod = state.pod;
    // satisfyPodAffinity
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v === undefined) return unresolvable('InterPodAffinity', ERR_REASON_AFFINITY);
      if ((s.affinity.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (!podsExist) {
      const firstOfItsKind = !positive(s.affinity) && matchesAll(pod.requiredAffinityTerms, pod, nsLabelsOf(state, pod.namespace));
      if (!firstOfItsKind) return unresolvable('InterPodAffinity', ERR_REASON_AFFINITY);
    }
    // satisfyPodAntiAffinity
    for (const t of pod.requiredAntiAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && (s.anti.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return unschedulable('InterPodAffinity', ERR_REASON_ANTI_AFFINITY);
    }
    // satisfyExistingPodsAntiAffinity
    if (s.existingAnti.size > 0) {
      for (const k in node.labels) {
        if ((s.existingAnti.get(pairKey(k, node.labels[k]!)) ?? 0) > 0) return unschedulable('InterPodAffinity', ERR_REASON_EXISTING_ANTI_AFFINITY);
      }
    }
    return null;
  },
  addPod(state: CycleState, pod: PodInfo, node: NodeInfo): void {
    const s = state.data.get('InterPodAffinity/filter') as FilterState | undefined;
    if (s) updateWithPod(state, s, pod, node, 1);
  },
  removePod(state: CycleState, pod: PodInfo, node: NodeInfo): void {
    const s = state.data.get('InterPodAffinity/filter') as FilterState | undefined;
    if (s) updateWithPod(state, s, pod, node, -1);
  },
  preScore(state: CycleState): boolean {
    const pod = state.pod;
    const hasConstraints = pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
    const cache = state.cache;
    if (!hasConstraints && cache.podsWithAffinity.size === 0) return false;
    const s = new ScoreState();
    const incomingNs = nsLabelsOf(state, pod.namespace);
    const process = (existing: PodInfo): void => {
      const nodeName = cache.nodeOf(existing.uid);
      const ni = nodeName === undefined ? undefined : cache.nodes.get(nodeName);
      if (!ni || Object.keys(ni.labels).length === 0) return;
      const exNs = nsLabelsOf(state, existing.namespace);
      for (const t of pod.preferredAffinityTerms) processTerm(s, t, t.weight, existing, exNs, ni, 1);
      for (const t of pod.preferredAntiAffinityTerms) processTerm(s, t, t.weight, existing, exNs, ni, -1);
      for (const t of existing.requiredAffinityTerms) processTerm(s, t, HARD_POD_AFFINITY_WEIGHT, pod, incomingNs, ni, 1);
      for (const t of existing.preferredAffinityTerms) processTerm(s, t, t.weight, pod, incomingNs, ni, 1);
      for (const t of existing.preferredAntiAffinityTerms) processTerm(s, t, t.weight, pod, incomingNs, ni, -1);
    };
    if (hasConstraints) for (const { info } of cache.allPods()) process(info);
    else for (const info of cache.podsWithAffinity) process(info);
    state.data.set('InterPodAffinity/score', s);
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const s = state.data.get('InterPodAffinity/score') as ScoreState;
    let score = 0;
    for (const [k, m] of s.topo) {
      const v = node.labels[k];
      if (v !== undefined) score += m.get(v) ?? 0;
    }
    return score;
  },
  normalize(state: CycleState, scores: Scores): void {
    const s = state.data.get('InterPodAffinity/score') as ScoreState | undefined;
    if (!s || s.topo.size === 0) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = Number.MIN_SAFE_INTEGER;
    for (let i = 0; i < scores.length; i++) {
      const v = scores[i]!;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  },
};
