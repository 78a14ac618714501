import type { KubeObject } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';

/** Pod helpers of pkg/api/v1/pod/util.go and pkg/controller/controller_utils.go. */

export function podReadyCondition(pod: KubeObject): { status: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
}

/** IsPodReady: condition Ready=True. */
export function isPodReady(pod: KubeObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * IsPodAvailable: Ready, and either minReadySeconds == 0 or the Ready condition's
 * lastTransitionTime + minReadySeconds is strictly before now.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  if (!c.lastTransitionTime) return false;
  return fromTimestamp(c.lastTransitionTime) + minReadySeconds * 1000 < now;
}

/** IsPodActive: not Succeeded/Failed and not terminating. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function filterActivePods(pods: KubeObject[]): KubeObject[] {
  return pods.filter(isPodActive);
}

/** metav1.GetControllerOf. */
export function controllerRefOf(o: KubeObject): { uid: string; kind: string; name: string; apiVersion: string } | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** errors.HasStatusCause(err, NamespaceTerminatingCause), also recognising the admission message. */
export function isNamespaceTerminating(e: { message: string; causes?: Array<{ type?: string }> }): boolean {
  return (e.causes ?? []).some((c) => c.type === 'NamespaceTerminating') || e.message.includes('because it is being terminated');
}

/** reflect.DeepEqual of two label maps (key order does not matter; absent equals empty). */
export function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || b![k] !== a![k]) return false;
  return true;
}

/** reflect.DeepEqual of two controller references. */
export function sameRef(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}
