import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';

const HEAD = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: t\nspec:\n';
function run(body: string) {
  const r = loadScenarioText(HEAD + body, 'sc.yaml', {});
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!);
}

describe('deletePVC step (kubectl delete pvc)', () => {
  it('deletes by name or {name, namespace} with kubectl wording', () => {
    const r = run(`  steps:
    - apply: {apiVersion: v1, kind: Namespace, metadata: {name: team}}
    - apply:
        - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: a}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: ""}}
        - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: b, namespace: team}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: ""}}
    - deletePVC: a
    - deletePVC: {name: b, namespace: team}
    - wait: 1s
    - expect:
        - absent: pvc/a
        - count: {kind: PersistentVolumeClaim, namespace: team}
          equals: 0
`);
    expect(r.verdict, r.failures.map((f) => f.message).join('\n')).toBe('pass');
    expect(r.timeline.filter((l) => l.includes('deletePVC'))).toEqual([
      expect.stringMatching(/deletePVC persistentvolumeclaim "a" deleted$/),
      expect.stringMatching(/deletePVC persistentvolumeclaim "b" deleted$/),
    ]);
  });

  it('a missing claim is kubectl NotFound (an input error unless expectError says so)', () => {
    const r = run(`  steps:
    - deletePVC: nope
      expectError: {reason: NotFound, message: 'persistentvolumeclaims "nope" not found'}
`);
    expect(r.verdict).toBe('pass');
    expect(r.timeline.at(-1)).toMatch(/Error from server \(NotFound\): persistentvolumeclaims "nope" not found$/);
    const bad = run(`  steps:
    - deletePVC: nope
`);
    expect(bad.verdict).toBe('error');
    expect(bad.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      'OBJECT_NOT_FOUND: Error from server (NotFound): persistentvolumeclaims "nope" not found (add expectError to the step if this rejection is what the scenario shows)',
    ]);
  });
});
