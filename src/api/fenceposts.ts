/**
 * Deployment surge/unavailability arithmetic
 * (pkg/controller/deployment/util/deployment_util.go: ResolveFenceposts, MaxUnavailable,
 * MaxSurge, MinAvailable). See K8S-SEMANTICS.md §1.2.
 */
import { getScaledValueFromIntOrPercent, type IntOrStringInput } from './intstr.js';

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, a missing value is 0, and when
 * both resolve to 0 unavailable becomes 1 (surge might not work due to quota).
 * Throws the intstr error for a malformed value.
 */
export function resolveFenceposts(
  maxSurge: IntOrStringInput | null | undefined,
  maxUnavailable: IntOrStringInput | null | undefined,
  desired: number,
): [surge: number, unavailable: number] {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** The parts of an apps/v1 Deployment these helpers read. */
export interface DeploymentLike {
  spec?: {
    replicas?: number | null;
    strategy?: {
      type?: string | null;
      rollingUpdate?: { maxSurge?: IntOrStringInput | null; maxUnavailable?: IntOrStringInput | null } | null;
    } | null;
  } | null;
}

function isRollingUpdate(d: DeploymentLike): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate';
}

/** Validation guarantees well-formed values; a malformed one resolves as upstream's ignored error (0, 0). */
function fenceposts(d: DeploymentLike, replicas: number): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  } catch {
    return [0, 0];
  }
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas > 0, else min(resolved unavailable, replicas). */
export function maxUnavailable(d: DeploymentLike): number {
  const replicas = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const [, unavailable] = fenceposts(d, replicas);
  return unavailable > replicas ? replicas : unavailable;
}

/** MaxSurge: 0 unless RollingUpdate, else the resolved surge (not clamped). */
export function maxSurge(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  const [surge] = fenceposts(d, d.spec?.replicas ?? 1);
  return surge;
}

/** MinAvailable: replicas − MaxUnavailable, and 0 when not RollingUpdate (Recreate). */
export function minAvailable(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  return (d.spec?.replicas ?? 1) - maxUnavailable(d);
}
