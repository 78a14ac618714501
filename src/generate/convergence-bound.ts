import { parseDuration } from '../api/duration.js';
import type { ImageBehaviour } from '../../generated/scenario.js';
import type { DeploymentParams } from './deployment-params.js';

const sec = (d: string | undefined): number => (d === undefined ? 0 : Math.ceil(parseDuration(d) / 1000));

/**
 * Seconds within which the Deployment must be complete once the faults have stopped and the
 * last image change (to a healthy image) was made. Independent of progressDeadlineSeconds:
 * the Progressing condition turns NewReplicaSetAvailable as soon as the rollout completes.
 *
 *   60s    restarted nodes Ready and untainted (node monitor period 5s), controllers resynced,
 *          terminating pods gone (terminationGracePeriodSeconds ≤ 10s, image stop ≤ 3s)
 * + 300s   a container of a reused ReplicaSet may be in a restart back-off (cap 300s) that
 *          started before the probes were healed
 * + (R+1) × wave, wave = pull + start + readyAfter + readiness period + minReadySeconds + 2s:
 *          in the slowest rolling update (maxSurge + maxUnavailable resolving to 1) each new pod
 *          must become available before the next one is created or the next old one removed;
 *          Recreate is one wave after the old pods are gone.
 */
export function convergenceBoundSeconds(p: DeploymentParams, finalImage: ImageBehaviour, replicas: number): number {
  const wave = sec(finalImage.pull) + sec(finalImage.start) + sec(finalImage.readyAfter) + p.readinessPeriod + (p.minReadySeconds ?? 0) + 2;
  return 60 + 300 + (replicas + 1) * wave;
}
