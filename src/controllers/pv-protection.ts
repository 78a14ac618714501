import type { KubeObject, StoreApi } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { Controller } from './controller.js';
import { PV_PROTECTION_FINALIZER } from './pv-matching.js';

export const PV_PROTECTION_CONTROLLER = 'pv-protection-controller';

/**
 * The PV protection controller (pkg/controller/volume/pvprotection/pv_protection_controller.go):
 * a PV being deleted keeps kubernetes.io/pv-protection (Terminating) while its phase is Bound;
 * the finalizer is added to PVs that lack it (the admission plugin adds it at creation).
 */
export class PVProtectionController extends Controller {
  constructor() {
    super(PV_PROTECTION_CONTROLLER);
  }

  private get store(): StoreApi {
    return this.ctx.store;
  }

  protected setup(): void {
    for (const v of this.store.list('PersistentVolume')) this.onVolume(v);
    this.store.watch((e) => {
      if (e.type !== 'DELETED') this.onVolume(e.object);
    }, ['PersistentVolume']);
  }

  private onVolume(v: KubeObject): void {
    const has = (v.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER);
    if ((v.metadata.deletionTimestamp && has) || (!v.metadata.deletionTimestamp && !has)) this.enqueue(v.metadata.name!);
  }

  protected reconcile(key: string): void {
    const pv = this.store.get('PersistentVolume', undefined, key);
    if (!pv) return;
    const finalizers = pv.metadata.finalizers ?? [];
    const has = finalizers.includes(PV_PROTECTION_FINALIZER);
    let next: string[] | undefined;
    if (pv.metadata.deletionTimestamp && has) {
      // isBeingUsed: the PV controller's phase says whether a claim holds it.
      if (pv.status?.phase === 'Bound') return;
      next = finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER);
    } else if (!pv.metadata.deletionTimestamp && !has) {
      next = [...finalizers, PV_PROTECTION_FINALIZER];
    }
    if (!next) return;
    const metadata = { ...pv.metadata, finalizers: next };
    if (next.length === 0) delete (metadata as { finalizers?: string[] }).finalizers;
    try {
      this.store.update({ ...pv, metadata }, { actor: PV_PROTECTION_CONTROLLER });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
