import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';

const head = (settings = '') => `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  cluster:
    nodes: [{name: node-a, capacity: {memory: 2Gi}}]${settings}
  images:
    app:v1: {memory: 100Mi}
`;

const PODS = `    - apply:
        - apiVersion: v1
          kind: Pod
          metadata: {name: one, labels: {app: x}}
          spec: {nodeName: node-a, containers: [{name: c, image: "app:v1", resources: {limits: {memory: 1Gi}}}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: two, labels: {app: x}}
          spec: {nodeName: node-a, containers: [{name: a, image: "app:v1"}, {name: b, image: "app:v1"}]}
    - wait: 1s
`;

function load(text: string) {
  return loadScenarioText(text, 'sc.yaml', {});
}

function run(steps: string, settings = '') {
  const r = load(`${head(settings)}  steps:\n${PODS}${steps}`);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!);
}

describe('setUsage step', () => {
  it('sets the working set the eviction manager sees: over the threshold the pod is evicted at the next pass', () => {
    const res = run(`    - setUsage: {target: pod/one, memory: 1000Mi}
    - setUsage: {target: pod/two, container: b, memory: 900Mi}
    - at: 10s
    - expect:
        - field: {target: pod/two, path: status.message}
          equals: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. Container a was using 100Mi, request is 0, has larger consumption of memory. Container b was using 900Mi, request is 0, has larger consumption of memory. "
        - field: {target: pod/one, path: status.phase}
          equals: Running
`);
    expect(res.failures).toEqual([]);
    expect(res.verdict).toBe('pass');
    expect(res.timeline.filter((l) => l.includes('setUsage')).map((l) => l.trim().replace(/\s+/g, ' '))).toEqual([
      '1s setUsage container default/one/c now uses 1000Mi of memory',
      '1s setUsage container default/two/b now uses 900Mi of memory',
    ]);
  });

  it('above the container memory limit it is an OOM kill', () => {
    const res = run(`    - setUsage: {target: pod/one, memory: 2Gi}
    - expect:
        - field: {target: pod/one, path: "status.containerStatuses[name=c].lastState.terminated.reason"}
          equals: OOMKilled
`);
    expect(res.failures).toEqual([]);
  });

  it('a pod with several containers needs container (kubectl wording)', () => {
    const res = run(`    - setUsage: {target: pod/two, memory: 1Mi}\n`);
    expect(res.verdict).toBe('error');
    expect(res.diagnostics.map(formatDiagnostic)).toEqual([
      'sc.yaml:20:17: AMBIGUOUS_CONTAINER: a container name must be specified for pod two, choose one of: [a b] (at spec.steps[2].setUsage)',
    ]);
  });

  it('an unknown container is an input error; a selector acts on every matching pod', () => {
    const bad = run(`    - setUsage: {target: pod/one, container: nope, memory: 1Mi}\n`);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_CONTAINER']);
    const sel = run(`    - setUsage: {selector: app=x, container: a, memory: 1Mi}\n`);
    // `one` has no container a.
    expect(sel.diagnostics.map((d) => d.message)).toEqual(['container a is not valid for pod one']);
  });

  it('quantities and thresholds are checked at load with the kubelet and apimachinery messages', () => {
    const q = load(`${head()}  steps:\n    - setUsage: {target: pod/one, memory: 12XB}\n`);
    expect(q.diagnostics.map(formatDiagnostic)).toEqual([
      `sc.yaml:10:43: INVALID_QUANTITY: invalid quantity "12XB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (at spec.steps[0].setUsage.memory)`,
    ]);
    const t = load(`${head(`\n    settings: {evictionHard: {memory.avail: 100Mi, memory.available: "-1Mi", nodefs.available: 150%}}`)}  steps: []\n`);
    expect(t.diagnostics.map((d) => d.message)).toEqual([
      'evictionHard: unsupported eviction signal memory.avail',
      'evictionHard: eviction threshold memory.available must be positive: -1Mi',
      'evictionHard: eviction percentage threshold nodefs.available must be <= 100%: 150%',
    ]);
    expect(t.diagnostics.map((d) => d.code)).toEqual(['INVALID_SETTING', 'INVALID_SETTING', 'INVALID_SETTING']);
  });

  it('evictionHard as a percentage of capacity: 10% (a float32) of 2Gi is 214748368 bytes', () => {
    const res = run(
      `    - setUsage: {target: pod/two, container: b, memory: 1800Mi}
    - at: 10s
    - expect:
        - field: {target: pod/two, path: status.message}
          equals: "The node was low on resource: memory. Threshold quantity: 214748368, available: 48Mi. Container a was using 100Mi, request is 0, has larger consumption of memory. Container b was using 1800Mi, request is 0, has larger consumption of memory. "
        - field: {target: pod/one, path: status.phase}
          equals: Running
`,
      `\n    settings: {evictionHard: {memory.available: 10%}}`,
    );
    expect(res.failures).toEqual([]);
  });
});
