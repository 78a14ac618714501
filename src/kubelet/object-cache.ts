import type { KubeObject, StoreApi } from '../store/types.js';

type Kind = 'ConfigMap' | 'Secret';

/**
 * One kubelet's ConfigMap and Secret manager (pkg/kubelet/util/manager/watch_based_manager.go,
 * the default Watch strategy): a watch per object referenced by the node's pods, so reads are
 * current, except that once an object is seen with `immutable: true` its watch is stopped and
 * the kubelet keeps that copy: deleting (or deleting and recreating) it later goes unnoticed
 * for as long as a pod on the node references it (RegisterPod/UnregisterPod reference counts).
 */
export class ObjectCache {
  private readonly refs = new Map<string, number>();
  private readonly frozen = new Map<string, KubeObject>();

  constructor(private readonly store: StoreApi) {}

  /** The object as this kubelet sees it, or undefined (NotFound). */
  get(kind: Kind, namespace: string, name: string): KubeObject | undefined {
    const key = `${kind}/${namespace}/${name}`;
    const kept = this.frozen.get(key);
    if (kept) return kept;
    const obj = this.store.get(kind, namespace, name);
    if (obj && obj.immutable === true && this.refs.has(key)) this.frozen.set(key, obj);
    return obj;
  }

  /** RegisterPod: the pod's ConfigMap and Secret references. */
  register(pod: KubeObject): void {
    for (const key of podReferences(pod)) this.refs.set(key, (this.refs.get(key) ?? 0) + 1);
  }

  /** UnregisterPod: objects no pod references any more are forgotten. */
  unregister(pod: KubeObject): void {
    for (const key of podReferences(pod)) {
      const n = (this.refs.get(key) ?? 0) - 1;
      if (n > 0) this.refs.set(key, n);
      else {
        this.refs.delete(key);
        this.frozen.delete(key);
      }
    }
  }
}

/** The per-kubelet caches, by the kubelet (its NodeAgent). */
const caches = new WeakMap<object, ObjectCache>();

/** The ObjectCache of a kubelet (created on first use). */
export function objectCacheOf(kubelet: object, store: StoreApi): ObjectCache {
  let c = caches.get(kubelet);
  if (!c) caches.set(kubelet, (c = new ObjectCache(store)));
  return c;
}

/** Whether a pod references any ConfigMap or Secret (most pods do not: no registration then). */
export function hasObjectReferences(pod: KubeObject): boolean {
  return podReferences(pod).size > 0;
}

/**
 * podutil.VisitPodConfigmapNames / VisitPodSecretNames: env, envFrom (every container kind),
 * configMap/secret volumes and projected sources, imagePullSecrets. `Kind/namespace/name` keys.
 */
function podReferences(pod: KubeObject): Set<string> {
  const ns = pod.metadata.namespace ?? 'default';
  const out = new Set<string>();
  const add = (kind: Kind, name: unknown) => {
    if (typeof name === 'string' && name !== '') out.add(`${kind}/${ns}/${name}`);
  };
  const spec = pod.spec ?? {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const ef of c.envFrom ?? []) {
      add('ConfigMap', ef.configMapRef?.name);
      add('Secret', ef.secretRef?.name);
    }
    for (const e of c.env ?? []) {
      add('ConfigMap', e.valueFrom?.configMapKeyRef?.name);
      add('Secret', e.valueFrom?.secretKeyRef?.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    add('ConfigMap', v.configMap?.name);
    add('Secret', v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      add('ConfigMap', s.configMap?.name);
      add('Secret', s.secret?.name);
    }
  }
  for (const s of spec.imagePullSecrets ?? []) add('Secret', s.name);
  return out;
}
