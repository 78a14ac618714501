import type { KubeObject } from '../../store/types.js';
import { kubectlName, mustParseTarget, type TargetRef } from '../target.js';
import type { AssertionContext } from './types.js';

/** The target object (or undefined) and its kubectl name, for messages. */
export function lookup(ctx: AssertionContext, target: string, namespace: string | undefined): { ref: TargetRef; obj: KubeObject | undefined; label: string } {
  const ref = mustParseTarget(target, namespace);
  const obj = ctx.store.get(ref.kind, ref.namespace, ref.name);
  const label = kubectlName(ref.kind, ref.name) + (ref.namespace && ref.namespace !== 'default' ? ` (namespace ${ref.namespace})` : '');
  return { ref, obj, label };
}

/** The pod's Ready condition is True. */
export function podReady(pod: KubeObject): boolean {
  const conds = pod.status?.conditions;
  return Array.isArray(conds) && conds.some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');
}

/** `Ready=True (reason), Available=False` summary of status.conditions. */
export function conditionSummary(obj: KubeObject): string {
  const conds = obj.status?.conditions;
  if (!Array.isArray(conds) || conds.length === 0) return 'no conditions';
  return conds
    .map((c: { type?: string; status?: string; reason?: string }) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`)
    .join(', ');
}
