import fc from 'fast-check';
import { deploymentStrategy, type DeploymentStrategy } from './deployment-strategy.js';

/** The knobs of the generated Deployment `web` (selector app=web, one container `web`). */
export interface DeploymentParams {
  replicas: number;
  strategy: DeploymentStrategy;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  /** Readiness probe period (seconds); every generated pod has a readiness probe. */
  readinessPeriod: number;
  /** Liveness probe (period, failureThreshold), when any. */
  liveness?: { period: number; failureThreshold: number };
  terminationGracePeriodSeconds?: number;
}

/** Replica counts 0–50, mostly small so that a run stays cheap. */
export function replicaCount(): fc.Arbitrary<number> {
  return fc.oneof({ weight: 14, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 5, arbitrary: fc.integer({ min: 5, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 11, max: 50 }) });
}

export function deploymentParams(): fc.Arbitrary<DeploymentParams> {
  return fc.record(
    {
      replicas: replicaCount(),
      strategy: deploymentStrategy(),
      minReadySeconds: fc.integer({ min: 0, max: 10 }),
      progressDeadlineSeconds: fc.constantFrom(30, 60, 600),
      readinessPeriod: fc.constantFrom(1, 2, 5),
      liveness: fc.record({ period: fc.constantFrom(1, 5), failureThreshold: fc.integer({ min: 1, max: 3 }) }),
      terminationGracePeriodSeconds: fc.integer({ min: 0, max: 10 }),
    },
    { requiredKeys: ['replicas', 'strategy', 'readinessPeriod'] },
  );
}
