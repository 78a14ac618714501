import type { AdmissionPlugin } from '../../store/store.js';
import { PVC_PROTECTION_FINALIZER, PV_PROTECTION_FINALIZER } from '../../controllers/pv-matching.js';

/**
 * StorageObjectInUseProtection admission (plugin/pkg/admission/storage/storageobjectinuseprotection):
 * every PVC is created with the kubernetes.io/pvc-protection finalizer and every PV with
 * kubernetes.io/pv-protection (CREATE only; the protection controllers add them to older objects).
 */
export const storageObjectInUseProtectionPlugin: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
  admit(obj, ctx) {
    if (ctx.operation !== 'CREATE') return;
    const fin = obj.kind === 'PersistentVolume' ? PV_PROTECTION_FINALIZER : PVC_PROTECTION_FINALIZER;
    const finalizers = obj.metadata.finalizers ?? [];
    if (finalizers.includes(fin)) return;
    return { ...obj, metadata: { ...obj.metadata, finalizers: [...finalizers, fin] } };
  },
};
