import { Cluster, type NodeSpec } from '../../src/cluster/cluster.js';
import type { Component } from '../../src/cluster/context.js';
import type { Profile, Settings } from '../../src/cluster/settings.js';
import { NodeLifecycleController } from '../../src/controllers/node-lifecycle.js';
import { PodGCController } from '../../src/controllers/pod-gc.js';
import { TaintEvictionController } from '../../src/controllers/taint-eviction.js';
import type { NodeAgent } from '../../src/kubelet/node-agent.js';
import { nodeAgents } from '../../src/kubelet/node-agents.js';
import type { KubeObject } from '../../src/store/types.js';

export const S = 1000;

export function ts(ms: number): string {
  return new Date(Date.UTC(2024, 3, 17) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface NodeHarnessOptions {
  nodes?: NodeSpec[];
  profile?: Profile;
  settings?: Partial<Settings>;
  /** Which components besides the kubelets (default: lifecycle + taint eviction + pod GC). */
  components?: (c: Cluster) => Component[];
  kubelets?: boolean;
}

/** A cluster with kubelets, the node lifecycle controller, the taint eviction controller and pod GC. */
export function nodeCluster(opts: NodeHarnessOptions = {}) {
  const extra = opts.components ?? (() => [new NodeLifecycleController(), new TaintEvictionController(), new PodGCController()]);
  const cluster = new Cluster({
    nodes: opts.nodes ?? [{ name: 'node-a' }, { name: 'node-b' }],
    profile: opts.profile,
    settings: opts.settings,
    components: (c) => [...(opts.kubelets === false ? [] : nodeAgents(c)), ...extra(c)],
  });
  cluster.start();
  const store = cluster.store;
  /** First deletionTimestamp each pod got, and when (a live kubelet may remove the pod at once). */
  const deletions = new Map<string, { at: number; deletionTimestamp: string; grace: number | undefined }>();
  const last = new Map<string, KubeObject>();
  /** The last state of a pod, also after it is gone. */
  const lastSeen = (name: string) => last.get(name);
  store.watch((e) => {
    const m = e.object.metadata;
    last.set(m.name!, e.object);
    if (m.deletionTimestamp && !deletions.has(m.name!)) deletions.set(m.name!, { at: cluster.engine.now, deletionTimestamp: m.deletionTimestamp, grace: m.deletionGracePeriodSeconds });
  }, ['Pod']);
  const agent = (name: string) => cluster.component<NodeAgent>(`kubelet/${name}`)!;
  const lifecycle = () => cluster.component<NodeLifecycleController>('node-lifecycle-controller')!;
  const eviction = () => cluster.component<TaintEvictionController>('taint-eviction-controller')!;
  const node = (name: string) => store.get('Node', undefined, name)!;
  const nodeCond = (name: string, type = 'Ready') => node(name).status?.conditions?.find((c: any) => c.type === type);
  const taints = (name: string) => (node(name).spec?.taints ?? []) as Array<{ key: string; effect: string; value?: string; timeAdded?: string }>;
  const pod = (name: string, ns = 'default') => store.get('Pod', ns, name);
  const podCond = (name: string, type: string) => pod(name)?.status?.conditions?.find((c: any) => c.type === type);
  const create = (p: KubeObject) => store.create(p, { actor: 'test' });
  const runTo = (ms: number) => cluster.engine.run({ until: ms });
  const events = (name: string, reason?: string) =>
    store
      .list('Event')
      .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason))
      .map((e) => ({ type: e.type, reason: e.reason, message: e.message, source: e.source.component, count: e.count, first: e.firstTimestamp }));
  /** First virtual time (ms) at which `cond` holds, stepping the engine event by event up to `until`. */
  const firstTime = (cond: () => boolean, until: number): number | undefined => {
    let found: number | undefined;
    cluster.engine.run({ until, stopWhen: () => cond() && (found = cluster.engine.now) !== undefined });
    return found;
  };
  return { cluster, store, deletions, lastSeen, agent, lifecycle, eviction, node, nodeCond, taints, pod, podCond, create, runTo, events, firstTime };
}

/** A bare pod bound to a node (the kubelet runs it; no scheduler needed). */
export function boundPod(name: string, node: string, extra: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx' }], ...extra },
  };
}
