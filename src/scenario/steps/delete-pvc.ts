import type { DeletePVCStep } from '../../../generated/scenario.js';
import type { StepHandler } from './types.js';
import { del } from './delete.js';

/**
 * `deletePVC: NAME | {name, namespace}`: `kubectl delete pvc NAME [-n NS]` (graceful, background
 * propagation): prints `persistentvolumeclaim "NAME" deleted`, or kubectl's
 * `Error from server (NotFound): persistentvolumeclaims "NAME" not found`. The claim stays
 * Terminating while the kubernetes.io/pvc-protection finalizer is held by a pod using it.
 */
export const deletePVC: StepHandler = (arg: DeletePVCStep, rt) => {
  const o = typeof arg === 'string' ? { name: arg, namespace: undefined } : arg;
  const target = { target: `persistentvolumeclaim/${o.name}`, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}) };
  del(target, rt);
};
