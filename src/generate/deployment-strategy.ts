import fc from 'fast-check';
import { intOrPercent, isZero, type IntOrPercent } from './int-or-percent.js';

export interface RollingUpdateParams {
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

/** `spec.strategy` of a Deployment. */
export type DeploymentStrategy = { type: 'Recreate' } | { type: 'RollingUpdate'; rollingUpdate?: RollingUpdateParams };

/**
 * Recreate, or RollingUpdate with maxSurge/maxUnavailable omitted (25%/25%), one of them, or
 * both. Never both zero as given: validation rejects that (ValidateRollingUpdateDeployment),
 * see `invalidStrategy` for the rejected form.
 */
export function deploymentStrategy(): fc.Arbitrary<DeploymentStrategy> {
  const ru = fc
    .record({ maxSurge: intOrPercent(), maxUnavailable: intOrPercent() }, { requiredKeys: [] })
    .filter((r) => !(isZero(r.maxSurge ?? '25%') && isZero(r.maxUnavailable ?? '25%')));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ type: 'Recreate' as const }) },
    { weight: 1, arbitrary: fc.constant({ type: 'RollingUpdate' as const }) },
    { weight: 4, arbitrary: ru.map((rollingUpdate) => ({ type: 'RollingUpdate' as const, rollingUpdate })) },
  );
}

/** A RollingUpdate strategy validation rejects: maxSurge and maxUnavailable both zero. */
export function invalidStrategy(): fc.Arbitrary<DeploymentStrategy> {
  return fc.record({ maxSurge: fc.constantFrom<IntOrPercent>(0, '0%'), maxUnavailable: fc.constantFrom<IntOrPercent>(0, '0%') }).map((rollingUpdate) => ({ type: 'RollingUpdate' as const, rollingUpdate }));
}
