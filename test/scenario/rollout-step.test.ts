import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';

// kubectl rollout as a scenario step: kubectl's words, and which failures are bad input (exit 2)
// and which are step failures (exit 1). Sources: staging/src/k8s.io/kubectl/pkg/cmd/rollout/
// (rollout_undo.go, rollout_restart.go) and pkg/polymorphichelpers/rollback.go.

const HEAD = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata:
  name: t
spec:
  cluster: {nodes: [{name: node-a}]}
  steps:
    - apply:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "web:v1"}]}
    - wait: 10s
`;

function run(steps: string) {
  const r = loadScenarioText(HEAD + steps, 'sc.yaml', {});
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!);
}

const v2 = `    - patch: {target: deploy/web, type: strategic, patch: {spec: {template: {spec: {containers: [{name: web, image: "web:v2"}]}}}}}
    - wait: 10s
`;

describe('rollout step', () => {
  it('undo to a revision that is not in the history fails the step with kubectl\'s error (exit 1)', () => {
    const r = run(`${v2}    - rollout: {undo: deploy/web, toRevision: 3}\n`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.message).toBe('error: unable to find specified revision 3 in history');
    expect(r.timeline.at(-2)).toMatch(/rollout +error: unable to find specified revision 3 in history$/);
  });

  it('undo of a paused Deployment is refused after the revision is found (rollback.go order)', () => {
    const r = run(`${v2}    - rollout: {pause: deploy/web}\n    - rollout: {undo: deploy/web}\n`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.message).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    // A revision that does not exist is reported first, even when paused.
    const r2 = run(`${v2}    - rollout: {pause: deploy/web}\n    - rollout: {undo: deploy/web, toRevision: 7}\n`);
    expect(r2.failures[0]!.message).toBe('error: unable to find specified revision 7 in history');
    // Nothing was patched: the template is still v2.
    expect(r.cluster.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('web:v2');
  });

  it('undo to the current template is skipped, not an error, printing the requested revision', () => {
    const r = run(`${v2}    - rollout: {undo: deploy/web, toRevision: 2}\n    - rollout: {undo: deploy/web}\n    - wait: 10s\n    - rollout: {undo: deploy/web, toRevision: 3}\n`);
    expect(r.verdict).toBe('pass');
    expect(r.timeline.filter((l) => l.includes('rollout')).map((l) => l.replace(/^ *\S+ +rollout +/, ''))).toEqual([
      'deployment.apps/web skipped rollback (current template already matches revision 2)',
      'deployment.apps/web rolled back',
      'deployment.apps/web skipped rollback (current template already matches revision 3)',
    ]);
    const d = r.cluster.store.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0].image).toBe('web:v1');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('a revision renumbered by an undo is gone from the history', () => {
    const r = run(`${v2}    - rollout: {undo: deploy/web}\n    - wait: 10s\n    - rollout: {undo: deploy/web, toRevision: 1}\n`);
    expect(r.verdict).toBe('fail');
    // Revision 1 became 3; kubectl finds no ReplicaSet with revision 1 any more.
    expect(r.failures[0]!.message).toBe('error: unable to find specified revision 1 in history');
  });

  it('revisionHistoryLimit 0 makes rollback impossible once the rollout completed', () => {
    const r = run(`    - patch: {target: deploy/web, type: merge, patch: {spec: {revisionHistoryLimit: 0}}}\n${v2}    - rollout: {undo: deploy/web}\n`);
    expect(r.verdict).toBe('fail');
    expect(r.cluster.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(1);
    expect(r.failures[0]!.message).toBe('error: no rollout history found for deployment "web"');
  });

  it('a second restart within the same second is refused like kubectl (empty patch)', () => {
    const r = run(`    - rollout: {restart: deploy/web}\n    - wait: 999ms\n    - rollout: {restart: deploy/web}\n`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.message).toBe('error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another');
    const ok = run(`    - rollout: {restart: deploy/web}\n    - wait: 1s\n    - rollout: {restart: deploy/web}\n`);
    expect(ok.verdict).toBe('pass');
    expect(ok.cluster.store.get('Deployment', 'default', 'web')!.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2024-04-17T00:00:11Z' });
  });

  it('a missing target is bad input (exit 2) like scale; other kinds are not modelled', () => {
    const r = run(`    - rollout: {undo: deploy/nope}\n`);
    expect(r.verdict).toBe('error');
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(['OBJECT_NOT_FOUND: Error from server (NotFound): deployments.apps "nope" not found']);
    const s = run(`    - rollout: {restart: rs/db}\n`);
    expect(s.verdict).toBe('error');
    expect(s.diagnostics[0]!.code).toBe('INVALID_TARGET');
  });
});

describe('expectError on rollout and scale', () => {
  it('a refusal matching expectError is the expected outcome; the run goes on', () => {
    const r = run(`${v2}    - rollout: {undo: deploy/web, toRevision: 3}\n      expectError: {message: unable to find specified revision 3}\n    - rollout: {pause: deploy/web}\n    - rollout: {pause: deploy/web}\n      expectError: {message: is already paused}\n    - expect: [{field: {target: deploy/web, path: spec.paused}, equals: true}]\n`);
    expect(r.failures).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('a rollout that succeeds despite expectError fails the step', () => {
    const r = run(`    - rollout: {restart: deploy/web}\n      expectError: {message: anything}\n`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.message).toBe('expected kubectl rollout restart to fail, but it printed: deployment.apps/web restarted');
  });

  it('scale of a missing Deployment with expectError NotFound passes', () => {
    const r = run(`    - scale: {target: deploy/nope, replicas: 3}\n      expectError: {reason: NotFound}\n`);
    expect(r.failures).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('expectError on a step that cannot be refused (wait) is still bad input', () => {
    const l = loadScenarioText(HEAD + '    - wait: 1s\n      expectError: {reason: NotFound}\n', 'sc.yaml', {});
    expect(l.diagnostics.map((d) => d.message)).toEqual(['expectError goes only on apply, create, replace, patch, delete, deletePVC, editConfigMap, editSecret, scale and rollout steps, not on "wait"']);
  });
});
