import type { Invariant } from './types.js';

/**
 * deployment-surge-bound (INVARIANTS.md, K8S-SEMANTICS §1.12 I1/I3): after every rollout action
 * of the Deployment controller on a RollingUpdate Deployment that is not proportional scaling,
 * Σ spec.replicas over its ReplicaSets ≤ R + MaxSurge and the new RS's spec.replicas ≤ R.
 * A sum already above R + S before the action (left by a scaling event or an edit of maxSurge,
 * which only later scale-downs repair) is not charged to an action that does not raise it.
 * Observes the controller's `scale-new` / `scale-old` / `cleanup-unhealthy` actions.
 */
export function deploymentSurgeBound(): Invariant {
  return {
    name: 'deployment-surge-bound',
    start(ctx, report) {
      ctx.actions.subscribe((a) => {
        if (a.component !== 'deployment-controller' || a.action === 'proportional' || a.action === 'recreate') return;
        const d = a.data as { rs: string; from: number; to: number; R: number; S: number; strategy: string; sumSpec: number; sumSpecBefore: number; newRS?: string; newRSSpec?: number };
        if (d.strategy !== 'RollingUpdate') return;
        const bound = d.R + d.S;
        const raised = d.sumSpec > d.sumSpecBefore;
        if (d.sumSpec > bound && (raised || d.sumSpecBefore <= bound)) {
          report({
            invariant: 'deployment-surge-bound',
            message: `${a.action} of replicaset ${d.rs} (${d.from} → ${d.to}) left Σ spec.replicas = ${d.sumSpec} > R + maxSurge = ${d.R} + ${d.S} = ${bound} for deployment ${a.object}`,
            objects: [`deployment/${a.object}`, `replicaset/${d.rs}`],
            numbers: { sumSpec: d.sumSpec, sumSpecBefore: d.sumSpecBefore, R: d.R, S: d.S, from: d.from, to: d.to },
          });
        }
        if (d.newRSSpec !== undefined && d.newRSSpec > d.R && d.rs === d.newRS && d.to > d.from) {
          report({
            invariant: 'deployment-surge-bound',
            message: `new replicaset ${d.newRS} of deployment ${a.object} scaled to ${d.newRSSpec} > R = ${d.R}`,
            objects: [`deployment/${a.object}`, `replicaset/${d.newRS}`],
            numbers: { newRSSpec: d.newRSSpec, R: d.R },
          });
        }
      });
    },
  };
}
