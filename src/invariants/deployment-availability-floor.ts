import type { KubeObject } from '../store/types.js';
import type { Invariant } from './types.js';

/**
 * deployment-availability-floor (INVARIANTS.md, K8S-SEMANTICS §1.12 I2): during a rolling
 * update, the old-ReplicaSet scale-downs of one Deployment controller sync together remove no
 * more available pods than Σ availableReplicas − (R − U) allows, and cleanup of unhealthy
 * replicas removes none. Available pods removed by scaling an RS from `from` to `to` are
 * max(0, min(from, available) − to), since the ReplicaSet deletes not-ready pods first.
 * Σ availableReplicas is read from the store (RS status does not change within a sync).
 */
export function deploymentAvailabilityFloor(): Invariant {
  return {
    name: 'deployment-availability-floor',
    start(ctx, report) {
      let syncId = -1;
      const removedBySync = new Map<string, number>();
      ctx.actions.subscribe((a) => {
        if (a.component !== 'deployment-controller') return;
        if (a.action !== 'scale-old' && a.action !== 'cleanup-unhealthy') return;
        const d = a.data as { rs: string; from: number; to: number; R: number; U: number; strategy: string; rsAvailable: number };
        if (d.strategy !== 'RollingUpdate' || d.to >= d.from) return;
        if (ctx.engine.events !== syncId) {
          syncId = ctx.engine.events;
          removedBySync.clear();
        }
        // Unavailable pods go first; a stale status may count more available pods than `from`.
        const removedAvailable = Math.max(0, Math.min(d.from, d.rsAvailable) - d.to);
        if (a.action === 'cleanup-unhealthy') {
          if (removedAvailable > 0) {
            report({
              invariant: 'deployment-availability-floor',
              message: `cleanup of unhealthy replicas scaled replicaset ${d.rs} of deployment ${a.object} from ${d.from} to ${d.to}, below its ${d.rsAvailable} available pods`,
              objects: [`deployment/${a.object}`, `replicaset/${d.rs}`],
              numbers: { from: d.from, to: d.to, available: d.rsAvailable },
            });
          }
          return;
        }
        const [ns, name] = a.object.split('/') as [string, string];
        const dep = ctx.store.get('Deployment', ns, name);
        const available = dep ? ownedReplicaSets(ctx.store.dependents(dep.metadata.uid!), dep.metadata.uid!).reduce((s, rs) => s + (rs.status?.availableReplicas ?? 0), 0) : 0;
        const total = (removedBySync.get(a.object) ?? 0) + removedAvailable;
        removedBySync.set(a.object, total);
        const allowed = available - (d.R - d.U);
        if (total > Math.max(0, allowed)) {
          report({
            invariant: 'deployment-availability-floor',
            message: `scale-down of old replicaset ${d.rs} (${d.from} → ${d.to}) removes ${total} available pods of deployment ${a.object} this sync, more than Σ available − (R − U) = ${available} − (${d.R} − ${d.U}) = ${allowed}`,
            objects: [`deployment/${a.object}`, `replicaset/${d.rs}`],
            numbers: { removedAvailable: total, available, R: d.R, U: d.U, from: d.from, to: d.to },
          });
        }
      });
    },
  };
}

function ownedReplicaSets(deps: KubeObject[], uid: string): KubeObject[] {
  return deps.filter((o) => o.kind === 'ReplicaSet' && o.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid));
}
