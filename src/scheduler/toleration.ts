/** A node taint as the scheduler reads it. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** A pod toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/**
 * Toleration.ToleratesTaint (staging/src/k8s.io/api/core/v1/toleration.go): an empty effect
 * matches every effect; an empty key (with Exists) matches every key; operator Exists ignores
 * the value, Equal (the default, also "") compares it.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/**
 * v1helper.FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first
 * NoSchedule/NoExecute taint, in node order, that no toleration tolerates.
 */
export function findUntoleratedDoNotScheduleTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined): Taint | undefined {
  if (!taints) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
