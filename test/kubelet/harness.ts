import { Cluster, type NodeSpec } from '../../src/cluster/cluster.js';
import { DEFAULT_IMAGE } from '../../src/cluster/cluster.js';
import type { ImageBehaviour } from '../../src/cluster/context.js';
import { nodeAgents } from '../../src/kubelet/node-agents.js';
import type { NodeAgent } from '../../src/kubelet/node-agent.js';
import type { KubeObject } from '../../src/store/types.js';

export const S = 1000;

/** A cluster with only node agents (no scheduler, no controllers). */
export function kubeletCluster(opts: { nodes?: NodeSpec[]; images?: Record<string, Partial<ImageBehaviour>>; seed?: number } = {}) {
  const images = opts.images ? new Map(Object.entries(opts.images).map(([k, v]) => [k, { ...DEFAULT_IMAGE, ...v }])) : undefined;
  const cluster = new Cluster({ nodes: opts.nodes ?? [{ name: 'node-a' }], images, seed: opts.seed, components: (c) => nodeAgents(c) });
  cluster.start();
  cluster.engine.run({ until: 0 });
  const agent = (name = 'node-a') => cluster.component<NodeAgent>(`kubelet/${name}`)!;
  const pod = (name: string, ns = 'default') => cluster.store.get('Pod', ns, name);
  const create = (p: KubeObject) => cluster.store.create(p, { actor: 'test' });
  const runTo = (ms: number) => cluster.engine.run({ until: ms });
  const events = (name: string, reason?: string) =>
    cluster.store
      .list('Event')
      .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason))
      .map((e) => ({ reason: e.reason, message: e.message, count: e.count, first: e.firstTimestamp, last: e.lastTimestamp, type: e.type }));
  const cs = (name: string, container?: string) => {
    const p = pod(name);
    const list = [...(p?.status?.containerStatuses ?? [])];
    return container ? list.find((c: any) => c.name === container) : list[0];
  };
  const cond = (name: string, type: string) => pod(name)?.status?.conditions?.find((c: any) => c.type === type);
  return { cluster, agent, pod, create, runTo, events, cs, cond };
}

/** A bare pod bound to `node`. */
export function podManifest(name: string, spec: Record<string, any>, node = 'node-a'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, ...spec } };
}

export function ts(ms: number): string {
  return new Date(Date.UTC(2024, 3, 17) + ms).toISOString().replace('.000Z', 'Z');
}
