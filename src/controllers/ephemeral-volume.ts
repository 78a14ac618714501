import type { KubeObject, StoreApi } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { Controller, splitKey } from './controller.js';
import { ephemeralClaimName } from './pv-matching.js';

export const EPHEMERAL_VOLUME_CONTROLLER = 'ephemeral-volume-controller';

/**
 * The ephemeral volume controller (pkg/controller/volume/ephemeral/controller.go): for every
 * generic ephemeral volume of a pod that is not being deleted it creates the claim
 * `<pod>-<volume>` from volumeClaimTemplate (labels, annotations, spec), owned by the pod
 * (controller, blockOwnerDeletion), so the garbage collector deletes it with the pod. An
 * existing claim of that name is left alone (the scheduler refuses it when the pod does not own it).
 */
export class EphemeralVolumeController extends Controller {
  constructor() {
    super(EPHEMERAL_VOLUME_CONTROLLER);
  }

  private get store(): StoreApi {
    return this.ctx.store;
  }

  protected setup(): void {
    this.store.watch((e) => {
      if (e.type === 'DELETED') return;
      const pod = e.object;
      if (pod.metadata.deletionTimestamp || !(pod.spec?.volumes ?? []).some((v: any) => v.ephemeral)) return;
      this.enqueue(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`);
    }, ['Pod']);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.store.get('Pod', namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    for (const vol of pod.spec?.volumes ?? []) {
      if (!vol.ephemeral) continue;
      const claimName = ephemeralClaimName(pod, vol);
      if (this.store.get('PersistentVolumeClaim', namespace, claimName)) continue;
      const tpl = vol.ephemeral.volumeClaimTemplate ?? {};
      const metadata: KubeObject['metadata'] = {
        name: claimName,
        namespace,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      };
      if (tpl.metadata?.annotations) metadata.annotations = tpl.metadata.annotations;
      if (tpl.metadata?.labels) metadata.labels = tpl.metadata.labels;
      try {
        this.store.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: tpl.spec ?? {} }, { actor: EPHEMERAL_VOLUME_CONTROLLER });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
  }
}
