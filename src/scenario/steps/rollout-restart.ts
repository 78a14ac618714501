import type { KubeObject, StoreApi } from '../../store/types.js';
import { toTimestamp } from '../../api/time.js';
import { RollbackError } from '../../controllers/deployment-rollback.js';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * kubectl rollout restart of a Deployment or StatefulSet (polymorphichelpers/objectrestarter.go,
 * rollout_restart.go RunRestart): stamps the template with kubectl.kubernetes.io/restartedAt
 * (RFC3339, one-second resolution), which the controller rolls out like any template change. An
 * unchanged annotation makes an empty patch, which kubectl refuses without patching.
 */
export function rolloutRestart(kind: 'Deployment' | 'StatefulSet', obj: KubeObject, store: StoreApi, opts: { actor: string }, now: number): 'restarted' {
  const n = obj.metadata.name!;
  const at = toTimestamp(now);
  if (obj.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === at) {
    throw new RollbackError(`failed to create patch for ${n}: if restart has already been triggered within the past second, please wait before attempting to trigger another`);
  }
  store.patch(kind, obj.metadata.namespace, n, { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } } }, 'strategic', opts);
  return 'restarted';
}
