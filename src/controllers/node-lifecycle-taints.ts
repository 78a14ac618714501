import { toTimestamp } from '../api/time.js';
import { ApiError, type KubeObject, type StoreApi } from '../store/types.js';

/** A node taint as stored in `spec.taints`. */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** Well-known taint keys (staging/src/k8s.io/api/core/v1/well_known_taints.go). */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** UnreachableTaintTemplate / NotReadyTaintTemplate (node_lifecycle_controller.go). */
export const UNREACHABLE_NO_EXECUTE: NodeTaint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: NodeTaint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Taint.MatchTaint: same key and effect (the value does not matter). */
export function matchTaint(a: NodeTaint, b: NodeTaint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** taintutils.TaintExists. */
export function taintExists(taints: readonly NodeTaint[] | undefined, t: NodeTaint): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

function taintEqual(a: NodeTaint, b: NodeTaint): boolean {
  return a.key === b.key && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect && a.timeAdded === b.timeAdded;
}

/**
 * controller.AddOrUpdateTaintOnNode + controller.RemoveTaintOffNode as SwapNodeControllerTaint
 * uses them (pkg/controller/util/node/controller_utils.go): every added taint gets timeAdded
 * now; a taint with the same key and effect is replaced in place, a new one is appended;
 * removal drops every taint matching key and effect. Writes the node only when something
 * changed. Returns false when the node is gone.
 */
export function swapNodeTaints(store: StoreApi, nodeName: string, add: readonly NodeTaint[], remove: readonly NodeTaint[], actor: string): boolean {
  const node = store.get('Node', undefined, nodeName);
  if (!node) return false;
  const ts = toTimestamp(store.now);
  let taints: NodeTaint[] = [...((node.spec?.taints as NodeTaint[] | undefined) ?? [])];
  let changed = false;
  for (const a of add) {
    const t: NodeTaint = { ...a, timeAdded: ts };
    const i = taints.findIndex((x) => matchTaint(x, t));
    if (i < 0) {
      taints.push(t);
      changed = true;
    } else if (!taintEqual(taints[i]!, t)) {
      taints = taints.map((x, j) => (j === i ? t : x));
      changed = true;
    }
  }
  for (const r of remove) {
    if (!taints.some((x) => matchTaint(x, r))) continue;
    taints = taints.filter((x) => !matchTaint(x, r));
    changed = true;
  }
  if (!changed) return true;
  writeTaints(store, node, taints, actor);
  return true;
}

/** PatchNodeTaints: replace spec.taints (removing the field when empty, as omitempty does). */
export function writeTaints(store: StoreApi, node: KubeObject, taints: NodeTaint[], actor: string): void {
  const spec: Record<string, unknown> = { ...(node.spec ?? {}) };
  if (taints.length > 0) spec.taints = taints;
  else delete spec.taints;
  try {
    store.update({ ...node, spec }, { actor, origin: 'system' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
}
