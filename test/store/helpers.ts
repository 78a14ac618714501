import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import { NamespaceController } from '../../src/controllers/namespace-controller.js';

/** A cluster with no components (pure API server), or only GC + namespace controller. */
export function bare(seed = 1): Cluster {
  return new Cluster({ seed, components: () => [] });
}

export function withGc(seed = 1): Cluster {
  const c = new Cluster({ seed, components: () => [new GarbageCollector(), new NamespaceController()] });
  c.start();
  return c;
}

export function deployment(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
    },
    ...extra,
  };
}

export function pod(name: string, opts: { ns?: string; labels?: Record<string, string>; node?: string; owners?: KubeObject[]; block?: boolean } = {}): KubeObject {
  const metadata: Record<string, unknown> = { name, namespace: opts.ns ?? 'default' };
  if (opts.labels) metadata.labels = opts.labels;
  if (opts.owners)
    metadata.ownerReferences = opts.owners.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: opts.block ?? true }));
  const spec: Record<string, unknown> = { containers: [{ name: 'c', image: 'nginx:1.25' }] };
  if (opts.node) spec.nodeName = opts.node;
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata as KubeObject['metadata'], spec };
}

export function cm(name: string, ns = 'default', data: Record<string, string> = { k: 'v' }): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function ns(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Catch an ApiError and return [code, reason, message]. */
export function err(fn: () => unknown): [number, string, string] {
  try {
    fn();
  } catch (e) {
    const a = e as { code: number; reason: string; message: string };
    return [a.code, a.reason, a.message];
  }
  throw new Error('expected an ApiError');
}
