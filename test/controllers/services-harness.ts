import { Cluster } from '../../src/cluster/cluster.js';
import { ServiceAllocator } from '../../src/controllers/service-allocator.js';
import { EndpointsController } from '../../src/controllers/endpoints.js';
import { EndpointSliceController } from '../../src/controllers/endpointslice.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import type { KubeObject } from '../../src/store/types.js';

/** A cluster with only the service components (no kubelet: pod status is written by the test). */
export function services(seed = 0): Cluster {
  const c = new Cluster({ seed, components: () => [new GarbageCollector(), new ServiceAllocator(), new EndpointsController(), new EndpointSliceController()] });
  c.start();
  return c;
}

export function svc(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) }, spec };
}

export interface PodOpts {
  labels?: Record<string, string>;
  ip?: string;
  ready?: boolean;
  node?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  hostname?: string;
  subdomain?: string;
  phase?: string;
  readyAt?: string;
}

/** Create a pod and write its status (phase Running, podIP, Ready condition) as a kubelet would. */
export function runPod(c: Cluster, name: string, o: PodOpts = {}): KubeObject {
  const spec: Record<string, unknown> = { containers: [{ name: 'c', image: 'nginx:1.25', ...(o.ports ? { ports: o.ports } : {}) }] };
  if (o.node) spec.nodeName = o.node;
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const p = c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web' } }, spec }, { origin: 'system' });
  return setStatus(c, p.metadata.name!, { ip: o.ip, ready: o.ready ?? true, phase: o.phase ?? 'Running', readyAt: o.readyAt });
}

export function setStatus(c: Cluster, name: string, s: { ip?: string; ready: boolean; phase?: string; readyAt?: string }): KubeObject {
  const p = c.store.get('Pod', 'default', name)!;
  const status: Record<string, unknown> = {
    phase: s.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: s.ready ? 'True' : 'False', lastTransitionTime: s.readyAt ?? '2024-04-17T00:00:00Z' }],
  };
  if (s.ip) {
    status.podIP = s.ip;
    status.podIPs = [{ ip: s.ip }];
  }
  return c.store.updateStatus({ ...p, status }, { origin: 'system' });
}

export function settle(c: Cluster): void {
  c.engine.run({ until: c.engine.now + 1 });
}
