import type { KubeObject, StoreApi } from '../store/types.js';
import { ApiError } from '../store/types.js';
import type { CycleState, FilterPlugin, PluginState, PreFilterOutcome } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { unresolvable, type Status } from './status.js';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  claimClass,
  claimRequest,
  ephemeralClaimName,
  findMatchingVolume,
  volumeClass,
  volumeIsForPod,
  volumeNodeAffinityMatches,
} from '../controllers/pv-matching.js';

/** Reasons (pkg/scheduler/framework/plugins/volumebinding/binder.go). */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** volume.NotSupportedProvisioner: a class that never provisions (local volumes). */
const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

export const VOLUME_BINDING = 'VolumeBinding';

class VolumeBindingState implements PluginState {
  constructor(
    readonly bound: readonly KubeObject[],
    readonly delayed: readonly KubeObject[],
  ) {}
  clone(): PluginState {
    return this;
  }
}

interface PodVolumes {
  /** PV chosen for each unbound WaitForFirstConsumer claim. */
  staticBindings: Array<{ pv: KubeObject; pvc: KubeObject }>;
  /** Claims the provisioner creates a volume for on this node. */
  dynamicProvisions: KubeObject[];
}

/**
 * The VolumeBinding plugin (plugins/volumebinding/volume_binding.go, binder.go), 1.30 defaults.
 * PreFilter (podHasPVCs + GetPodVolumeClaims): a missing claim rejects with
 * `persistentvolumeclaim "x" not found`, a Lost one with `... bound to non-existent
 * persistentvolume ...`, a deleting one with `... is being deleted`, and any claim not fully
 * bound (volumeName + bind-completed) in Immediate mode (or pre-bound by volumeName) with
 * "pod has unbound immediate PersistentVolumeClaims" (UnschedulableAndUnresolvable, so all nodes
 * and no preemption). Filter (FindPodVolumes): bound PVs must exist and their node affinity hold;
 * WaitForFirstConsumer claims need a matching Available PV on the node (smallest first, claims by
 * size) or a class that provisions there (allowedTopologies). PreBind (BindPodVolumes): the
 * chosen PVs get claimRef + bound-by-controller, claims to provision get
 * volume.kubernetes.io/selected-node; the PV controller and provisioner finish the binding.
 * Not modelled: waiting in PreBind until the claims are bound (the pod is bound to the node right
 * after the API updates), CSIStorageCapacity, the VolumeCapacityPriority score (alpha).
 */
export function volumeBinding(store: StoreApi): FilterPlugin & { preBind(state: CycleState, node: string): void } {
  const nodeLabels = (node: string): Record<string, string> | undefined => store.get('Node', undefined, node)?.metadata.labels ?? undefined;

  function findPodVolumes(st: VolumeBindingState, node: string, labels: Record<string, string>): { reasons: string[]; volumes: PodVolumes } {
    const reasons: string[] = [];
    const volumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    let boundSatisfied = true;
    let boundFound = true;
    for (const pvc of st.bound) {
      const pv = store.get('PersistentVolume', undefined, pvc.spec.volumeName);
      if (!pv) {
        boundFound = false;
        break;
      }
      if (!volumeNodeAffinityMatches(pv, labels)) {
        boundSatisfied = false;
        break;
      }
    }
    let unboundSatisfied = true;
    if (boundSatisfied && boundFound && st.delayed.length > 0) {
      const toMatch: KubeObject[] = [];
      const toProvision: KubeObject[] = [];
      for (const c of st.delayed) {
        const sel = c.metadata.annotations?.[ANN_SELECTED_NODE];
        if (sel !== undefined) {
          if (sel !== node) {
            unboundSatisfied = false;
            break;
          }
          toProvision.push(c);
        } else toMatch.push(c);
      }
      if (unboundSatisfied) {
        // findMatchingVolumes: claims by requested size, smallest first; chosen PVs are excluded.
        const sorted = [...toMatch].sort((a, b) => claimRequest(a).cmp(claimRequest(b)));
        const chosen = new Set<string>();
        const all = store.list('PersistentVolume');
        for (const pvc of sorted) {
          const cls = claimClass(pvc);
          const pv = findMatchingVolume(pvc, all.filter((v) => volumeClass(v) === cls), { labels }, chosen, true);
          if (!pv) {
            toProvision.push(pvc);
            unboundSatisfied = false;
            continue;
          }
          chosen.add(pv.metadata.name!);
          volumes.staticBindings.push({ pv, pvc });
        }
        if (toProvision.length > 0) {
          unboundSatisfied = true;
          for (const pvc of toProvision) {
            const sc = store.get('StorageClass', undefined, claimClass(pvc));
            const provisioner: string = sc?.provisioner ?? '';
            if (!sc || provisioner === '' || provisioner === NOT_SUPPORTED_PROVISIONER || !matchTopology(sc.allowedTopologies, labels)) {
              unboundSatisfied = false;
              volumes.dynamicProvisions = [];
              break;
            }
            volumes.dynamicProvisions.push(pvc);
          }
        }
      }
    }
    if (!boundSatisfied) reasons.push(ERR_REASON_NODE_CONFLICT);
    if (!unboundSatisfied) reasons.push(ERR_REASON_BIND_CONFLICT);
    if (!boundFound) reasons.push(ERR_REASON_PV_NOT_EXIST);
    return { reasons, volumes };
  }

  return {
    name: VOLUME_BINDING,
    preFilter(state: CycleState): PreFilterOutcome | undefined {
      const pod = state.pod.pod;
      const vols: any[] | undefined = pod.spec?.volumes;
      if (!vols || !vols.some((v) => v.persistentVolumeClaim || v.ephemeral)) return { skip: true };
      const ns = pod.metadata.namespace ?? 'default';
      const claims: KubeObject[] = [];
      for (const v of vols) {
        let name: string;
        let ephemeral = false;
        if (v.persistentVolumeClaim) name = v.persistentVolumeClaim.claimName;
        else if (v.ephemeral) {
          name = ephemeralClaimName(pod, v);
          ephemeral = true;
        } else continue;
        const pvc = store.get('PersistentVolumeClaim', ns, name);
        if (!pvc) {
          const msg = ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found`;
          return { status: unresolvable(VOLUME_BINDING, msg) };
        }
        if (pvc.status?.phase === 'Lost') return { status: unresolvable(VOLUME_BINDING, `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`) };
        if (pvc.metadata.deletionTimestamp) return { status: unresolvable(VOLUME_BINDING, `persistentvolumeclaim "${name}" is being deleted`) };
        const notForPod = ephemeral ? volumeIsForPod(pod, pvc) : undefined;
        if (notForPod) return { status: unresolvable(VOLUME_BINDING, notForPod) };
        claims.push(pvc);
      }
      const bound: KubeObject[] = [];
      const delayed: KubeObject[] = [];
      let immediate = 0;
      for (const pvc of claims) {
        if (pvc.spec?.volumeName && pvc.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined) {
          bound.push(pvc);
          continue;
        }
        const cls = claimClass(pvc);
        const sc = cls === '' ? undefined : store.get('StorageClass', undefined, cls);
        if (sc && sc.volumeBindingMode === undefined) return { status: { code: 'Error', reasons: [`VolumeBindingMode not set for StorageClass "${cls}"`], plugin: VOLUME_BINDING } };
        if (sc?.volumeBindingMode === 'WaitForFirstConsumer' && !pvc.spec?.volumeName) delayed.push(pvc);
        else immediate++;
      }
      if (immediate > 0) return { status: unresolvable(VOLUME_BINDING, UNBOUND_IMMEDIATE) };
      state.data.set(VOLUME_BINDING, new VolumeBindingState(bound, delayed));
      return undefined;
    },
    filter(state: CycleState, node: NodeInfo): Status | null {
      const st = state.data.get(VOLUME_BINDING) as VolumeBindingState | undefined;
      if (!st) return null;
      const { reasons } = findPodVolumes(st, node.name, node.labels as Record<string, string>);
      return reasons.length > 0 ? unresolvable(VOLUME_BINDING, ...reasons) : null;
    },
    preBind(state: CycleState, node: string): void {
      const st = state.data.get(VOLUME_BINDING) as VolumeBindingState | undefined;
      if (!st || st.delayed.length === 0) return;
      const labels = nodeLabels(node);
      if (!labels) return;
      const { reasons, volumes } = findPodVolumes(st, node, labels);
      if (reasons.length > 0) return;
      try {
        // bindAPIUpdate: PVs first (GetBindVolumeToClaim), then the claims to provision.
        for (const { pv, pvc } of volumes.staticBindings) {
          const ref = {
            kind: 'PersistentVolumeClaim',
            namespace: pvc.metadata.namespace ?? 'default',
            name: pvc.metadata.name,
            uid: pvc.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: pvc.metadata.resourceVersion,
          };
          store.update(
            { ...pv, metadata: { ...pv.metadata, annotations: { ...(pv.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' } }, spec: { ...pv.spec, claimRef: ref } },
            { actor: 'default-scheduler' },
          );
        }
        for (const pvc of volumes.dynamicProvisions) {
          const cur = store.get('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name!);
          if (!cur || cur.metadata.annotations?.[ANN_SELECTED_NODE] === node) continue;
          store.update({ ...cur, metadata: { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: node } } }, { actor: 'default-scheduler' });
        }
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    },
  };
}

/** MatchTopologySelectorTerms: no terms match everything; terms are ORed, expressions ANDed. */
function matchTopology(terms: any[] | undefined, labels: Record<string, string>): boolean {
  if (!terms || terms.length === 0) return true;
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e: any) => labels[e.key] !== undefined && (e.values ?? []).includes(labels[e.key])));
}
