import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import type { AdmissionPlugin } from '../store/store.js';
import { Controller, splitKey } from './controller.js';
import { PVC_PROTECTION_FINALIZER, ephemeralClaimName, podClaimNames, volumeIsForPod } from './pv-matching.js';
import { storageObjectInUseProtectionPlugin } from '../api/admission/storage-object-in-use-protection.js';

export const PVC_PROTECTION_CONTROLLER = 'pvc-protection-controller';

/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection/pvc_protection_controller.go).
 * A PVC being deleted keeps its kubernetes.io/pvc-protection finalizer (and shows Terminating)
 * while a *scheduled* pod in its namespace references it: podUsesPVC counts any pod with
 * spec.nodeName and a persistentVolumeClaim volume naming the claim, whatever its phase, until the
 * pod object is gone (generic ephemeral volumes stop counting once the pod is force-deleted or
 * finished with grace 0). Pods that cannot block (deleted, terminated, unscheduled) enqueue their
 * claims. Also registers the StorageObjectInUseProtection admission plugin, which adds the
 * finalizers at creation.
 */
export class PVCProtectionController extends Controller {
  constructor() {
    super(PVC_PROTECTION_CONTROLLER);
  }

  private get store(): StoreApi {
    return this.ctx.store;
  }

  protected setup(): void {
    const store = this.ctx.store as StoreApi & { addAdmissionPlugin?: (p: AdmissionPlugin) => void };
    store.addAdmissionPlugin?.(storageObjectInUseProtectionPlugin);
    for (const c of this.store.list('PersistentVolumeClaim')) this.onClaim(c);
    this.store.watch((e) => this.onEvent(e), ['PersistentVolumeClaim', 'Pod']);
  }

  private onEvent(e: WatchEvent): void {
    if (e.kind === 'PersistentVolumeClaim') {
      if (e.type !== 'DELETED') this.onClaim(e.object);
      return;
    }
    this.enqueuePVCs(e.object, e.type === 'DELETED');
    if (e.old && e.old.metadata.uid !== e.object.metadata.uid) this.enqueuePVCs(e.old, true);
  }

  /** pvcAddedUpdated: only claims that need the finalizer added or are deletion candidates. */
  private onClaim(c: KubeObject): void {
    if (needToAddFinalizer(c) || isDeletionCandidate(c)) this.enqueue(`${c.metadata.namespace ?? 'default'}/${c.metadata.name}`);
  }

  /** enqueuePVCs: only pods that can help remove a finalizer (deleted, terminated or unscheduled). */
  private enqueuePVCs(pod: KubeObject, deleted: boolean): void {
    const phase = pod.status?.phase;
    const terminated = phase === 'Succeeded' || phase === 'Failed';
    if (!deleted && !terminated && pod.spec?.nodeName) return;
    if (!pod.spec?.volumes) return;
    for (const name of podClaimNames(pod)) this.enqueue(`${pod.metadata.namespace ?? 'default'}/${name}`);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pvc = this.store.get('PersistentVolumeClaim', namespace, name);
    if (!pvc) return;
    if (isDeletionCandidate(pvc)) {
      if (!this.isBeingUsed(pvc)) {
        this.setFinalizers(pvc, (pvc.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION_FINALIZER));
      }
      return;
    }
    if (needToAddFinalizer(pvc)) this.setFinalizers(pvc, [...(pvc.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER]);
  }

  private isBeingUsed(pvc: KubeObject): boolean {
    for (const pod of this.store.list('Pod', { namespace: pvc.metadata.namespace ?? 'default' })) {
      if (podUsesPVC(pod, pvc)) return true;
    }
    return false;
  }

  private setFinalizers(pvc: KubeObject, finalizers: string[]): void {
    const metadata = { ...pvc.metadata, finalizers };
    if (finalizers.length === 0) delete (metadata as { finalizers?: string[] }).finalizers;
    try {
      this.store.update({ ...pvc, metadata }, { actor: PVC_PROTECTION_CONTROLLER });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // Conflict or gone: the next change enqueues it again.
    }
  }
}

/** podUsesPVC (1.30). */
export function podUsesPVC(pod: KubeObject, pvc: KubeObject): boolean {
  if (!pod.spec?.nodeName) return false;
  const shutDown = pod.metadata.deletionTimestamp != null && pod.metadata.deletionGracePeriodSeconds === 0;
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) return true;
    if (!shutDown && v.ephemeral && ephemeralClaimName(pod, v) === pvc.metadata.name && volumeIsForPod(pod, pvc) === undefined) return true;
  }
  return false;
}

function needToAddFinalizer(o: KubeObject): boolean {
  return !o.metadata.deletionTimestamp && !(o.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER);
}

function isDeletionCandidate(o: KubeObject): boolean {
  return !!o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER);
}
