import type { ClusterContext } from '../cluster/context.js';
import { ApiError, type KubeObject, type OwnerReference } from '../store/types.js';
import {
  getOrdinal,
  isMemberOf,
  persistentVolumeClaims,
  podInOrdinalRange,
  retentionPolicy,
  STATEFULSET_POD_NAME_LABEL,
  POD_INDEX_LABEL,
  podName,
  claimName,
} from './statefulset-utils.js';

export const STATEFULSET_COMPONENT = 'statefulset-controller';

/** Why the controller deletes a pod (the action the statefulset-ordinality invariant checks). */
export type DeleteReason = 'scale-down' | 'update' | 'failed';

/**
 * StatefulPodControl (pkg/controller/statefulset/stateful_pod_control.go, 1.30): pod and claim
 * writes with their events on the StatefulSet. Every write is announced on the action bus
 * before the write (`delete-pod`, `update-claim-owners`) or, for `create-pod`, right after the
 * API server accepted it, so invariants see the state the controller acted on.
 */
export class StatefulPodControl {
  constructor(private readonly ctx: ClusterContext) {}

  private get opts() {
    return { actor: STATEFULSET_COMPONENT, origin: 'system' as const };
  }

  /** recordPodEvent: `create Pod web-0 in StatefulSet web successful` / `... failed error: <err>`. */
  private recordPodEvent(verb: string, set: KubeObject, pod: KubeObject, err?: Error): void {
    const title = verb[0]!.toUpperCase() + verb.slice(1);
    if (!err) this.ctx.events.record(set, 'Normal', `Successful${title}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, STATEFULSET_COMPONENT);
    else this.ctx.events.record(set, 'Warning', `Failed${title}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`, STATEFULSET_COMPONENT);
  }

  /** recordClaimEvent: `create Claim www-web-0 Pod web-0 in StatefulSet web success`. */
  private recordClaimEvent(verb: string, set: KubeObject, pod: KubeObject, claim: KubeObject, err?: Error): void {
    const title = verb[0]!.toUpperCase() + verb.slice(1);
    if (!err) this.ctx.events.record(set, 'Normal', `Successful${title}`, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`, STATEFULSET_COMPONENT);
    else this.ctx.events.record(set, 'Warning', `Failed${title}`, `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`, STATEFULSET_COMPONENT);
  }

  /**
   * CreateStatefulPod: the claims first (an error stops here with a FailedCreate event), then
   * the pod (AlreadyExists is returned without an event), then the claims' owner references
   * for the retention policy (StatefulSetAutoDeletePVC, beta and on in 1.30).
   */
  createStatefulPod(set: KubeObject, pod: KubeObject): Error | undefined {
    const claimErr = this.createPersistentVolumeClaims(set, pod);
    if (claimErr) {
      this.recordPodEvent('create', set, pod, claimErr);
      return claimErr;
    }
    try {
      const created = this.ctx.store.create(pod, this.opts);
      // Announced once the API server accepted it (an attempt refused with AlreadyExists creates
      // nothing); creating a pod changes none of the state the invariant checks.
      this.ctx.actions.emit({ component: STATEFULSET_COMPONENT, action: 'create-pod', object: `${set.metadata.namespace}/${set.metadata.name}`, data: { pod: pod.metadata.name, ordinal: getOrdinal(pod), uid: created.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'AlreadyExists') return e;
      this.recordPodEvent('create', set, pod, e);
      return e;
    }
    const refErr = this.updatePodClaimForRetentionPolicy(set, pod);
    if (refErr) {
      this.recordPodEvent('update', set, pod, refErr);
      return refErr;
    }
    this.recordPodEvent('create', set, pod);
    return undefined;
  }

  /** DeleteStatefulPod: a plain (graceful) delete with a SuccessfulDelete / FailedDelete event. */
  deleteStatefulPod(set: KubeObject, pod: KubeObject, reason: DeleteReason): Error | undefined {
    this.ctx.actions.emit({ component: STATEFULSET_COMPONENT, action: 'delete-pod', object: `${set.metadata.namespace}/${set.metadata.name}`, data: { pod: pod.metadata.name, ordinal: getOrdinal(pod), reason } });
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { actor: STATEFULSET_COMPONENT });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.recordPodEvent('delete', set, pod, e);
      return e;
    }
    this.recordPodEvent('delete', set, pod);
    return undefined;
  }

  /**
   * UpdateStatefulPod: restore identity labels (pod-name, pod-index) and create missing
   * claims. Pod spec volumes cannot change on a live pod, so storage is only re-checked.
   */
  updateStatefulPod(set: KubeObject, pod: KubeObject): Error | undefined {
    const claimErr = this.createPersistentVolumeClaims(set, pod);
    if (claimErr) {
      this.recordPodEvent('update', set, pod, claimErr);
      return claimErr;
    }
    const ordinal = getOrdinal(pod);
    const labels = { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: podName(set, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
    try {
      const fresh = this.ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name!);
      if (!fresh) return new ApiError(404, 'NotFound', `pods "${pod.metadata.name}" not found`);
      this.ctx.store.update({ ...fresh, metadata: { ...fresh.metadata, labels } }, this.opts);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.recordPodEvent('update', set, pod, e);
      return e;
    }
    const refErr = this.updatePodClaimForRetentionPolicy(set, pod);
    if (refErr) return refErr;
    this.recordPodEvent('update', set, pod);
    return undefined;
  }

  /**
   * createPersistentVolumeClaims: create each missing claim (event per claim); a claim being
   * deleted is an error `pvc <name> is being deleted`. Existing claims are never updated.
   */
  createPersistentVolumeClaims(set: KubeObject, pod: KubeObject): Error | undefined {
    const errs: string[] = [];
    for (const { claim } of persistentVolumeClaims(set, getOrdinal(pod))) {
      const existing = this.ctx.store.get('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name!);
      if (!existing) {
        try {
          this.ctx.store.create(claim, this.opts);
          this.recordClaimEvent('create', set, pod, claim);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          errs.push(`failed to create PVC ${claim.metadata.name}: ${e.message}`);
          if (e.reason !== 'AlreadyExists') this.recordClaimEvent('create', set, pod, claim, e);
        }
      } else if (existing.metadata.deletionTimestamp) {
        errs.push(`pvc ${claim.metadata.name} is being deleted`);
      }
    }
    if (errs.length === 0) return undefined;
    // utilerrors.NewAggregate: one error prints alone, several as `[a, b]`.
    return new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  }

  /** PodClaimIsStale: with whenScaled=Delete, a claim owned by an older pod of the same name. */
  podClaimIsStale(set: KubeObject, pod: KubeObject): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const { claim } of persistentVolumeClaims(set, getOrdinal(pod))) {
      const pvc = this.ctx.store.get('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name!);
      if (!pvc) continue;
      if ((pvc.metadata.ownerReferences ?? []).some((r) => r.name === pod.metadata.name && r.uid !== pod.metadata.uid)) return true;
    }
    return false;
  }

  /** ClaimsMatchRetentionPolicy */
  claimsMatchRetentionPolicy(set: KubeObject, pod: KubeObject): boolean {
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const pvc = this.ctx.store.get('PersistentVolumeClaim', set.metadata.namespace, claimName(set, t.metadata?.name ?? '', getOrdinal(pod)));
      if (pvc && !claimOwnerMatchesSetAndPod(pvc, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: set or remove the set/pod owner refs each claim needs. */
  updatePodClaimForRetentionPolicy(set: KubeObject, pod: KubeObject): Error | undefined {
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, t.metadata?.name ?? '', getOrdinal(pod));
      const pvc = this.ctx.store.get('PersistentVolumeClaim', set.metadata.namespace, name);
      if (!pvc || claimOwnerMatchesSetAndPod(pvc, set, pod)) continue;
      // Upstream passes the pod object it created (not the API's answer): read the live one for its uid.
      const livePod = this.ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name!) ?? pod;
      const refs = claimOwnerRefsForSetAndPod(pvc, set, livePod);
      if (!refs) continue;
      this.ctx.actions.emit({
        component: STATEFULSET_COMPONENT,
        action: 'update-claim-owners',
        object: `${set.metadata.namespace}/${set.metadata.name}`,
        data: { claim: name, pod: pod.metadata.name, ordinal: getOrdinal(pod), inRange: podInOrdinalRange(pod, set), owners: refs.map((r) => `${r.kind}/${r.name}`) },
      });
      try {
        this.ctx.store.update({ ...pvc, metadata: { ...pvc.metadata, ownerReferences: refs.length ? refs : undefined } }, this.opts);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return new Error(`could not update claim ${name} for delete policy ownerRefs: ${e.message}`);
      }
    }
    return undefined;
  }
}

function hasOwnerRef(target: KubeObject, owner: KubeObject): boolean {
  return (target.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

/** claimOwnerMatchesSetAndPod (1.30): which owner refs each policy combination wants. */
export function claimOwnerMatchesSetAndPod(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  const p = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Delete') return setRef && !podRef;
  if (p.whenScaled === 'Delete' && p.whenDeleted === 'Retain') return !setRef && scaledDown === podRef;
  if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') return scaledDown !== setRef && scaledDown === podRef;
  // Retain/Retain, and unknown policies treated as Retain.
  return !setRef && !podRef;
}

/**
 * updateClaimOwnerRefForSetAndPod (1.30): the claim's owner references after setting or
 * removing the set's and the pod's (plain refs, not controller refs, in 1.30); undefined when
 * nothing changes.
 */
export function claimOwnerRefsForSetAndPod(claim: KubeObject, set: KubeObject, pod: KubeObject): OwnerReference[] | undefined {
  let refs = [...(claim.metadata.ownerReferences ?? [])];
  let changed = false;
  const add = (o: KubeObject, apiVersion: string, kind: string) => {
    if (refs.some((r) => r.uid === o.metadata.uid)) return;
    refs.push({ apiVersion, kind, name: o.metadata.name!, uid: o.metadata.uid! });
    changed = true;
  };
  const remove = (o: KubeObject) => {
    const n = refs.filter((r) => r.uid !== o.metadata.uid);
    if (n.length !== refs.length) {
      refs = n;
      changed = true;
    }
  };
  const p = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Delete') {
    add(set, 'apps/v1', 'StatefulSet');
    remove(pod);
  } else if (p.whenScaled === 'Delete' && p.whenDeleted === 'Retain') {
    remove(set);
    if (scaledDown) add(pod, 'v1', 'Pod');
    else remove(pod);
  } else if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') {
    if (scaledDown) {
      remove(set);
      add(pod, 'v1', 'Pod');
    } else {
      add(set, 'apps/v1', 'StatefulSet');
      remove(pod);
    }
  } else {
    remove(set);
    remove(pod);
  }
  return changed ? refs : undefined;
}

export { isMemberOf };
