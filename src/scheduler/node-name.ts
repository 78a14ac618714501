import type { CycleState, FilterPlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { unresolvable, type Status } from './status.js';

/** ErrReason (plugins/nodename/node_name.go). */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** NodeName: spec.nodeName, when set, must be this node. */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  filter(state: CycleState, node: NodeInfo): Status | null {
    const want = state.pod.pod.spec?.nodeName;
    if (!want || want === node.name) return null;
    return unresolvable('NodeName', ERR_REASON_NODE_NAME);
  },
};
