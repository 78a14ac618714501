import type { KubeObject } from '../store/types.js';
import { requiredNodeAffinityMatches } from '../scheduler/node-affinity.js';
import { findUntoleratedDoNotScheduleTaint, tolerationsTolerateTaint, type Taint, type Toleration } from '../scheduler/toleration.js';

/** apps.DefaultDaemonSetUniqueLabelKey and the deprecated template generation label/annotation. */
export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const DEPRECATED_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function exists(key: string, effect: string): Toleration {
  return { key, operator: 'Exists', effect };
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/**
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration matching on key/operator/value/effect is
 * replaced (no change when identical, e.g. it has no tolerationSeconds either), else appended.
 */
function addOrUpdate(list: Toleration[], t: Toleration): void {
  for (let i = 0; i < list.length; i++) {
    if (!sameToleration(list[i]!, t)) continue;
    if (list[i]!.tolerationSeconds === undefined) return;
    list[i] = t;
    return;
  }
  list.push(t);
}

/**
 * util.AddOrUpdateDaemonPodTolerations (pkg/controller/daemon/util/daemonset_util.go): not-ready
 * and unreachable NoExecute with no tolerationSeconds (never evicted), disk-, memory-, pid-pressure
 * and unschedulable NoSchedule, network-unavailable NoSchedule for hostNetwork pods.
 */
export function daemonPodTolerations(spec: any): Toleration[] {
  if (spec && typeof spec === 'object') {
    const hit = tolerationCache.get(spec);
    if (hit) return [...hit];
  }
  const list: Toleration[] = [...(spec?.tolerations ?? [])];
  addOrUpdate(list, exists('node.kubernetes.io/not-ready', 'NoExecute'));
  addOrUpdate(list, exists('node.kubernetes.io/unreachable', 'NoExecute'));
  addOrUpdate(list, exists('node.kubernetes.io/disk-pressure', 'NoSchedule'));
  addOrUpdate(list, exists('node.kubernetes.io/memory-pressure', 'NoSchedule'));
  addOrUpdate(list, exists('node.kubernetes.io/pid-pressure', 'NoSchedule'));
  addOrUpdate(list, exists('node.kubernetes.io/unschedulable', 'NoSchedule'));
  if (spec?.hostNetwork) addOrUpdate(list, exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  if (spec && typeof spec === 'object') tolerationCache.set(spec, list);
  return [...list];
}

/** Template specs are immutable values: their daemon tolerations are computed once. */
const tolerationCache = new WeakMap<object, Toleration[]>();

/**
 * NodeShouldRunDaemonPod (daemon_controller.go): [shouldRun, shouldContinueRunning]. The pod
 * the DaemonSet would make (template + daemon tolerations) must fit the node's name, its
 * nodeSelector / required node affinity and its NoSchedule/NoExecute taints; a pod already there
 * may keep running while it tolerates every NoExecute taint.
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): [boolean, boolean] {
  const tspec = ds.spec?.template?.spec ?? {};
  const name = node.metadata.name!;
  if (tspec.nodeName && tspec.nodeName !== name) return [false, false];
  const pod = { spec: { ...tspec, nodeName: name } } as unknown as KubeObject;
  if (!requiredNodeAffinityMatches(pod, { name, labels: node.metadata.labels ?? {} })) return [false, false];
  const tolerations = daemonPodTolerations(tspec);
  const taints: Taint[] = node.spec?.taints ?? [];
  if (findUntoleratedDoNotScheduleTaint(taints, tolerations)) {
    const noExecute = taints.some((t) => t.effect === 'NoExecute' && !tolerationsTolerateTaint(tolerations, t));
    return [false, !noExecute];
  }
  return [true, true];
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes `metadata.name In [node]`. */
export function replaceNodeNameAffinity(affinity: any, nodeName: string): any {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const required = { nodeSelectorTerms: [term] };
  if (!affinity) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  const na = affinity.nodeAffinity;
  if (!na) return { ...affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  return { ...affinity, nodeAffinity: { ...na, requiredDuringSchedulingIgnoredDuringExecution: { ...(na.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: [term] } } };
}

/** util.GetTargetNodeName: spec.nodeName, or the node the daemon affinity names for an unscheduled pod. */
export function targetNodeName(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  if (targetCache.has(spec)) return targetCache.get(spec);
  const t = affinityTarget(pod);
  targetCache.set(spec, t);
  return t;
}

/** Pod specs are immutable values: the pinned node per spec object. */
const targetCache = new WeakMap<object, string | undefined>();

function affinityTarget(pod: KubeObject): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

/** util.IsPodUpdated: the pod's controller-revision-hash is the current hash, or its template generation is the DaemonSet's. */
export function isPodUpdated(pod: KubeObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash !== '' && labels[DAEMONSET_HASH_LABEL] === hash) || (generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === generation);
}
