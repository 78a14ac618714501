/**
 * ResourceQuota usage and admission checks, as pure functions over objects:
 *  - pod usage: pkg/quota/v1/evaluator/core/pods.go (PodUsageFunc, podComputeUsageHelper,
 *    QuotaV1Pod, Constraints, scopes);
 *  - object counts: `count/<resource>[.<group>]` for every kind, plus the legacy names
 *    (services, configmaps, secrets, persistentvolumeclaims, replicationcontrollers,
 *    resourcequotas) and services.nodeports / services.loadbalancers (services.go);
 *  - the admission decision: staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/
 *    controller.go CheckRequest with its exact messages.
 * Quantities are kept as Quantity so sums print as Go's resource.Quantity.String() does.
 */
import { kindInfo } from '../kinds.js';
import { parseQuantity, type Quantity } from '../quantity.js';
import { computePodQOS } from '../qos.js';
import { fromTimestamp } from '../time.js';
import { labelSelectorAsSelector } from '../selector.js';
import type { KubeObject } from '../../store/types.js';

type Obj = Record<string, any>;
export type Usage = Map<string, Quantity>;

const ONE = parseQuantity('1');

/** `count/pods`, `count/deployments.apps`: generic.ObjectCountQuotaResourceNameFor. */
export function objectCountName(kind: string): string | undefined {
  const info = kindInfo(kind);
  if (!info) return undefined;
  return info.group ? `count/${info.resource}.${info.group}` : `count/${info.resource}`;
}

/** The legacy object-count names (pkg/quota/v1/evaluator/core/registry.go legacyObjectCountAliases). */
const LEGACY_COUNT: Record<string, string> = {
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  ReplicationController: 'replicationcontrollers',
  ResourceQuota: 'resourcequotas',
};

function addTo(u: Usage, name: string, q: Quantity): void {
  const prev = u.get(name);
  u.set(name, prev ? prev.add(q) : q);
}

function maxInto(u: Usage, name: string, q: Quantity): void {
  const prev = u.get(name);
  if (!prev || q.cmp(prev) > 0) u.set(name, q);
}

function addList(into: Usage, list: Obj | undefined): void {
  if (!list) return;
  for (const k of Object.keys(list)) addTo(into, k, parseQuantity(String(list[k])));
}

/** resourcehelper.PodRequests / PodLimits (1.30): sidecars add, init containers max, plus overhead. */
function podResourceList(pod: KubeObject, field: 'requests' | 'limits'): Usage {
  const spec: Obj = pod.spec ?? {};
  const out: Usage = new Map();
  for (const c of spec.containers ?? []) addList(out, c?.resources?.[field]);
  const sidecars: Usage = new Map();
  const init: Usage = new Map();
  for (const c of spec.initContainers ?? []) {
    const own: Obj | undefined = c?.resources?.[field];
    let eff: Usage;
    if (c?.restartPolicy === 'Always') {
      addList(out, own);
      addList(sidecars, own);
      eff = sidecars;
    } else {
      eff = new Map(sidecars);
      addList(eff, own);
    }
    for (const [k, q] of eff) maxInto(init, k, q);
  }
  for (const [k, q] of init) maxInto(out, k, q);
  addList(out, spec.overhead);
  return out;
}

const isNative = (name: string): boolean => !name.includes('/') || name.startsWith('kubernetes.io/');
const isExtended = (name: string): boolean => !isNative(name) && !name.startsWith('requests.');

/** podComputeUsageHelper: pods=1 and the compute names derived from requests and limits. */
function computeUsage(requests: Usage | Obj | undefined, limits: Usage | Obj | undefined): Usage {
  const get = (l: Usage | Obj | undefined, k: string): Quantity | undefined => {
    if (!l) return undefined;
    if (l instanceof Map) return l.get(k);
    return l[k] === undefined ? undefined : parseQuantity(String(l[k]));
  };
  const keys = (l: Usage | Obj | undefined): string[] => (!l ? [] : l instanceof Map ? [...l.keys()] : Object.keys(l));
  const r: Usage = new Map([['pods', ONE]]);
  for (const res of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = get(requests, res);
    if (req) {
      r.set(res, req);
      r.set(`requests.${res}`, req);
    }
    const lim = get(limits, res);
    if (lim) r.set(`limits.${res}`, lim);
  }
  for (const k of keys(requests)) {
    const q = get(requests, k)!;
    if (k.startsWith('hugepages-')) {
      r.set(k, q);
      r.set(`requests.${k}`, q);
    }
    if (isExtended(k)) r.set(`requests.${k}`, q);
  }
  return r;
}

/** QuotaV1Pod: terminal pods and pods stuck past their deletion grace are not charged. */
export function quotaV1Pod(pod: KubeObject, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const dt = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (dt && grace !== undefined && grace !== null && nowMs > fromTimestamp(dt) + grace * 1000) return false;
  return true;
}

/** The quota usage of one object (evaluator.Usage). */
export function objectUsage(obj: KubeObject, nowMs: number): Usage {
  const u: Usage = new Map();
  const count = objectCountName(obj.kind);
  if (count) u.set(count, ONE);
  const legacy = LEGACY_COUNT[obj.kind];
  if (legacy) u.set(legacy, ONE);
  if (obj.kind === 'Pod') {
    if (!quotaV1Pod(obj, nowMs)) return u;
    for (const [k, q] of computeUsage(podResourceList(obj, 'requests'), podResourceList(obj, 'limits'))) u.set(k, q);
  } else if (obj.kind === 'Service') {
    const type = obj.spec?.type ?? 'ClusterIP';
    const ports: number = Array.isArray(obj.spec?.ports) ? obj.spec.ports.length : 0;
    if (type === 'NodePort') u.set('services.nodeports', parseQuantity(String(ports)));
    if (type === 'LoadBalancer') {
      u.set('services.loadbalancers', ONE);
      u.set('services.nodeports', parseQuantity(String(obj.spec?.allocateLoadBalancerNodePorts === false ? 0 : ports)));
    }
  } else if (obj.kind === 'PersistentVolumeClaim') {
    const st = obj.spec?.resources?.requests?.storage;
    if (st !== undefined) {
      u.set('requests.storage', parseQuantity(String(st)));
      const sc = obj.spec?.storageClassName;
      if (sc) {
        u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, parseQuantity(String(st)));
        u.set(`${sc}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
      }
    }
  }
  return u;
}

/** The resources of a quota's hard list that this object's evaluator tracks (MatchingResources). */
export function matchingResources(kind: string, hard: readonly string[]): string[] {
  if (kind !== 'Pod') {
    const names = new Set<string>([objectCountName(kind) ?? '', LEGACY_COUNT[kind] ?? '']);
    if (kind === 'Service') (names.add('services.nodeports'), names.add('services.loadbalancers'));
    return hard.filter((h) => names.has(h) || (kind === 'PersistentVolumeClaim' && (h === 'requests.storage' || h.includes('.storageclass.storage.k8s.io/'))));
  }
  const pod = ['count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods'];
  return hard.filter((h) => pod.includes(h) || h.startsWith('hugepages-') || h.startsWith('requests.hugepages-') || (h.startsWith('requests.') && isExtended(h.slice('requests.'.length))));
}

/** podMatchesScopeFunc (and generic objects: only quotas without pod scopes match them). */
function scopeMatches(scope: string, op: string, values: string[] | undefined, obj: KubeObject): boolean {
  if (obj.kind !== 'Pod') return false;
  const spec: Obj = obj.spec ?? {};
  switch (scope) {
    case 'Terminating':
      return typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0);
    case 'BestEffort':
      return computePodQOS(obj as never) === 'BestEffort';
    case 'NotBestEffort':
      return computePodQOS(obj as never) !== 'BestEffort';
    case 'PriorityClass': {
      const pc: string = spec.priorityClassName ?? '';
      if (op === 'Exists') return pc !== '';
      const sel = labelSelectorAsSelector({ matchExpressions: [{ key: 'PriorityClass', operator: op, values: values ?? [] }] });
      return sel.matches(pc ? { PriorityClass: pc } : {});
    }
    case 'CrossNamespacePodAffinity': {
      const terms = (a: Obj | undefined): Obj[] => [
        ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        ...(a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w: Obj) => w?.podAffinityTerm ?? {}),
      ];
      const all = [...terms(spec.affinity?.podAffinity), ...terms(spec.affinity?.podAntiAffinity)];
      return all.some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
    }
  }
  return false;
}

/** generic.Matches: the quota tracks one of the object's resources and every scope selector matches. */
export function quotaMatches(quota: KubeObject, obj: KubeObject): boolean {
  const hard = Object.keys(quota.status?.hard ?? quota.spec?.hard ?? {});
  if (matchingResources(obj.kind, hard).length === 0) return false;
  const selectors: { scope: string; op: string; values?: string[] }[] = (quota.spec?.scopes ?? []).map((s: string) => ({ scope: s, op: 'Exists' }));
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) selectors.push({ scope: e.scopeName, op: e.operator, values: e.values });
  return selectors.every((s) => scopeMatches(s.scope, s.op, s.values, obj));
}

/** prettyPrint: `name=value` sorted by name, joined with ",". */
export function prettyPrint(u: Usage): string {
  return [...u.keys()]
    .sort()
    .map((k) => `${k}=${u.get(k)!.toString()}`)
    .join(',');
}

/** Resource lists of a quota object as Usage maps. */
export function usageOf(list: Obj | undefined): Usage {
  const u: Usage = new Map();
  for (const k of Object.keys(list ?? {})) u.set(k, parseQuantity(String(list![k])));
  return u;
}

/** The Constraints error ("must specify ...") for a pod against the quota's tracked resources, or undefined. */
function podConstraints(pod: KubeObject, required: string[]): string | undefined {
  const validation = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);
  const req = required.filter((r) => validation.has(r));
  if (req.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    const have = computeUsage(c?.resources?.requests, c?.resources?.limits);
    for (const r of req) {
      if (have.has(r)) continue;
      let s = missing.get(r);
      if (!s) missing.set(r, (s = new Set()));
      s.add(String(c?.name ?? ''));
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

export interface QuotaDecision {
  /** The Forbidden message after `<resource> "<name>" is forbidden: `, when the request is refused. */
  forbidden?: string;
  /** Quotas whose status.used grows with this request (name -> new used list). */
  charges: { quota: KubeObject; used: Record<string, string> }[];
}

/**
 * CheckRequest for a CREATE (or an UPDATE with `old`): the quotas of the object's namespace,
 * sorted by name as the lister returns them.
 */
export function checkQuotaRequest(quotas: readonly KubeObject[], obj: KubeObject, old: KubeObject | undefined, nowMs: number): QuotaDecision {
  const interesting: KubeObject[] = [];
  for (const q of quotas) {
    if (!quotaMatches(q, obj)) continue;
    const hardNames = Object.keys(q.status?.hard ?? {});
    const restricted = matchingResources(obj.kind, hardNames);
    if (obj.kind === 'Pod') {
      const c = podConstraints(obj, restricted);
      if (c) return { forbidden: `failed quota: ${q.metadata.name}: ${c}`, charges: [] };
    }
    const used = q.status?.used ?? {};
    if (restricted.some((r) => used[r] === undefined)) {
      return { forbidden: `status unknown for quota: ${q.metadata.name}, resources: ${[...restricted].sort().join(',')}`, charges: [] };
    }
    interesting.push(q);
  }
  if (interesting.length === 0) return { charges: [] };
  let delta = objectUsage(obj, nowMs);
  if (old && old.metadata?.resourceVersion) {
    const prev = objectUsage(old, nowMs);
    const d: Usage = new Map();
    for (const [k, q] of delta) {
      const p = prev.get(k);
      const v = p ? q.sub(p) : q;
      d.set(k, v.sign() < 0 ? parseQuantity('0') : v);
    }
    delta = d;
  }
  const charges: QuotaDecision['charges'] = [];
  for (const q of interesting) {
    const hard = usageOf(q.status?.hard);
    const used = usageOf(q.status?.used);
    const requested: Usage = new Map();
    for (const [k, v] of delta) if (hard.has(k) && v.sign() !== 0) requested.set(k, v);
    if (requested.size === 0) continue;
    const exceeded: string[] = [];
    const newUsed: Usage = new Map(used);
    for (const [k, v] of requested) {
      const n = used.has(k) ? used.get(k)!.add(v) : v;
      newUsed.set(k, n);
      if (n.cmp(hard.get(k)!) > 0) exceeded.push(k);
    }
    if (exceeded.length) {
      const mask = (u: Usage): Usage => new Map([...u].filter(([k]) => exceeded.includes(k)));
      return {
        forbidden: `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(used))}, limited: ${prettyPrint(mask(hard))}`,
        charges: [],
      };
    }
    const out: Record<string, string> = {};
    for (const k of [...newUsed.keys()].sort()) out[k] = newUsed.get(k)!.toString();
    charges.push({ quota: q, used: out });
  }
  return { charges };
}

/** The controller's recalculation: status.used for the quota's hard resources over `objects`. */
export function calculateUsed(quota: KubeObject, objects: readonly KubeObject[], nowMs: number): Record<string, string> {
  const hardNames = Object.keys(quota.spec?.hard ?? {});
  const totals: Usage = new Map();
  for (const n of hardNames) totals.set(n, parseQuantity('0'));
  const probe: KubeObject = { ...quota, status: { hard: quota.spec?.hard ?? {} } };
  for (const o of objects) {
    if (!quotaMatches(probe, o)) continue;
    for (const [k, v] of objectUsage(o, nowMs)) if (totals.has(k)) addTo(totals, k, v);
  }
  const out: Record<string, string> = {};
  for (const k of [...totals.keys()].sort()) out[k] = totals.get(k)!.toString();
  return out;
}
