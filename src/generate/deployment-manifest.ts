import type { Manifest } from '../../generated/scenario.js';
import type { DeploymentParams } from './deployment-params.js';
import type { DeploymentStrategy } from './deployment-strategy.js';

/** The generated Deployment `web` as an inline manifest, with this image and replica count. */
export function deploymentManifest(p: DeploymentParams, image: string, replicas: number, strategy: DeploymentStrategy = p.strategy): Manifest {
  const container: Record<string, unknown> = {
    name: 'web',
    image,
    resources: { requests: { cpu: '50m', memory: '32Mi' } },
    readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: p.readinessPeriod },
  };
  // Generated images start serving ≤ 5s after the process starts; a liveness probe that begins
  // earlier kills a healthy container forever (real behaviour, not what this suite studies).
  if (p.liveness) container.livenessProbe = { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 6, periodSeconds: p.liveness.period, failureThreshold: p.liveness.failureThreshold };
  const podSpec: Record<string, unknown> = { containers: [container] };
  if (p.terminationGracePeriodSeconds !== undefined) podSpec.terminationGracePeriodSeconds = p.terminationGracePeriodSeconds;
  const spec: Record<string, unknown> = {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    strategy,
    template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
  };
  if (p.minReadySeconds !== undefined) spec.minReadySeconds = p.minReadySeconds;
  if (p.progressDeadlineSeconds !== undefined) spec.progressDeadlineSeconds = p.progressDeadlineSeconds;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec };
}

/** A Service selecting the Deployment's pods (turns the endpoints-ready invariant on something). */
export function serviceManifest(): Manifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
}
