import type { CycleState, FilterPlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { unresolvable, type Status } from './status.js';
import { tolerationsTolerateTaint } from './toleration.js';

/** ErrReasonUnschedulable (plugins/nodeunschedulable/node_unschedulable.go). */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** NodeUnschedulable: a cordoned node fits only pods tolerating node.kubernetes.io/unschedulable:NoSchedule. */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    if (tolerationsTolerateTaint(state.pod.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return unresolvable('NodeUnschedulable', ERR_REASON_UNSCHEDULABLE);
  },
};
