import fc from 'fast-check';
import type { Assertion, Images, Step } from '../../generated/scenario.js';
import type { Scenario } from '../scenario/types.js';
import { deploymentActions } from './deployment-action.js';
import { deploymentManifest, serviceManifest } from './deployment-manifest.js';
import { deploymentParams, type DeploymentParams } from './deployment-params.js';
import { invalidStrategy } from './deployment-strategy.js';
import { healthyImage, imageBehaviour, type GeneratedImage } from './image-behaviour.js';
import { imageName, initialState, rebootGap, renderActions } from './render-actions.js';
import { nodeNames, smallCluster } from './small-cluster.js';
import { convergenceBoundSeconds } from './convergence-bound.js';

/** The assertions of a complete Deployment `web` with `r` replicas (deploymentutil.DeploymentComplete + the Progressing reason). */
export function completeAssertions(r: number): Assertion[] {
  // Zero counts are omitted from the status (omitempty), so 0 is "absent".
  const n = r === 0 ? null : r;
  return [
    { field: { target: 'deploy/web', path: 'status.updatedReplicas' }, equals: n },
    { field: { target: 'deploy/web', path: 'status.availableReplicas' }, equals: n },
    { field: { target: 'deploy/web', path: 'status.replicas' }, equals: n },
    { condition: { target: 'deploy/web', type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' } },
    { count: { kind: 'Pod', selector: 'app=web', terminating: false }, equals: r },
  ];
}

/**
 * Steps after the faults: restart every dead node, resume, heal open probe faults (once
 * pods exist and none is Pending, so each has a kubelet), wait out bounded probe faults, change to a healthy image, then wait (bounded) for
 * completion and hold it for 30s.
 */
function epilogue(p: DeploymentParams, images: GeneratedImage[], finalImage: number, via: 'apply' | 'patch', st: ReturnType<typeof initialState>): Step[] {
  const steps: Step[] = [];
  for (const n of [...st.dead].sort()) {
    rebootGap(steps, st, n);
    steps.push({ name: 'faults stop', restartNode: n });
  }
  if (st.paused) steps.push({ name: 'faults stop', rollout: { resume: 'deploy/web' } });
  if (st.openProbeFault && st.replicas > 0) {
    steps.push({ name: 'faults stop: every pod has a kubelet', waitFor: { expect: [{ count: { kind: 'Pod', selector: 'app=web', terminating: false }, min: 1 }, { count: { kind: 'Pod', selector: 'app=web', phase: 'Pending' }, equals: 0 }], timeout: '10m' } });
    steps.push({ name: 'faults stop', healProbe: { target: 'deploy/web' } });
  }
  // Bounded probe faults are faults until they end.
  if (st.faultsUntil > st.time) {
    steps.push({ name: 'faults stop: bounded probe faults end', wait: `${st.faultsUntil - st.time}s` });
    st.time = st.faultsUntil;
  }
  if (finalImage !== st.image && st.templateAt === st.time) steps.push({ wait: '1s' });
  const img = imageName(finalImage);
  steps.push(
    via === 'apply'
      ? { name: 'last image change (healthy)', apply: deploymentManifest(p, img, st.replicas) }
      : { name: 'last image change (healthy)', patch: { target: 'deploy/web', patch: { spec: { template: { spec: { containers: [{ name: 'web', image: img }] } } } } } },
  );
  // The scenario language cannot compare observedGeneration with generation, so give the
  // controller a second to observe the change (it does within milliseconds) before judging
  // the status; the property also checks observedGeneration ≥ generation at the end.
  steps.push({ wait: '1s' });
  const bound = convergenceBoundSeconds(p, images[finalImage]!.behaviour, st.replicas);
  steps.push({ name: `converges within ${bound}s`, waitFor: { expect: completeAssertions(st.replicas), timeout: `${bound}s` } });
  steps.push({ name: 'stays complete', hold: { for: '30s', always: completeAssertions(st.replicas) } });
  return steps;
}

/** 2–4 images web:v1.., the first healthy; which image starts and which one ends (healthy). */
const imageSet = fc.tuple(healthyImage(), fc.array(imageBehaviour(), { minLength: 1, maxLength: 3 }));

/**
 * A Deployment scenario: a small cluster, a random Deployment (optionally behind a Service),
 * a random interleaving of faults and changes, then the convergence epilogue. The value is the
 * loader's `Scenario` type without `source` (manifests inline), and `writeScenarioYaml` prints
 * it as a file `kscenario run` replays; loading that file gives back the same document.
 */
export function deploymentScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      seed: fc.nat(1000),
      cluster: smallCluster(),
      params: deploymentParams(),
      images: imageSet,
      initial: fc.nat(3),
      final: fc.nat(3),
      finalVia: fc.constantFrom<'apply' | 'patch'>('apply', 'patch'),
      service: fc.boolean(),
      actions: deploymentActions(),
    })
    .map((g) => {
      const images = [g.images[0], ...g.images[1]];
      const healthy = images.map((im, i) => (im.kind === 'healthy' ? i : -1)).filter((i) => i >= 0);
      const initial = g.initial % images.length;
      const final = healthy[g.final % healthy.length]!;
      const st = initialState(g.params, initial);
      const steps: Step[] = [];
      if (g.service) steps.push({ apply: serviceManifest() });
      steps.push({ apply: deploymentManifest(g.params, imageName(initial), g.params.replicas) });
      const body = renderActions(g.params, images.length, nodeNames(g.cluster), g.actions, st);
      steps.push(...body, ...epilogue(g.params, images, final, g.finalVia, st));
      const imgs: Images = {};
      images.forEach((im, i) => (imgs[imageName(i)] = im.behaviour));
      return {
        apiVersion: 'kscenario.dev/v1alpha1' as const,
        kind: 'Scenario' as const,
        metadata: { name: 'generated-deployment', description: `generated: ${g.params.replicas} replicas, ${g.params.strategy.type}, ${images.map((im, i) => `${imageName(i)} ${im.kind}`).join(', ')}` },
        spec: { seed: g.seed, cluster: g.cluster, images: imgs, steps },
      };
    });
}

/** A Deployment whose maxSurge and maxUnavailable are both zero as given: the apply is rejected and nothing is created. */
export function rejectedDeploymentScenario(): fc.Arbitrary<Scenario> {
  return fc.tuple(deploymentParams(), invalidStrategy()).map(([p, strategy]) => ({
    apiVersion: 'kscenario.dev/v1alpha1' as const,
    kind: 'Scenario' as const,
    metadata: { name: 'generated-rejected-deployment' },
    spec: {
      cluster: { nodes: [{ name: 'node-0' }] },
      steps: [
        { apply: deploymentManifest(p, 'web:v1', p.replicas, strategy), expectError: { reason: 'Invalid' as const, message: 'may not be 0 when `maxSurge` is 0' } },
        { wait: '5s' },
        { expect: [{ absent: 'deploy/web' }, { count: { kind: 'ReplicaSet' }, equals: 0 }] },
      ],
    },
  }));
}
