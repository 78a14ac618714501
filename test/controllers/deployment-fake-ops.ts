import type { KubeObject } from '../../src/store/types.js';
import type { DeploymentOps } from '../../src/controllers/deployment-ops.js';

/**
 * A DeploymentOps over an in-memory set of ReplicaSets (the upstream tables' fake clientset):
 * records each update as [name, spec.replicas] and each deleted name.
 */
export function fakeDeploymentOps(rss: KubeObject[]) {
  const byName = new Map(rss.map((r) => [r.metadata.name!, r]));
  const updates: Array<[string, number]> = [];
  const deletions: string[] = [];
  const ops = {
    ctx: {
      engine: { now: 0 },
      store: {
        update: (o: KubeObject) => {
          byName.set(o.metadata.name!, o);
          updates.push([o.metadata.name!, o.spec.replicas]);
          return o;
        },
        dependents: () => [...byName.values()],
        delete: (_k: string, _ns: string, name: string) => {
          deletions.push(name);
          byName.delete(name);
        },
      },
      events: { record: () => undefined },
      actions: { emit: () => undefined },
    },
    enqueueAfter: () => undefined,
    enqueueRateLimited: () => undefined,
  } as unknown as DeploymentOps;
  return { ops, byName, updates, deletions };
}
