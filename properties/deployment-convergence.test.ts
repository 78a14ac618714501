import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentScenario, rejectedDeploymentScenario } from '../src/generate/index.js';
import { loadScenarioText, runScenario } from '../src/scenario/index.js';
import { assertReplayable, describeRun, Inapplicable, runAsFile } from './replayable-property.js';

// Random Deployments (0–50 replicas, Recreate or RollingUpdate with int/percent maxSurge and
// maxUnavailable, minReadySeconds, progress deadlines, healthy / never-ready / crashing images
// with pull, start and stop delays, optional liveness probe and Service) on 1–5 nodes, under a
// random interleaving of image changes (apply or patch), scale, rollout pause / resume / undo
// (previous or --to-revision) / restart, failProbe (for a while or until healed), healProbe,
// crash, pod deletions (graceful, grace 0, force), killNode / restartNode and waits.
// Every invariant is on (the scenarios say nothing about invariants, so `all`). Then the faults
// stop (dead nodes restart, the Deployment is resumed, open probe faults are healed) and the
// image changes to a healthy one: the Deployment must be complete within the bound of
// src/generate/convergence-bound.ts (60s settling + 300s of a running restart back-off +
// (R + 1) waves of pull + start + readyAfter + probe period + minReadySeconds + 2s) and stay so
// for 30s. The bound and the completion checks are `waitFor`/`hold` steps of the scenario
// itself, so a shrunk counterexample written as YAML fails the same way under `kscenario run`.
// observedGeneration ≥ generation is checked here (no assertion compares two fields).
//
// Fault steps act on every pod of the Deployment; when one of them meets a pod it cannot act on
// (a crash on a container in back-off or still pulling, a probe fault on a pod its kubelet has
// not admitted yet) kubectl-like, the step fails: such runs are discarded, not counted.
const SEED = Number(process.env.KSCENARIO_PROPERTY_SEED ?? 20240417);
const RUNS = Number(process.env.KSCENARIO_PROPERTY_RUNS ?? 200);
const INAPPLICABLE = /^(crash: container .* is not running|failProbe: pod .* is not running|healProbe: pod .* is not running)/;

describe('deployment convergence (property)', () => {
  it(`no invariant violation, and complete within the bound once faults stop (${RUNS} runs, seed ${SEED})`, () => {
    const stats: Record<string, number> = {};
    const started = Date.now();
    assertReplayable(
      deploymentScenario(),
      (s) => {
        const { result } = runAsFile(s);
        if (result.verdict === 'fail' && result.violations.length === 0 && result.failures.length === 1 && INAPPLICABLE.test(result.failures[0]!.message)) {
          throw new Inapplicable(result.failures[0]!.message.split(':')[0]!);
        }
        // A pod created in the same instant, not bound yet: kubectl-like, the step cannot act on it.
        if (result.verdict === 'error' && result.diagnostics.length === 1 && result.diagnostics[0]!.code === 'POD_NOT_RUNNING') throw new Inapplicable('pod not bound');
        if (result.verdict !== 'pass') throw new Error(describeRun(result));
        const d = result.cluster.store.get('Deployment', 'default', 'web');
        if (!d) throw new Error('deployment web is gone');
        if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
          throw new Error(`status.observedGeneration ${d.status?.observedGeneration} < metadata.generation ${d.metadata.generation} at the end`);
        }
        stats.passed = (stats.passed ?? 0) + 1;
      },
      { seed: SEED, numRuns: RUNS, stats },
    );
    // Shown in the test output: how many runs counted and how long they took.
    console.log(`deployment-convergence: ${JSON.stringify(stats)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    expect(stats.passed).toBe(RUNS);
  });

  it('a Deployment with maxSurge and maxUnavailable both zero as given is rejected and nothing is created', () => {
    assertReplayable(
      rejectedDeploymentScenario(),
      (s) => {
        const { result } = runAsFile(s);
        if (result.verdict !== 'pass') throw new Error(describeRun(result));
      },
      { seed: SEED, numRuns: 20 },
    );
  });

  // Found by this property: the restart-backoff invariant forgets back-off state per kubelet
  // incarnation, also when the reboot falls in the crash's millisecond (rebootGap in the generator
  // is no longer needed for correctness).
  it('regression: a zero-length reboot right after a crash passes', () => {
    const file = join(import.meta.dirname, 'regressions', 'zero-length-reboot-after-crash.yaml');
    const loaded = loadScenarioText(readFileSync(file, 'utf8'), file);
    const r = runScenario(loaded.scenario!);
    expect(describeRun(r)).toBe('');
  });

  // Found with seed 1 (path "167:0:…"): the kubelet's status manager reconciles a status someone
  // else changed (MarkPodsNotReady) on its next 10s sync (status_manager.go syncBatch).
  it('regression: pods started as their node returns become available', () => {
    const file = join(import.meta.dirname, 'regressions', 'pods-marked-not-ready-as-node-returns.yaml');
    const loaded = loadScenarioText(readFileSync(file, 'utf8'), file);
    const r = runScenario(loaded.scenario!);
    expect(describeRun(r)).toBe('');
  });

  // Found by this property: the stuck-progress re-check of a degraded Deployment ran every 5ms.
  // Upstream's DefaultControllerRateLimiter adds a shared 10 qps / burst 100 token bucket.
  it('regression: a degraded Deployment is re-checked at most ~10 times a second', () => {
    const file = join(import.meta.dirname, 'regressions', 'degraded-deployment-requeue-rate.yaml');
    const loaded = loadScenarioText(readFileSync(file, 'utf8'), file);
    const r = runScenario(loaded.scenario!, { trace: true });
    const reconciles = r.trace!.filter((e) => e.component === 'deployment-controller' && e.action === 'reconcile').length;
    expect(reconciles).toBeLessThanOrEqual(100 + 10 * 300);
  });
});
