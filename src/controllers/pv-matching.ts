import type { KubeObject } from '../store/types.js';
import { parseQuantity, type Quantity } from '../api/quantity.js';
import { labelSelectorAsSelector, type Selector } from '../api/selector.js';
import { accessModesString } from '../printers/access-modes.js';

/*
 * The matching rules of the PersistentVolume binder, shared by the PV controller and the
 * scheduler's VolumeBinding plugin (staging/src/k8s.io/component-helpers/storage/volume/
 * pv_helpers.go, pkg/controller/volume/persistentvolume/index.go).
 */

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** GetPersistentVolumeClaimClass: the beta annotation wins, then spec.storageClassName, else "". */
export function claimClass(claim: KubeObject): string {
  const ann = claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return claim.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass. */
export function volumeClass(volume: KubeObject): string {
  const ann = volume.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return volume.spec?.storageClassName ?? '';
}

/** IsVolumeBoundToClaim: claimRef names the claim (and its uid, when the claimRef has one). */
export function isVolumeBoundToClaim(volume: KubeObject, claim: KubeObject): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (claim.metadata.name !== ref.name || (claim.metadata.namespace ?? 'default') !== (ref.namespace ?? '')) return false;
  if (ref.uid && claim.metadata.uid !== ref.uid) return false;
  return true;
}

/** CheckVolumeModeMismatches: nil means Filesystem on both sides. */
export function volumeModeMismatch(claim: KubeObject, volume: KubeObject): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');
}

/** CheckAccessModes: every requested mode is among the volume's. */
export function checkAccessModes(claim: KubeObject, volume: KubeObject): boolean {
  const have = new Set<string>(volume.spec?.accessModes ?? []);
  return ((claim.spec?.accessModes ?? []) as string[]).every((m) => have.has(m));
}

function storage(q: unknown): Quantity {
  try {
    return parseQuantity(q === undefined || q === null ? '0' : String(q));
  } catch {
    return parseQuantity('0');
  }
}

export function claimRequest(claim: KubeObject): Quantity {
  return storage(claim.spec?.resources?.requests?.storage);
}

export function volumeCapacity(volume: KubeObject): Quantity {
  return storage(volume.spec?.capacity?.storage);
}

/**
 * checkVolumeSatisfyClaim (pv_controller.go): the reasons a PV named by the claim's volumeName
 * cannot be bound, with upstream's messages.
 */
export function checkVolumeSatisfyClaim(volume: KubeObject, claim: KubeObject): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (volumeCapacity(volume).value() < claimRequest(claim).value()) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!checkAccessModes(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

/** volume.CheckNodeAffinity: the PV's required node affinity terms (ORed) against node labels. */
export function volumeNodeAffinityMatches(volume: KubeObject, nodeLabels: Record<string, string>): boolean {
  const terms: any[] | undefined = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => {
    const exprs: any[] = t.matchExpressions ?? [];
    if (exprs.length === 0 && (t.matchFields ?? []).length === 0) return false;
    return exprs.every((e) => {
      const v = nodeLabels[e.key];
      const values: string[] = e.values ?? [];
      switch (e.operator) {
        case 'In':
          return v !== undefined && values.includes(v);
        case 'NotIn':
          return v === undefined || !values.includes(v);
        case 'Exists':
          return v !== undefined;
        case 'DoesNotExist':
          return v === undefined;
        case 'Gt':
          return v !== undefined && Number(v) > Number(values[0]);
        case 'Lt':
          return v !== undefined && Number(v) < Number(values[0]);
        default:
          return false;
      }
    });
  });
}

/**
 * FindMatchingVolume (pv_helpers.go): a volume pre-bound to the claim wins at once; otherwise the
 * smallest Available volume with enough capacity, the same volumeMode, class and (with a node:
 * node affinity and access modes), matching the claim's selector. `node` is the scheduler path.
 * With delayBinding and no node, only pre-bound volumes are returned. Volumes are scanned in the
 * order given (name order here; upstream's cache order), so the first of equal sizes wins.
 */
export function findMatchingVolume(
  claim: KubeObject,
  volumes: readonly KubeObject[],
  node: { labels: Record<string, string> } | undefined,
  excluded: ReadonlySet<string> | undefined,
  delayBinding: boolean,
): KubeObject | undefined {
  const requested = claimRequest(claim);
  const requestedClass = claimClass(claim);
  let selector: Selector | undefined;
  if (claim.spec?.selector) selector = labelSelectorAsSelector(claim.spec.selector);
  let smallest: KubeObject | undefined;
  let smallestQty: Quantity | undefined;
  for (const volume of volumes) {
    if (excluded?.has(volume.metadata.name!)) continue;
    if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = volumeCapacity(volume);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    // VolumeAttributesClass is alpha (off) in 1.30: a PV that sets it is never bound.
    if (volume.spec?.volumeAttributesClassName) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const affinityOk = node === undefined || volumeNodeAffinityMatches(volume, node.labels);
    if (isVolumeBoundToClaim(volume, claim)) return affinityOk ? volume : undefined;
    if (node === undefined && delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(volume.metadata.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!affinityOk) continue;
    if (node !== undefined && !checkAccessModes(claim, volume)) continue;
    if (smallest === undefined || smallestQty!.cmp(qty) > 0) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

const MODE_ORDER = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/**
 * persistentVolumeOrderedIndex.findByClaim (index.go): PVs are grouped by their access-mode set;
 * the sets holding every requested mode are tried from the fewest modes up (ties in
 * GetAccessModesAsString order, where upstream's map order is random), and the first set with a
 * match returns it. So an RWO claim takes an RWO volume before a smaller RWO+RWX one.
 */
export function findByClaim(claim: KubeObject, volumes: readonly KubeObject[], delayBinding: boolean): KubeObject | undefined {
  const groups = new Map<string, KubeObject[]>();
  for (const v of volumes) {
    const key = accessModesString(v.spec?.accessModes);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(v);
  }
  const requested: string[] = claim.spec?.accessModes ?? [];
  const candidates: Array<{ key: string; size: number; rank: string }> = [];
  for (const [key, vols] of groups) {
    const modes = new Set<string>(vols[0]!.spec?.accessModes ?? []);
    if (!requested.every((m) => modes.has(m))) continue;
    const rank = MODE_ORDER.map((m) => (modes.has(m) ? '1' : '0')).join('');
    candidates.push({ key, size: modes.size, rank });
  }
  candidates.sort((a, b) => a.size - b.size || (a.rank < b.rank ? 1 : a.rank > b.rank ? -1 : 0));
  for (const c of candidates) {
    const best = findMatchingVolume(claim, groups.get(c.key)!, undefined, undefined, delayBinding);
    if (best) return best;
  }
  return undefined;
}

/** IsDefaultAnnotation. */
export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[ANN_DEFAULT_CLASS] === 'true' || a[ANN_BETA_DEFAULT_CLASS] === 'true';
}

/** GetDefaultClass (pkg/volume/util/storageclass.go): the newest default class, then by name. */
export function defaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta === tb) return a.metadata.name! < b.metadata.name! ? -1 : 1;
    return ta > tb ? -1 : 1;
  });
  return defaults[0];
}

/** Volumes a pod uses through persistentVolumeClaim (and generic ephemeral `<pod>-<volume>`) sources. */
export function podClaimNames(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(ephemeralClaimName(pod, v));
  }
  return out;
}

/** ephemeral.VolumeClaimName (component-helpers/storage/ephemeral): `<pod>-<volume>`. */
export function ephemeralClaimName(pod: KubeObject, volume: { name: string }): string {
  return `${pod.metadata.name}-${volume.name}`;
}

/**
 * ephemeral.VolumeIsForPod: the claim of a generic ephemeral volume must be controlled by the pod
 * (metav1.IsControlledBy); the error text when it is not, else undefined.
 */
export function volumeIsForPod(pod: KubeObject, pvc: KubeObject): string | undefined {
  if ((pvc.metadata.ownerReferences ?? []).some((o) => o.uid === pod.metadata.uid && o.controller === true)) return undefined;
  return `PVC ${pvc.metadata.namespace}/${pvc.metadata.name} was not created for pod ${pod.metadata.namespace}/${pod.metadata.name} (pod is not owner)`;
}
