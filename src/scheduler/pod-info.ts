import type { KubeObject } from '../store/types.js';
import { labelSelectorAsSelector, nothing, type Selector } from '../api/selector.js';
import { fromTimestamp } from '../api/time.js';
import { computePodResources, type PodResources } from './resources.js';
import type { Toleration } from './toleration.js';

/**
 * framework.AffinityTerm: a pod (anti-)affinity term with its selectors parsed. Empty
 * `namespaces` and no namespaceSelector mean "the pod's own namespace" (newAffinityTerm).
 */
export interface AffinityTerm {
  selector: Selector;
  namespaces: ReadonlySet<string>;
  nsSelector: Selector;
  topologyKey: string;
  weight: number;
}

/** A host port a container claims (NodePorts; HostPortInfo sanitises ip and protocol). */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** framework.PodInfo: the pod plus everything the plugins precompute from it. */
export interface PodInfo {
  pod: KubeObject;
  key: string;
  uid: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  priority: number;
  res: PodResources;
  tolerations: readonly Toleration[] | undefined;
  hostPorts: HostPort[] | undefined;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: AffinityTerm[];
  preferredAntiAffinityTerms: AffinityTerm[];
  /** metadata.deletionTimestamp is set. */
  terminating: boolean;
}

const EMPTY: AffinityTerm[] = [];

function safeSelector(ls: any): Selector {
  try {
    return labelSelectorAsSelector(ls);
  } catch {
    return nothing();
  }
}

function newAffinityTerm(pod: KubeObject, t: any, weight: number): AffinityTerm {
  const ns: string[] = t.namespaces ?? [];
  const namespaces = new Set(ns);
  if (ns.length === 0 && t.namespaceSelector == null) namespaces.add(pod.metadata.namespace ?? 'default');
  return {
    selector: safeSelector(t.labelSelector),
    namespaces,
    nsSelector: t.namespaceSelector == null ? nothing() : safeSelector(t.namespaceSelector),
    topologyKey: t.topologyKey ?? '',
    weight,
  };
}

function terms(pod: KubeObject, list: any[] | undefined): AffinityTerm[] {
  if (!list || list.length === 0) return EMPTY;
  return list.map((t) => newAffinityTerm(pod, t, 0));
}

function weighted(pod: KubeObject, list: any[] | undefined): AffinityTerm[] {
  if (!list || list.length === 0) return EMPTY;
  return list.map((w) => newAffinityTerm(pod, w.podAffinityTerm ?? {}, w.weight ?? 0));
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: KubeObject): number {
  return pod.spec?.priority ?? 0;
}

function hostPorts(pod: KubeObject): HostPort[] | undefined {
  let out: HostPort[] | undefined;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!(p.hostPort > 0)) continue;
      (out ??= []).push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** framework.NewPodInfo. */
export function newPodInfo(pod: KubeObject): PodInfo {
  const aff = pod.spec?.affinity;
  const namespace = pod.metadata.namespace ?? 'default';
  return {
    pod,
    key: `${namespace}/${pod.metadata.name}`,
    uid: pod.metadata.uid ?? `${namespace}/${pod.metadata.name}`,
    namespace,
    name: pod.metadata.name!,
    labels: pod.metadata.labels ?? {},
    priority: podPriority(pod),
    res: computePodResources(pod),
    tolerations: pod.spec?.tolerations,
    hostPorts: hostPorts(pod),
    requiredAffinityTerms: terms(pod, aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinityTerms: terms(pod, aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinityTerms: weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(pod, aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    terminating: pod.metadata.deletionTimestamp != null,
  };
}

/**
 * A PodInfo for a newer version of the same pod whose spec is unchanged: the parsed parts are
 * kept. One object literal of PodInfo's shape (a spread copy of its 16 fields would grow an
 * out-of-object property array key by key).
 */
export function podInfoFor(src: PodInfo, pod: KubeObject, labels: Readonly<Record<string, string>>, terminating: boolean): PodInfo {
  return {
    pod,
    key: src.key,
    uid: src.uid,
    namespace: src.namespace,
    name: src.name,
    labels,
    priority: src.priority,
    res: src.res,
    tolerations: src.tolerations,
    hostPorts: src.hostPorts,
    requiredAffinityTerms: src.requiredAffinityTerms,
    requiredAntiAffinityTerms: src.requiredAntiAffinityTerms,
    preferredAffinityTerms: src.preferredAffinityTerms,
    preferredAntiAffinityTerms: src.preferredAntiAffinityTerms,
    terminating,
  };
}

/** AffinityTerm.Matches: namespace (listed, or selected by nsLabels) then label selector. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Readonly<Record<string, string>> | undefined): boolean {
  if ((term.namespaces.size > 0 && term.namespaces.has(pod.namespace)) || (nsLabels !== undefined && term.nsSelector.matches(nsLabels))) {
    return term.selector.matches(pod.labels);
  }
  return false;
}

/** util.GetPodStartTime (status.startTime, or now when unset), in virtual ms. */
export function podStartTime(pod: KubeObject, now: number): number {
  const st = pod.status?.startTime;
  return st ? fromTimestamp(st) : now;
}

/** util.MoreImportantPod: higher priority first, then the earlier start time. */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a.pod, now) < podStartTime(b.pod, now);
}
