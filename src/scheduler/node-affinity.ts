import type { KubeObject } from '../store/types.js';
import { defaultNormalizeScore, MAX_NODE_SCORE, type CycleState, type FilterPlugin, type PluginState, type PreFilterOutcome, type ScorePlugin, type Scores } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { unresolvable, type Status } from './status.js';

/** ErrReasonPod / errReasonConflict (plugins/nodeaffinity/node_affinity.go). */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function parseInt64(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/**
 * One NodeSelectorRequirement (nodeSelectorRequirementsAsSelector, k8s.io/component-helpers
 * scheduling/corev1/nodeaffinity): In / NotIn (absent matches) / Exists / DoesNotExist /
 * Gt / Lt (one integer value, the label must parse as an integer). Undefined = invalid term.
 */
function requirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean | undefined {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (vals.length === 0) return undefined;
      return has && vals.includes(v!);
    case 'NotIn':
      if (vals.length === 0) return undefined;
      return !has || !vals.includes(v!);
    case 'Exists':
      if (vals.length !== 0) return undefined;
      return has;
    case 'DoesNotExist':
      if (vals.length !== 0) return undefined;
      return !has;
    case 'Gt':
    case 'Lt': {
      if (vals.length !== 1) return undefined;
      const want = parseInt64(vals[0]!);
      if (want === undefined) return undefined;
      if (!has) return false;
      const got = parseInt64(v!);
      if (got === undefined) return false;
      return r.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return undefined;
  }
}

/** A term matches when it has at least one requirement and all hold (fields: only metadata.name). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeInfo | { name: string; labels: Readonly<Record<string, string>> }): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (requirementMatches(r, node.labels) !== true) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if ((r.operator === 'In' || r.operator === 'NotIn') && (r.values ?? []).length !== 1) return false;
    if (requirementMatches(r, { 'metadata.name': node.name }) !== true) return false;
  }
  return true;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and the required terms (ORed). */
export function requiredNodeAffinityMatches(pod: KubeObject, node: { name: string; labels: Readonly<Record<string, string>> }): boolean {
  const sel = pod.spec?.nodeSelector as Record<string, string> | undefined;
  if (sel) for (const k of Object.keys(sel)) if (node.labels[k] !== sel[k]) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as NodeSelectorTerm[] | undefined;
  if (terms == null) return true;
  for (const t of terms) if (nodeSelectorTermMatches(t, node)) return true;
  return false;
}

class PreScoreState implements PluginState {
  constructor(readonly terms: Array<{ weight: number; preference: NodeSelectorTerm }>) {}
  clone(): PluginState {
    return this;
  }
}

/**
 * NodeAffinity (plugins/nodeaffinity). PreFilter: Skip without nodeSelector/required affinity;
 * required terms that all name nodes with matchFields metadata.name In restrict the node set.
 * Filter: nodeSelector + required terms. Score (weight 2): sum of the weights of matching
 * preferred terms, DefaultNormalizeScore.
 */
export const nodeAffinity: FilterPlugin & ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter(state: CycleState): PreFilterOutcome | undefined {
    const spec = state.pod.pod.spec ?? {};
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const hasSelector = spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0;
    if (!hasSelector && required == null) return { skip: true };
    if (required == null) return undefined;
    let nodeNames: Set<string> | undefined;
    for (const t of (required.nodeSelectorTerms ?? []) as NodeSelectorTerm[]) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key === 'metadata.name' && r.operator === 'In') {
          const s = new Set(r.values ?? []);
          termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
        }
      }
      // A term without node names makes every node eligible (terms are ORed).
      if (termNames === undefined) return undefined;
      nodeNames ??= new Set();
      for (const n of termNames) nodeNames.add(n);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) return { status: unresolvable('NodeAffinity', ERR_REASON_CONFLICT) };
    if (nodeNames !== undefined) return { nodeNames };
    return undefined;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (requiredNodeAffinityMatches(state.pod.pod, node)) return null;
    return unresolvable('NodeAffinity', ERR_REASON_NODE_AFFINITY);
  },
  preScore(state: CycleState): boolean {
    const pref = state.pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!pref || pref.length === 0) return false;
    state.data.set('NodeAffinity/preScore', new PreScoreState(pref));
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const s = state.data.get('NodeAffinity/preScore') as PreScoreState;
    let count = 0;
    for (const t of s.terms) {
      if (t.weight === 0) continue;
      if (nodeSelectorTermMatches(t.preference ?? {}, node)) count += t.weight;
    }
    return count;
  },
  normalize(_state: CycleState, scores: Scores): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  },
};
