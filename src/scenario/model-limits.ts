/**
 * How big a scenario the model simulates. Kubernetes itself accepts replicas up to 2^31-1 and
 * any node count; the model refuses sizes it cannot replay in reasonable time, before the run,
 * with a clear error (exit 2) instead of running for hours. The limits are above the scale
 * benchmarks (150,000 pods on 5,000 nodes; a 10,000-replica Deployment).
 */
export const MAX_NODES = 10_000;
/** Desired pods of one workload (replicas, a Job's parallelism or completions, a scale step). */
export const MAX_REPLICAS = 200_000;
/** Pods in the store at any instant while running (a patch or an undo can raise replicas too). */
export const MAX_PODS = 500_000;

export function tooManyNodes(n: number): string {
  return `${n} nodes is more than kscenario simulates (at most ${MAX_NODES.toLocaleString('en-US')} in one cluster)`;
}

export function tooManyReplicas(field: string, n: number): string {
  return `${field}: ${n} is more than kscenario simulates (at most ${MAX_REPLICAS.toLocaleString('en-US')} pods per workload; Kubernetes would accept it)`;
}

export function tooManyPods(n: number): string {
  return `the cluster holds ${n.toLocaleString('en-US')} pods, more than kscenario simulates (at most ${MAX_PODS.toLocaleString('en-US')})`;
}

/** Workload fields that ask for that many pods, by kind. */
export const REPLICA_FIELDS: Record<string, readonly (readonly string[])[]> = {
  Deployment: [['spec', 'replicas']],
  ReplicaSet: [['spec', 'replicas']],
  ReplicationController: [['spec', 'replicas']],
  StatefulSet: [['spec', 'replicas']],
  Job: [['spec', 'parallelism'], ['spec', 'completions']],
  CronJob: [['spec', 'jobTemplate', 'spec', 'parallelism'], ['spec', 'jobTemplate', 'spec', 'completions']],
};

/** The REPLICA_FIELDS of `obj` (by its kind) that ask for more than MAX_REPLICAS pods. */
export function replicaFieldsOverLimit(obj: { kind?: string }): Array<{ path: readonly string[]; n: number }> {
  const out: Array<{ path: readonly string[]; n: number }> = [];
  for (const path of REPLICA_FIELDS[obj.kind ?? ''] ?? []) {
    let v: any = obj;
    for (const k of path) v = v && typeof v === 'object' ? v[k] : undefined;
    if (typeof v === 'number' && v > MAX_REPLICAS) out.push({ path, n: v });
  }
  return out;
}
