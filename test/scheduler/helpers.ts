import { Cluster } from '../../src/cluster/cluster.js';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.js';
import type { KubeObject } from '../../src/store/types.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  unschedulable?: boolean;
}

export function node(name: string, o: NodeOpts = {}): KubeObject {
  const alloc = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: alloc, allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface PodOpts {
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: unknown;
  nodeName?: string;
  priorityClassName?: string;
  hostPort?: number;
  topologySpreadConstraints?: unknown[];
  namespace?: string;
  spec?: Record<string, unknown>;
}

export function pod(name: string, o: PodOpts = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const container: Record<string, unknown> = { name: 'c', image: 'nginx:1.25', resources: Object.keys(requests).length ? { requests } : {} };
  if (o.hostPort) container.ports = [{ containerPort: 80, hostPort: o.hostPort }];
  const spec: Record<string, unknown> = { containers: [container], ...(o.spec ?? {}) };
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.affinity) spec.affinity = o.affinity;
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.priorityClassName) spec.priorityClassName = o.priorityClassName;
  if (o.topologySpreadConstraints) spec.topologySpreadConstraints = o.topologySpreadConstraints;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? {} }, spec };
}

/** A cluster running only the scheduler (no kubelets): pods stay Pending after binding. */
export function schedulerCluster(opts: SchedulerOptions = {}, seed = 0): { cluster: Cluster; sched: Scheduler } {
  const sched = new Scheduler(opts);
  const cluster = new Cluster({ seed, components: () => [sched] });
  cluster.start();
  return { cluster, sched };
}

export function create(cluster: Cluster, ...objs: KubeObject[]): void {
  for (const o of objs) cluster.store.create(o, { actor: 'test' });
}

/** Run every event due now (and a little after). */
export function settle(cluster: Cluster, ms = 0): void {
  cluster.engine.run({ until: cluster.engine.now + ms });
}

export function nodeOf(cluster: Cluster, name: string, ns = 'default'): string | undefined {
  return cluster.store.get('Pod', ns, name)?.spec?.nodeName;
}

export function events(cluster: Cluster, reason: string, name?: string): Array<{ message: string; count: number; type: string }> {
  return cluster.store
    .list('Event')
    .filter((e) => e.reason === reason && (name === undefined || e.involvedObject?.name === name))
    .map((e) => ({ message: e.message, count: e.count, type: e.type }));
}

/** Bind a pod directly (bypass scheduling) to fill a node. */
export function placed(name: string, nodeName: string, o: PodOpts = {}): KubeObject {
  return pod(name, { ...o, nodeName });
}
