import type { CycleState, FilterPlugin, PreFilterOutcome } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { unschedulable, type Status } from './status.js';

/** ErrReason (plugins/nodeports/node_ports.go). */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** NodePorts: the pod's hostPorts must not be in use on the node (0.0.0.0 conflicts with every ip). */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  preFilter(state: CycleState): PreFilterOutcome | undefined {
    return state.pod.hostPorts ? undefined : { skip: true };
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    for (const p of state.pod.hostPorts!) if (node.portConflict(p)) return unschedulable('NodePorts', ERR_REASON_NODE_PORTS);
    return null;
  },
};
