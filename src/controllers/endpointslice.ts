import { Controller, keyOf, splitKey } from './controller.js';
import { ApiError, type KubeObject, type WatchEvent } from '../store/types.js';
import { deepEqual } from '../store/patch/json-value.js';
import { HEADLESS_LABEL, managesEndpoints, podEndpointsChanged, selectedPods, servicesForPod } from './endpoints.js';
import { findPort, isPodReady, shouldPodBeInEndpoints, shouldSetHostname } from './endpoints-util.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice default (staging/src/k8s.io/endpointslice). */
export const MAX_ENDPOINTS_PER_SLICE = 100;

interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** getEndpointPorts (endpointslice/utils.go): each service port resolved for the pod; unresolvable ones are left out. */
export function endpointPorts(svc: KubeObject, pod: KubeObject): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const n = findPort(pod, sp);
    if (n === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** podToEndpoint (endpointslice/utils.go): conditions ready / serving / terminating, targetRef, nodeName, zone, hostname. */
export function podToEndpoint(pod: KubeObject, node: KubeObject | undefined, svc: KubeObject): Record<string, any> {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // "ready" is never true for a terminating pod, unless publishNotReadyAddresses.
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Record<string, any> = {
    addresses: [pod.status?.podIP ?? pod.status.podIPs[0].ip],
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  if (zone) ep.zone = zone;
  return ep;
}

const portsKey = (ports: SlicePort[]): string =>
  ports
    .map((p) => `${p.name}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
const endpointKey = (ep: Record<string, any>): string => `${ep.targetRef?.uid ?? ''}/${ep.addresses.join(',')}`;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice, staging/src/k8s.io/endpointslice
 * reconciler.go): for a Service with a selector, endpoints are grouped by their resolved port
 * set; each group lives in slices of at most 100 endpoints. Reconcile per group
 * (reconcileByPortMapping): existing slices keep their endpoints in place (updated when
 * changed, removed when gone, deleted when empty), new endpoints first fill slices already being
 * updated, then one unchanged slice with room for all of them, then new slices named
 * `<service>-<5 random chars>`. A Service with no endpoints gets one empty placeholder slice.
 */
export class EndpointSliceController extends Controller {
  private readonly cache = new WeakMap<KubeObject, { svc: KubeObject; node: KubeObject | undefined; ep: Record<string, any>; ports: SlicePort[]; pk: string }>();
  /** endpointKey per (immutable) endpoint object. */
  private readonly epKeys = new WeakMap<object, string>();

  private readonly sigs = new WeakMap<object, string>();

  constructor() {
    super('endpointslice-controller');
  }

  private epKey(ep: Record<string, any>): string {
    let k = this.epKeys.get(ep);
    if (k === undefined) this.epKeys.set(ep, (k = endpointKey(ep)));
    return k;
  }

  /** A JSON signature per (immutable) endpoint object, computed once: equal signatures mean equal endpoints. */
  private sig(ep: Record<string, any>): string {
    let v = this.sigs.get(ep);
    if (v === undefined) this.sigs.set(ep, (v = JSON.stringify(ep)));
    return v;
  }

  protected setup(): void {
    const store = this.ctx.store;
    store.watch((e) => this.enqueue(keyOf(e.object)), ['Service']);
    store.watch((e) => this.onPod(e), ['Pod']);
    store.watch((e) => {
      const labels = e.object.metadata.labels ?? {};
      if (e.type === 'DELETED' && labels[MANAGED_BY_LABEL] === CONTROLLER_NAME && labels[SERVICE_NAME_LABEL]) this.enqueue(`${e.object.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`);
    }, ['EndpointSlice']);
    for (const svc of store.list('Service', { namespace: '' })) if (managesEndpoints(svc)) this.enqueue(keyOf(svc));
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'MODIFIED' && e.old && !podEndpointsChanged(e.old, e.object)) return;
    let keys = servicesForPod(this.ctx.store, e.object);
    if (e.type === 'MODIFIED' && e.old) keys = keys.concat(servicesForPod(this.ctx.store, e.old));
    // Most pods are selected by no Service: nothing to sort or enqueue.
    if (keys.length === 0) return;
    for (const k of [...new Set(keys)].sort()) this.enqueue(k);
  }

  protected reconcile(key: string): void {
    const store = this.ctx.store;
    const { namespace, name } = splitKey(key);
    const svc = store.get('Service', namespace, name);
    // A deleted Service's slices go through the garbage collector (owner reference).
    if (!svc || !managesEndpoints(svc)) return;
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: CONTROLLER_NAME };
    if (svc.spec?.clusterIP === 'None' || !svc.spec?.clusterIP) labels[HEADLESS_LABEL] = '';
    // Desired endpoints grouped by port set, in pod name order.
    const desired = new Map<string, { ports: SlicePort[]; eps: Map<string, Record<string, any>> }>();
    for (const pod of selectedPods(store, svc)) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const node = pod.spec?.nodeName ? store.get('Node', undefined, pod.spec.nodeName) : undefined;
      // Store objects are immutable: the endpoint (and port set) of an unchanged (pod, node, service) is reused.
      let c = this.cache.get(pod);
      if (!c || c.svc !== svc || c.node !== node) {
        const ports = endpointPorts(svc, pod);
        c = { svc, node, ep: podToEndpoint(pod, node, svc), ports, pk: portsKey(ports) };
        this.cache.set(pod, c);
      }
      let g = desired.get(c.pk);
      if (!g) desired.set(c.pk, (g = { ports: c.ports, eps: new Map() }));
      g.eps.set(this.epKey(c.ep), c.ep);
    }
    const existing = store
      .list('EndpointSlice', { namespace, labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` })
      .filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
    const byPorts = new Map<string, KubeObject[]>();
    for (const s of existing) {
      const pk = portsKey(s.ports ?? []);
      byPorts.set(pk, [...(byPorts.get(pk) ?? []), s]);
    }
    const toCreate: Array<{ ports: SlicePort[]; endpoints: Record<string, any>[] }> = [];
    const toUpdate: KubeObject[] = [];
    const toDelete: KubeObject[] = [];
    const unchanged: KubeObject[] = [];
    const groupKeys = [...new Set([...desired.keys(), ...byPorts.keys()])].sort();
    for (const pk of groupKeys) {
      const want = desired.get(pk);
      const remaining = new Map(want?.eps ?? []);
      const updating: KubeObject[] = [];
      const keep: KubeObject[] = [];
      for (const s of byPorts.get(pk) ?? []) {
        let changed = false;
        const eps: Record<string, any>[] = [];
        for (const ep of s.endpoints ?? []) {
          const k = this.epKey(ep);
          const w = remaining.get(k);
          if (!w) {
            changed = true;
            continue;
          }
          if (ep !== w && this.sig(ep) !== this.sig(w) && !deepEqual(ep, w)) changed = true;
          eps.push(w);
          remaining.delete(k);
        }
        if (eps.length === 0 && (s.endpoints ?? []).length > 0) toDelete.push(s);
        else if (eps.length === 0 && !want) toDelete.push(s);
        else if (changed) updating.push({ ...s, endpoints: eps });
        else keep.push(s);
      }
      const rest = [...remaining.values()];
      // Fill slices already being updated.
      for (let i = 0; i < updating.length && rest.length; i++) {
        const s = updating[i]!;
        const room = MAX_ENDPOINTS_PER_SLICE - s.endpoints.length;
        if (room > 0) updating[i] = { ...s, endpoints: [...s.endpoints, ...rest.splice(0, room)] };
      }
      // Then one unchanged slice with room for all that is left (the fullest such slice).
      if (rest.length) {
        const fit = [...keep].sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0)).find((s) => MAX_ENDPOINTS_PER_SLICE - (s.endpoints?.length ?? 0) >= rest.length);
        if (fit) {
          keep.splice(keep.indexOf(fit), 1);
          updating.push({ ...fit, endpoints: [...(fit.endpoints ?? []), ...rest.splice(0)] });
        }
      }
      while (rest.length) toCreate.push({ ports: want!.ports, endpoints: rest.splice(0, MAX_ENDPOINTS_PER_SLICE) });
      toUpdate.push(...updating);
      unchanged.push(...keep);
    }
    // Placeholder: a Service without endpoints keeps one empty slice (reconciler.go placeholderSliceCompare).
    if (desired.size === 0) {
      const placeholder = [...toDelete, ...unchanged].find((s) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0);
      if (placeholder) {
        toDelete.splice(toDelete.indexOf(placeholder), 1);
        if (!unchanged.includes(placeholder)) unchanged.push(placeholder);
      } else if (toDelete.length) {
        // Recycle a slice being emptied into the placeholder instead of delete + create.
        const s = toDelete.shift()!;
        toUpdate.push({ ...s, endpoints: [], ports: undefined });
      } else if (unchanged.length === 0) toCreate.push({ ports: [], endpoints: [] });
    } else {
      // A placeholder is recycled for the first new slice, otherwise deleted.
      for (const s of [...toDelete]) {
        if ((s.endpoints ?? []).length || (s.ports ?? []).length || toCreate.length === 0) continue;
        toDelete.splice(toDelete.indexOf(s), 1);
        const c = toCreate.shift()!;
        toUpdate.push({ ...s, endpoints: c.endpoints, ports: c.ports });
      }
    }
    // Label changes of the Service reach every slice.
    for (const s of unchanged) if (!deepEqual(s.metadata.labels ?? {}, labels)) toUpdate.push(s);
    const opts = { actor: this.name, origin: 'system' as const };
    try {
      for (const c of toCreate) store.create(this.newSlice(svc, labels, c.ports, c.endpoints), opts);
      for (const s of toUpdate) {
        const out: KubeObject = { ...s, metadata: { ...s.metadata, labels } };
        if (out.ports === undefined || out.ports.length === 0) delete out.ports;
        store.update(out, opts);
      }
      for (const s of toDelete) store.delete('EndpointSlice', namespace, s.metadata.name!, { actor: this.name });
    } catch (err) {
      if (err instanceof ApiError && (err.reason === 'Conflict' || err.reason === 'NotFound' || err.reason === 'AlreadyExists')) return this.enqueueAfter(key, 5);
      if (err instanceof ApiError && err.reason === 'Forbidden') return;
      throw err;
    }
  }

  /** newEndpointSlice (endpointslice/utils.go): generateName `<service>-`, owner reference to the Service. */
  private newSlice(svc: KubeObject, labels: Record<string, string>, ports: SlicePort[], endpoints: Record<string, any>[]): KubeObject {
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints,
    };
    if (ports.length) slice.ports = ports;
    return slice;
  }
}
