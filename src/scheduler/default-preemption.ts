import type { KubeObject } from '../store/types.js';
import { labelSelectorAsSelector } from '../api/selector.js';
import type { Rng } from '../engine/rng.js';
import type { CycleState, FilterPlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { moreImportantPod, podStartTime, type PodInfo } from './pod-info.js';
import type { Profile } from './profile.js';
import { unresolvable, type Status } from './status.js';
import { fitErrorMessage } from './failure-message.js';

/** One place preemption could make room: the node and the pods to evict. */
export interface Candidate {
  node: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

/** What the PostFilter decided (PostFilterResult + Status). */
export interface PreemptionOutcome {
  /** undefined: leave status.nominatedNodeName alone; "": clear it; a name: nominate. */
  nominatedNodeName: string | undefined;
  /** The status message ("preemption: ..."), "" on success. */
  message: string;
  candidate?: Candidate;
}

export const NO_VICTIMS = 'No preemption victims found for incoming pod';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

/** MinCandidateNodesPercentage / MinCandidateNodesAbsolute defaults (DefaultPreemptionArgs). */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

export interface PreemptionContext {
  profile: Profile;
  state: CycleState;
  filters: readonly FilterPlugin[];
  nodes: readonly NodeInfo[];
  rng: Rng;
  now: number;
  pdbs: readonly KubeObject[];
  nominatedOn(node: string): readonly PodInfo[] | undefined;
}

/** podTerminatingByPreemption (default_preemption.go). */
function terminatingByPreemption(p: KubeObject): boolean {
  if (p.metadata.deletionTimestamp == null) return false;
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler');
}

/** DefaultPreemption.PodEligibleToPreemptOthers. */
function eligible(ctx: PreemptionContext, nodeToStatus: ReadonlyMap<string, Status>): string | undefined {
  const pod = ctx.state.pod;
  if (pod.pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nom = pod.pod.status?.nominatedNodeName as string | undefined;
  if (nom) {
    if (nodeToStatus.get(nom)?.code === 'UnschedulableAndUnresolvable') return undefined;
    const ni = ctx.state.cache.nodes.get(nom);
    if (ni) {
      for (const p of ni.pods.values()) {
        if (p.priority < pod.priority && terminatingByPreemption(p.pod)) return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
  }
  return undefined;
}

/** filterPodsWithPDBViolation: pods whose eviction would push a matching PDB below 0 allowed disruptions. */
function splitByPDB(pods: PodInfo[], pdbs: readonly KubeObject[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    let violated = false;
    if (Object.keys(pi.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata.namespace !== pi.namespace) return;
        let sel;
        try {
          sel = labelSelectorAsSelector(pdb.spec?.selector);
        } catch {
          return;
        }
        if (sel.empty() || !sel.matches(pi.labels)) return;
        if (pdb.status?.disruptedPods && pi.name in pdb.status.disruptedPods) return;
        allowed[i]--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/**
 * DefaultPreemption.SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits,
 * add them back one by one, most important first (PDB-violating ones first), keeping out only
 * those without which it no longer fits.
 */
export function selectVictimsOnNode(ctx: PreemptionContext, node: NodeInfo): { victims: PodInfo[]; numPDBViolations: number } | Status {
  // No lower-priority pod: the same answer as below, without copying the node and the state.
  let any = false;
  for (const p of node.pods.values()) {
    if (p.priority < ctx.state.pod.priority) {
      any = true;
      break;
    }
  }
  if (!any) return unresolvable('DefaultPreemption', NO_VICTIMS);
  const state = ctx.state.clone();
  const ni = node.clone();
  const pod = state.pod;
  const potential: PodInfo[] = [];
  for (const p of [...ni.pods.values()]) {
    if (p.priority < pod.priority) {
      potential.push(p);
      ctx.profile.removePod(state, ctx.filters, p, ni);
    }
  }
  if (potential.length === 0) return unresolvable('DefaultPreemption', NO_VICTIMS);
  const nominated = ctx.nominatedOn(ni.name);
  const fits = (): Status | null => ctx.profile.runFiltersWithNominated(state, ctx.filters, ni, nominated);
  const st = fits();
  if (st !== null) return st;
  potential.sort((a, b) => (moreImportantPod(a, b, ctx.now) ? -1 : moreImportantPod(b, a, ctx.now) ? 1 : 0));
  const { violating, nonViolating } = splitByPDB(potential, ctx.pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    ctx.profile.addPod(state, ctx.filters, p, ni);
    if (fits() === null) return true;
    ctx.profile.removePod(state, ctx.filters, p, ni);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  return { victims, numPDBViolations };
}

/** pickOneNodeForPreemption: fewest PDB violations, lowest top victim priority, lowest priority sum, fewest victims, latest start. */
export function pickOneNodeForPreemption(cands: readonly Candidate[], now: number): Candidate | undefined {
  if (cands.length === 0) return undefined;
  const earliestStartOfTop = (c: Candidate): number => {
    const top = c.victims[0]!.priority;
    let min = Number.MAX_SAFE_INTEGER;
    for (const v of c.victims) if (v.priority === top) min = Math.min(min, podStartTime(v.pod, now));
    return min;
  };
  const fns: Array<(c: Candidate) => number> = [
    (c) => -c.numPDBViolations,
    (c) => -c.victims[0]!.priority,
    (c) => -c.victims.reduce((s, v) => s + v.priority + 2147483648, 0),
    (c) => -c.victims.length,
    earliestStartOfTop,
  ];
  let all = [...cands];
  for (const f of fns) {
    let best = -Infinity;
    let sel: Candidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > best) {
        best = s;
        sel = [];
      }
      if (s === best) sel.push(c);
    }
    if (sel.length === 1) return sel[0];
    all = sel;
  }
  // Upstream takes the first of a Go map iteration (random); we keep dry-run order.
  return all[0];
}

/**
 * DefaultPreemption.PostFilter -> Evaluator.Preempt (framework/preemption/preemption.go, 1.30).
 * The message is "preemption: " + a FitError over the dry-run statuses when no candidate exists.
 */
export function preempt(ctx: PreemptionContext, nodeToStatus: ReadonlyMap<string, Status>): PreemptionOutcome {
  const notEligible = eligible(ctx, nodeToStatus);
  if (notEligible !== undefined) return { nominatedNodeName: undefined, message: `preemption: ${notEligible}` };
  const all = ctx.nodes;
  if (all.length === 0) return { nominatedNodeName: undefined, message: 'preemption: no nodes available' };
  // nodesWherePreemptionMightHelp: every node not rejected as UnschedulableAndUnresolvable.
  const statuses = new Map<string, Status>();
  const potential: NodeInfo[] = [];
  for (const ni of all) {
    if (nodeToStatus.get(ni.name)?.code === 'UnschedulableAndUnresolvable') statuses.set(ni.name, unresolvable('DefaultPreemption', NOT_HELPFUL));
    else potential.push(ni);
  }
  const cands: Candidate[] = [];
  if (potential.length > 0) {
    // GetOffsetAndNumCandidates: a random offset, max(10% of nodes, 100) candidates at most.
    let num = Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
    if (num < MIN_CANDIDATE_NODES_ABSOLUTE) num = MIN_CANDIDATE_NODES_ABSOLUTE;
    if (num > potential.length) num = potential.length;
    const offset = ctx.rng.int(potential.length);
    let nonViolating = 0;
    for (let i = 0; i < potential.length; i++) {
      const ni = potential[(offset + i) % potential.length]!;
      const r = selectVictimsOnNode(ctx, ni);
      if ('victims' in r && r.victims.length > 0) {
        cands.push({ node: ni.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
        if (r.numPDBViolations === 0) nonViolating++;
        if (nonViolating > 0 && cands.length >= num) break;
        continue;
      }
      statuses.set(ni.name, 'victims' in r ? unresolvable('DefaultPreemption', `expected at least one victim pod on node "${ni.name}"`) : r);
    }
  }
  if (cands.length === 0) {
    return { nominatedNodeName: '', message: `preemption: ${fitErrorMessage(all.length, { nodeToStatus: statuses })}` };
  }
  // Non-violating candidates first (DryRunPreemption returns them first).
  const ordered = [...cands.filter((c) => c.numPDBViolations === 0), ...cands.filter((c) => c.numPDBViolations > 0)];
  const best = pickOneNodeForPreemption(ordered, ctx.now)!;
  return { nominatedNodeName: best.node, message: '', candidate: best };
}
