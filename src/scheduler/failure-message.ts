import type { Status } from './status.js';

/** ErrNoNodesAvailable (pkg/scheduler/schedule_one.go). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Why scheduling failed: per-node statuses (Diagnosis.NodeToStatusMap) and extra messages. */
export interface Diagnosis {
  /** nodeName -> status, for every node that was evaluated and failed. */
  nodeToStatus: Map<string, Status>;
  /** A PreFilter rejection (then the per-node reasons are not repeated). */
  preFilterMsg?: string;
  /** The PostFilter (preemption) outcome. */
  postFilterMsg?: string;
}

/** Go's sort.Strings order (byte-wise). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * FitError.Error() (pkg/scheduler/framework/types.go): `0/N nodes are available: ` then either
 * the PreFilter message or the histogram of reasons over nodes, each `<count> <reason>`, the
 * strings sorted (so "10 x" sorts before "2 y"), joined by ", ", ended by "."; then the
 * PostFilter message followed by ".".
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const st of d.nodeToStatus.values()) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort(byBytes);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`;
  return msg;
}
