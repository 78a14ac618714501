import type { KubeObject } from '../store/types.js';
import { quantityBytes, quantityMillis } from '../api/quantity.js';

/** framework.Resource: cpu in millicores, memory and ephemeral-storage in bytes, scalar (extended, hugepages) in units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources and hugepages; undefined when none. */
  scalar: Record<string, number> | undefined;
}

/** What the scheduler needs of a pod's resources (NodeInfo.calculateResource). */
export interface PodResources extends Resource {
  /** Same as milliCPU/memory but a container missing a request counts 100m / 200Mi (NonZeroRequested, scoring only). */
  nonZeroCPU: number;
  nonZeroMemory: number;
}

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type List = Record<string, number>;

function value(name: string, q: string | number): number {
  return name === 'cpu' ? quantityMillis(q) : quantityBytes(q);
}

/** A container's requests as numbers; requests default to limits (API defaulting) when absent. */
function containerRequests(c: any, nonMissing: boolean): List {
  const out: List = {};
  const req = c?.resources?.requests as Record<string, string> | undefined;
  const lim = c?.resources?.limits as Record<string, string> | undefined;
  if (req) for (const k of Object.keys(req)) out[k] = value(k, req[k]!);
  if (lim) for (const k of Object.keys(lim)) if (!(k in out)) out[k] = value(k, lim[k]!);
  if (nonMissing) {
    // resourcehelper.PodResourcesOptions.NonMissingContainerRequests: only *missing* entries.
    if (!('cpu' in out)) out.cpu = DEFAULT_MILLI_CPU_REQUEST;
    if (!('memory' in out)) out.memory = DEFAULT_MEMORY_REQUEST;
  }
  return out;
}

function add(into: List, l: List): void {
  for (const k in l) into[k] = (into[k] ?? 0) + l[k]!;
}

function max(into: List, l: List): void {
  for (const k in l) if (l[k]! > (into[k] ?? 0)) into[k] = l[k]!;
}

/**
 * resourcehelper.PodRequests (k8s.io/component-helpers/resource/helpers.go, 1.30): the sum of
 * the regular containers and the restartable init containers (sidecars), maxed with each
 * init container's request plus the sidecars started before it, plus spec.overhead.
 */
export function podRequestList(pod: KubeObject, nonMissing: boolean): List {
  const spec = pod.spec ?? {};
  const reqs: List = {};
  for (const c of spec.containers ?? []) add(reqs, containerRequests(c, nonMissing));
  const sidecars: List = {};
  const init: List = {};
  for (const c of spec.initContainers ?? []) {
    let r = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      add(reqs, r);
      add(sidecars, r);
      r = sidecars;
    } else {
      const tmp: List = {};
      add(tmp, r);
      add(tmp, sidecars);
      r = tmp;
    }
    max(init, r);
  }
  max(reqs, init);
  const overhead = spec.overhead as Record<string, string> | undefined;
  if (overhead) for (const k of Object.keys(overhead)) reqs[k] = (reqs[k] ?? 0) + value(k, overhead[k]!);
  return reqs;
}

/** Scalar resources the Fit plugin checks: extended resources (a domain prefix) and hugepages-*. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-')) return true;
  if (name.startsWith('requests.')) return false;
  return name.includes('/') && !name.startsWith('kubernetes.io/');
}

function toResource(l: List): Resource {
  let scalar: Record<string, number> | undefined;
  for (const k in l) {
    if (isScalarResourceName(k) && l[k]! > 0) (scalar ??= {})[k] = l[k]!;
  }
  return { milliCPU: l.cpu ?? 0, memory: l.memory ?? 0, ephemeralStorage: l['ephemeral-storage'] ?? 0, scalar };
}

function slowPodResources(pod: KubeObject): PodResources {
  const r = toResource(podRequestList(pod, false));
  const nz = podRequestList(pod, true);
  return { ...r, nonZeroCPU: nz.cpu ?? 0, nonZeroMemory: nz.memory ?? 0 };
}

/**
 * podRequestList's result for the common pod: no init containers, no overhead, requests and
 * limits naming only cpu, memory and ephemeral-storage (undefined otherwise: take the general path).
 */
function simplePodResources(pod: KubeObject): PodResources | undefined {
  const spec = pod.spec;
  if (!spec || spec.overhead != null || (spec.initContainers != null && spec.initContainers.length > 0)) return undefined;
  const containers = spec.containers;
  if (!Array.isArray(containers)) return undefined;
  let cpu = 0;
  let memory = 0;
  let eph = 0;
  let nzCPU = 0;
  let nzMemory = 0;
  for (let i = 0; i < containers.length; i++) {
    const res = containers[i]?.resources;
    const req = res?.requests as Record<string, string> | undefined;
    const lim = res?.limits as Record<string, string> | undefined;
    let c: number | undefined;
    let m: number | undefined;
    let e: number | undefined;
    // Requests, then limits for the ones not requested (API defaulting).
    for (const src of [req, lim]) {
      if (src == null) continue;
      for (const k in src) {
        if (k === 'cpu') c ??= quantityMillis(src[k]!);
        else if (k === 'memory') m ??= quantityBytes(src[k]!);
        else if (k === 'ephemeral-storage') e ??= quantityBytes(src[k]!);
        else return undefined;
      }
    }
    if (c !== undefined) cpu += c;
    if (m !== undefined) memory += m;
    if (e !== undefined) eph += e;
    nzCPU += c ?? DEFAULT_MILLI_CPU_REQUEST;
    nzMemory += m ?? DEFAULT_MEMORY_REQUEST;
  }
  return { milliCPU: cpu, memory, ephemeralStorage: eph, scalar: undefined, nonZeroCPU: nzCPU, nonZeroMemory: nzMemory };
}

/**
 * The last result per containers array (pods are immutable; a bound pod, a status update, or the
 * pods of one template share it): valid while initContainers and overhead are the same objects.
 */
const resourceMemo = new WeakMap<object, { init: unknown; overhead: unknown; res: PodResources }>();

/** NodeInfo.calculateResource: the pod's request (for Fit) and its non-zero request (for scoring). Do not mutate the result. */
export function computePodResources(pod: KubeObject): PodResources {
  const containers = pod.spec?.containers;
  const memoable = containers !== null && typeof containers === 'object';
  if (memoable) {
    const hit = resourceMemo.get(containers);
    if (hit !== undefined && hit.init === pod.spec.initContainers && hit.overhead === pod.spec.overhead) return hit.res;
  }
  const res = simplePodResources(pod) ?? slowPodResources(pod);
  if (memoable) resourceMemo.set(containers, { init: pod.spec.initContainers, overhead: pod.spec.overhead, res });
  return res;
}

/** A node's status.allocatable as numbers (pods count included). */
export interface Allocatable extends Resource {
  pods: number;
}

export function nodeAllocatable(node: KubeObject): Allocatable {
  const a = (node.status?.allocatable ?? node.status?.capacity ?? {}) as Record<string, string>;
  const l: List = {};
  for (const k of Object.keys(a)) l[k] = value(k, a[k]!);
  const r = toResource(l);
  return { ...r, pods: l.pods ?? 0 };
}
