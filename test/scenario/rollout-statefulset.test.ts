import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';

// kubectl rollout on a StatefulSet: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
// rollback.go (StatefulSetRollbacker), objectpauser.go, objectresumer.go, objectrestarter.go.

const HEAD = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata:
  name: t
spec:
  cluster: {nodes: [{name: node-a}]}
  steps:
    - apply:
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          replicas: 2
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: "db:v1"}]}
    - wait: 10s
`;

const v2 = `    - patch: {target: sts/db, type: strategic, patch: {spec: {template: {spec: {containers: [{name: db, image: "db:v2"}]}}}}}
    - wait: 10s
`;

function run(steps: string) {
  const r = loadScenarioText(HEAD + steps, 'sc.yaml', {});
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!);
}
const lines = (r: ReturnType<typeof run>) => r.timeline.filter((l) => l.includes('rollout')).map((l) => l.replace(/^ *\S+ +rollout +/, ''));

describe('rollout step on a StatefulSet', () => {
  it('pause and resume are refused: only Deployments can be paused', () => {
    const p = run(`    - rollout: {pause: sts/db}\n`);
    expect(p.verdict).toBe('fail');
    expect(p.failures[0]!.message).toBe('error: statefulsets.apps "db" pausing is not supported');
    const r = run(`    - rollout: {resume: sts/db}\n`);
    expect(r.failures[0]!.message).toBe('error: statefulsets.apps "db" resuming is not supported');
  });

  it('undo with a single revision: no last revision; an unknown revision: not in history', () => {
    const a = run(`    - rollout: {undo: sts/db}\n`);
    expect(a.failures[0]!.message).toBe('error: no last revision to roll back to');
    const b = run(`${v2}    - rollout: {undo: sts/db, toRevision: 5}\n`);
    expect(b.failures[0]!.message).toBe('error: unable to find specified revision 5 in history');
  });

  it('undo restores the previous template; the old revision becomes the newest; undo to the live one is skipped', () => {
    const r = run(`${v2}    - rollout: {undo: sts/db}\n    - wait: 10s\n    - rollout: {undo: sts/db, toRevision: 3}\n    - rollout: {undo: sts/db}\n    - wait: 10s\n`);
    expect(r.verdict).toBe('pass');
    expect(lines(r)).toEqual([
      'statefulset.apps/db rolled back',
      'statefulset.apps/db skipped rollback (current template already matches revision 3)',
      'statefulset.apps/db rolled back',
    ]);
    const s = r.cluster.store.get('StatefulSet', 'default', 'db')!;
    expect(s.spec.template.spec.containers[0].image).toBe('db:v2');
    const revs = r.cluster.store.list('ControllerRevision', { namespace: 'default' }).map((c) => [c.revision, c.data.spec.template.spec.containers[0].image]);
    expect(revs.sort((x, y) => x[0] - y[0])).toEqual([
      [3, 'db:v1'],
      [4, 'db:v2'],
    ]);
    expect(r.cluster.store.get('Pod', 'default', 'db-0')!.spec.containers[0].image).toBe('db:v2');
  });

  it('restart stamps restartedAt and every pod is replaced, highest ordinal first', () => {
    const r = run(`    - rollout: {restart: sts/db}\n    - wait: 10s\n`);
    expect(r.verdict).toBe('pass');
    expect(lines(r)).toEqual(['statefulset.apps/db restarted']);
    const s = r.cluster.store.get('StatefulSet', 'default', 'db')!;
    expect(s.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2024-04-17T00:00:10Z' });
    const deletes = r.cluster.store
      .list('Event', { namespace: 'default' })
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message);
    expect(deletes).toEqual(['delete Pod db-1 in StatefulSet db successful', 'delete Pod db-0 in StatefulSet db successful']);
    expect(s.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 2, currentRevision: s.status.updateRevision });
  });
});
