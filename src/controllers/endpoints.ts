import { Controller, keyOf, splitKey } from './controller.js';
import { ApiError, type KubeObject, type StoreApi, type WatchEvent } from '../store/types.js';
import { deepEqual } from '../store/patch/json-value.js';
import { fromTimestamp, toTimestamp } from '../api/time.js';
import {
  findPort,
  isPodReady,
  podTriggerTime,
  repackSubsets,
  compareAddresses,
  serviceSelects,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  type EndpointAddress,
  type EndpointPort,
  type EndpointSubset,
} from './endpoints-util.js';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** pkg/controller/endpoint maxCapacity. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

/** The `sync` action the controller emits after each syncService (endpoints-ready observes it). */
export interface EndpointsSyncData {
  /** 'written' (created/updated), 'unchanged', 'deleted' (Service gone), 'skipped' (no selector / ExternalName), 'retry' (the write failed and is requeued). */
  result: 'written' | 'unchanged' | 'deleted' | 'skipped' | 'retry';
  ready: number;
  notReady: number;
}

/** A Service selects pods when it has a selector (nil selector: unmanaged) and is not ExternalName. */
export function managesEndpoints(svc: KubeObject): boolean {
  return svc.spec?.type !== 'ExternalName' && svc.spec?.selector !== undefined && svc.spec?.selector !== null;
}

/** Pods of the Service's namespace matching its selector, sorted by name. */
export function selectedPods(store: { list(kind: string, o: any): KubeObject[] }, svc: KubeObject): KubeObject[] {
  const sel: Record<string, string> = svc.spec?.selector ?? {};
  const s = Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',');
  return store.list('Pod', s ? { namespace: svc.metadata.namespace, labelSelector: s } : { namespace: svc.metadata.namespace });
}

/** Fields of a pod the Endpoints/EndpointSlice result depends on (podEndpointsChanged). */
export function podEndpointsChanged(a: KubeObject, b: KubeObject): boolean {
  return (
    a.status?.podIP !== b.status?.podIP ||
    isPodReady(a) !== isPodReady(b) ||
    a.status?.phase !== b.status?.phase ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
    a.spec?.nodeName !== b.spec?.nodeName ||
    a.spec?.hostname !== b.spec?.hostname ||
    a.spec?.subdomain !== b.spec?.subdomain ||
    podTriggerTime(a) !== podTriggerTime(b) ||
    !deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {})
  );
}

/** Services per namespace, per store: one watch drops a namespace's list when one of its Services changes. */
const serviceLists = new WeakMap<object, Map<string, KubeObject[]>>();

/** store.list('Service', {namespace}) without a list per pod event (the informer's cache). */
function servicesIn(store: Pick<StoreApi, 'list' | 'watch'>, namespace: string): KubeObject[] {
  let byNs = serviceLists.get(store);
  if (byNs === undefined) {
    const m = new Map<string, KubeObject[]>();
    serviceLists.set(store, (byNs = m));
    store.watch((e) => m.delete(e.object.metadata.namespace ?? 'default'), ['Service']);
  }
  let list = byNs.get(namespace);
  if (list === undefined) byNs.set(namespace, (list = store.list('Service', { namespace })));
  return list;
}

/** Keys of the Services (with a selector) in the pod's namespace whose selector matches it. */
export function servicesForPod(store: Pick<StoreApi, 'list' | 'watch'>, pod: KubeObject): string[] {
  const services = servicesIn(store, pod.metadata.namespace ?? 'default');
  if (services.length === 0) return [];
  const out: string[] = [];
  for (const svc of services) {
    if (managesEndpoints(svc) && serviceSelects(svc, pod)) out.push(keyOf(svc));
  }
  return out;
}

/** pkg/controller/endpoint truncateEndpoints: keep ready first, in proportion per subset; true when truncated. */
export function truncateSubsets(subsets: EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return { subsets, truncated: false };
  let truncateReady = false;
  let max = MAX_ENDPOINTS_CAPACITY - totalReady;
  let numTotal = totalNotReady;
  if (totalReady > MAX_ENDPOINTS_CAPACITY) {
    truncateReady = true;
    max = MAX_ENDPOINTS_CAPACITY;
    numTotal = totalReady;
  }
  let canBeAdded = max;
  const out = subsets.map((s) => {
    const inSubset = (truncateReady ? s.addresses?.length : s.notReadyAddresses?.length) ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    const t: EndpointSubset = { ...s };
    if (truncateReady) {
      if (s.addresses) t.addresses = s.addresses.slice(0, toBeAdded);
      delete t.notReadyAddresses;
      canBeAdded -= t.addresses?.length ?? 0;
    } else {
      if (s.notReadyAddresses) t.notReadyAddresses = s.notReadyAddresses.slice(0, toBeAdded);
      canBeAdded -= t.notReadyAddresses?.length ?? 0;
    }
    return t;
  });
  return { subsets: out, truncated: true };
}

/**
 * One pod's raw subsets for a Service (syncService's per-pod loop body: addEndpointSubset per
 * resolvable port), cached per (immutable) pod object while the Service object is the same, so
 * a sync over n pods builds no address objects for pods that did not change.
 */
const podSubsets = new WeakMap<KubeObject, { svc: KubeObject; raw: EndpointSubset[] }>();
/** JSON of a port object, once per (immutable) port object. */
const portTexts = new WeakMap<EndpointPort, string>();

function rawSubsetsOf(svc: KubeObject, pod: KubeObject, pnra: boolean): EndpointSubset[] {
  const c = podSubsets.get(pod);
  if (c && c.svc === svc) return c.raw;
  const raw: EndpointSubset[] = [];
  if (shouldPodBeInEndpoints(pod, pnra)) {
    const add = (epa: EndpointAddress, epp: EndpointPort | undefined): void => {
      const ports = epp ? [epp] : [];
      // addEndpointSubset: ready (or tolerated) → addresses, otherwise notReadyAddresses.
      if (pnra || isPodReady(pod)) raw.push({ addresses: [epa], ports });
      else raw.push({ notReadyAddresses: [epa], ports });
    };
    // podToEndpointAddressForService: IP, nodeName, targetRef to the pod.
    const epa: EndpointAddress = { ip: pod.status?.podIP ?? pod.status.podIPs[0].ip };
    if (shouldSetHostname(pod, svc)) epa.hostname = pod.spec.hostname;
    if (pod.spec?.nodeName) epa.nodeName = pod.spec.nodeName;
    epa.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
    const ports: any[] = svc.spec?.ports ?? [];
    if (ports.length === 0) {
      if (svc.spec?.clusterIP === 'None') add(epa, undefined);
    } else {
      for (const sp of ports) {
        const portNum = findPort(pod, sp);
        if (portNum === undefined) continue; // "Failed to find port for service"
        const epp: EndpointPort = { port: portNum, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) epp.name = sp.name;
        if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
        add(epa, epp);
      }
    }
  }
  podSubsets.set(pod, { svc, raw });
  return raw;
}

function portText(p: EndpointPort): string {
  let t = portTexts.get(p);
  if (t === undefined) portTexts.set(p, (t = JSON.stringify(p)));
  return t;
}

/** The Endpoints subsets for a Service and its selected pods (syncService's loop, then RepackSubsets). */
export function computeSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const pnra = svc.spec?.publishNotReadyAddresses === true;
  const raw: EndpointSubset[] = [];
  for (const pod of pods) for (const r of rawSubsetsOf(svc, pod, pnra)) raw.push(r);
  // Fast path for the common single-port (or portless headless) Service: one pod is one address,
  // so RepackSubsets reduces to one subset with sorted ready and not-ready lists.
  let single = raw.length > 0;
  let text: string | undefined;
  for (let i = 0; single && i < raw.length; i++) {
    const ps = raw[i]!.ports;
    if ((ps?.length ?? 0) > 1) single = false;
    else {
      const t = ps?.[0] ? portText(ps[0]) : '';
      if (text === undefined) text = t;
      else if (t !== text) single = false;
    }
  }
  if (single) {
    const s: EndpointSubset = {};
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const r of raw) {
      if (r.addresses) ready.push(r.addresses[0]!);
      if (r.notReadyAddresses) notReady.push(r.notReadyAddresses[0]!);
    }
    if (ready.length) s.addresses = ready.sort(compareAddresses);
    if (notReady.length) s.notReadyAddresses = notReady.sort(compareAddresses);
    if (raw[0]!.ports?.length) s.ports = raw[0]!.ports;
    return [s];
  }
  return repackSubsets(raw);
}

/** Timestamps are RFC 3339 in UTC with second precision: string order is time order. */
interface TriggerState {
  pods: Map<string, string>;
  service: string;
}

/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for every Service
 * with a selector, writes the Endpoints object of the same name from the matching pods.
 */
export class EndpointsController extends Controller {
  /** endpointutil.TriggerTimeTracker state per service key. */
  private readonly trigger = new Map<string, TriggerState>();

  constructor() {
    super('endpoint-controller');
  }

  protected setup(): void {
    const store = this.ctx.store;
    store.watch((e) => this.onService(e), ['Service']);
    store.watch((e) => this.onPod(e), ['Pod']);
    // onEndpointsDelete: a deleted Endpoints of a managed Service is written again.
    store.watch((e) => {
      if (e.type === 'DELETED') {
        const svc = store.get('Service', e.object.metadata.namespace, e.object.metadata.name!);
        if (svc && managesEndpoints(svc)) this.enqueue(keyOf(e.object));
      }
    }, ['Endpoints']);
    for (const svc of store.list('Service', { namespace: '' })) if (managesEndpoints(svc)) this.enqueue(keyOf(svc));
  }

  private onService(e: WatchEvent): void {
    this.enqueue(keyOf(e.object));
  }

  private onPod(e: WatchEvent): void {
    const store = this.ctx.store;
    if (e.type === 'MODIFIED' && e.old && !podEndpointsChanged(e.old, e.object)) return;
    let keys = servicesForPod(store, e.object);
    if (e.type === 'MODIFIED' && e.old && !deepEqual(e.old.metadata.labels ?? {}, e.object.metadata.labels ?? {})) keys = keys.concat(servicesForPod(store, e.old));
    // Most pods are selected by no Service: nothing to sort or enqueue.
    if (keys.length === 0) return;
    for (const k of [...new Set(keys)].sort()) this.enqueue(k);
  }

  /** ComputeEndpointLastChangeTriggerTime: the earliest trigger newer than what the last sync saw. */
  private triggerTime(key: string, svc: KubeObject, pods: KubeObject[]): string | undefined {
    const state = this.trigger.get(key);
    const next: TriggerState = { pods: new Map(), service: '' };
    let min: string | undefined;
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (!t) continue;
      next.pods.set(pod.metadata.name!, t);
      const prev = state?.pods.get(pod.metadata.name!);
      if ((prev === undefined || t > prev) && (min === undefined || t < min)) min = t;
    }
    const svcTime = svc.metadata.creationTimestamp!;
    if ((!state || svcTime > state.service) && (min === undefined || svcTime < min)) min = svcTime;
    next.service = svcTime;
    this.trigger.set(key, next);
    return min;
  }

  protected reconcile(key: string): void {
    const data = this.syncService(key);
    this.ctx.actions.emit({ component: this.name, action: 'sync', object: key, data: { ...data } });
  }

  private syncService(key: string): EndpointsSyncData {
    const store = this.ctx.store;
    const { namespace, name } = splitKey(key);
    const svc = store.get('Service', namespace, name);
    const opts = { actor: this.name, origin: 'system' as const };
    if (!svc) {
      // The Service is gone: delete its Endpoints (they carry no owner reference).
      this.trigger.delete(key);
      if (store.get('Endpoints', namespace, name)) this.tolerate(key, () => store.delete('Endpoints', namespace, name, { actor: this.name }));
      return { result: 'deleted', ready: 0, notReady: 0 };
    }
    if (!managesEndpoints(svc)) return { result: 'skipped', ready: 0, notReady: 0 };
    const pods = selectedPods(store, svc);
    const trigger = this.triggerTime(key, svc, pods);
    const subsets = computeSubsets(svc, pods);
    let ready = 0;
    let notReady = 0;
    for (const s of subsets) {
      ready += s.addresses?.length ?? 0;
      notReady += s.notReadyAddresses?.length ?? 0;
    }
    const current = store.get('Endpoints', namespace, name);
    const svcLabels: Record<string, string> = svc.metadata.labels ?? {};
    if (current) {
      const labels: Record<string, string> = { ...(current.metadata.labels ?? {}) };
      delete labels[HEADLESS_LABEL];
      const curTotal = (current.subsets ?? []).reduce((n: number, s: EndpointSubset) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
      const capacityOk = curTotal <= MAX_ENDPOINTS_CAPACITY && !(current.metadata.annotations && OVER_CAPACITY in current.metadata.annotations);
      if (deepEqual(current.subsets ?? [], subsets) && deepEqual(labels, svcLabels) && capacityOk) return { result: 'unchanged', ready, notReady };
    }
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (trigger !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = toTimestamp(fromTimestamp(trigger));
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    const t = truncateSubsets(subsets);
    if (t.truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    const labels: Record<string, string> = { ...svcLabels };
    if (svc.spec?.clusterIP === 'None' || !svc.spec?.clusterIP) labels[HEADLESS_LABEL] = '';
    const metadata: KubeObject['metadata'] = current ? { ...current.metadata } : { name, namespace };
    if (Object.keys(labels).length) metadata.labels = labels;
    else delete metadata.labels;
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    else delete metadata.annotations;
    const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata };
    if (t.subsets.length) ep.subsets = t.subsets;
    const ok = this.tolerate(key, () => (current ? store.update(ep, opts) : store.create(ep, opts)));
    return { result: ok ? 'written' : 'retry', ready, notReady };
  }

  /** A failed write is retried (the workqueue's rate-limited requeue; 5ms base delay). */
  private tolerate(key: string, fn: () => unknown): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.reason === 'Conflict' || err.reason === 'NotFound' || err.reason === 'AlreadyExists')) {
        this.enqueueAfter(key, 5);
        return false;
      }
      if (err instanceof ApiError && err.reason === 'Forbidden') return false; // namespace terminating
      throw err;
    }
  }
}
