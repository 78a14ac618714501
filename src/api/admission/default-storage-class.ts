import type { AdmissionPlugin } from '../../store/store.js';
import { ANN_BETA_STORAGE_CLASS, defaultClass } from '../../controllers/pv-matching.js';

/**
 * DefaultStorageClass admission (plugin/pkg/admission/storage/storageclass/setdefault): a PVC
 * created with neither spec.storageClassName (nil, not "") nor the beta class annotation gets
 * the default StorageClass (the newest class annotated is-default-class "true", then by name).
 */
export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  kinds: ['PersistentVolumeClaim'],
  admit(obj, ctx) {
    if (ctx.operation !== 'CREATE') return;
    if (obj.spec?.storageClassName != null) return;
    if (obj.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined) return;
    const def = defaultClass(ctx.store.list('StorageClass'));
    if (!def) return;
    return { ...obj, spec: { ...obj.spec, storageClassName: def.metadata.name } };
  },
};
