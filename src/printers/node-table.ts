import { age } from './age.js';
import type { KindPrinter } from './kind-printer.js';

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/**
 * printNode: STATUS is `Ready` when the Ready condition is True, `NotReady` when it is False or
 * Unknown, `Unknown` without a Ready condition; `,SchedulingDisabled` when cordoned.
 */
export function nodeStatus(node: any): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: any, type: string): string {
  const a = (node.status?.addresses ?? []).find((x: any) => x.type === type);
  return a ? a.address : '<none>';
}

export const nodeTable: KindPrinter = {
  columns: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideColumns: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  row(o, now, wide) {
    const roles = nodeRoles(o.metadata.labels).join(',') || '<none>';
    const info = o.status?.nodeInfo ?? {};
    const cells = [o.metadata.name ?? '', nodeStatus(o), roles, age(o.metadata.creationTimestamp, now), info.kubeletVersion ?? ''];
    if (wide) cells.push(address(o, 'InternalIP'), address(o, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>');
    return cells;
  },
};
