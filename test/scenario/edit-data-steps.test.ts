import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';
import { goBase64ErrorOffset } from '../../src/scenario/steps/go-base64.js';

const HEAD = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: t\nspec:\n  cluster:\n    nodes: [{name: node-a}]\n';

function load(body: string) {
  return loadScenarioText(HEAD + body, 'sc.yaml', {});
}
function run(body: string) {
  const r = load(body);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!, {});
}
const secretPod = `
    - apply:
        - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {user: admin, password: old}}
        - apiVersion: v1
          kind: Pod
          metadata: {name: app}
          spec:
            nodeName: node-a
            containers:
              - name: app
                image: nginx:1.25
                env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}]
                volumeMounts: [{name: creds, mountPath: /secrets}]
            volumes: [{name: creds, secret: {secretName: creds}}]
`;

describe('editSecret', () => {
  it('plain-text data is stored base64-encoded; files follow at the next sync, env does not', () => {
    const r = run(`  seed: 3
  steps:${secretPod}
    - waitFor: {pod: app, condition: Ready, timeout: 1m}
    - editSecret: {name: creds, data: {password: "n3w pass"}, base64Data: {token: "c2VjcmV0"}, remove: [user]}
    - expect:
        - field: {target: secret/creds, path: data.password}
          equals: "${Buffer.from('n3w pass').toString('base64')}"
        - field: {target: secret/creds, path: data.token}
          equals: c2VjcmV0
        - field: {target: secret/creds, path: data.user}
          equals: null
        - file: {target: pod/app, path: /secrets/password}
          equals: old
    - wait: 90s
    - expect:
        - file: {target: pod/app, path: /secrets/password}
          equals: n3w pass
        - file: {target: pod/app, path: /secrets/token}
          equals: secret
        - file: {target: pod/app, path: /secrets/user}
          equals: null
        - env: {target: pod/app, name: PASSWORD}
          equals: old
`);
    expect(r.failures).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.timeline.some((l) => l.includes('secret/creds edited'))).toBe(true);
  });
  it('invalid base64 is refused like the API server decoder refuses it', () => {
    const r = run(`  steps:${secretPod}
    - editSecret: {name: creds, base64Data: {k: "abc!"}}
      expectError: {reason: BadRequest, message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3'}
`);
    expect(r.verdict).toBe('pass');
  });
  it('an immutable Secret refuses the edit; without expectError that is invalid input (exit 2)', () => {
    const r = run(`  steps:
    - apply: {apiVersion: v1, kind: Secret, metadata: {name: s}, immutable: true, stringData: {a: b}}
    - editSecret: {name: s, data: {a: c}}
`);
    expect(r.verdict).toBe('error');
    expect(r.diagnostics.map((d) => d.message)[0]).toContain('The Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });
  it('a missing object and an unknown key to remove', () => {
    const missing = run(`  steps:
    - editSecret: {name: nope, data: {a: b}}
      expectError: {reason: NotFound}
`);
    expect(missing.verdict).toBe('pass');
    expect(missing.timeline.join('\n')).toContain('Error from server (NotFound): secrets "nope" not found');
    const unknown = run(`  steps:
    - apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}
    - editConfigMap: {name: c, remove: [zz]}
`);
    expect(unknown.verdict).toBe('error');
    expect(unknown.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['UNKNOWN_KEY configmap "c" has no key "zz" to remove (keys: a)']);
  });
  it('no change: kubectl says the edit was cancelled', () => {
    const r = run(`  steps:
    - apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}
    - editConfigMap: {name: c, data: {a: b}}
`);
    expect(r.timeline.join('\n')).toContain('Edit cancelled, no changes made.');
  });
});

describe('loader checks of edit steps', () => {
  it('a key both set and removed, or set twice', () => {
    const r = load(`  steps:
    - editSecret: {name: s, data: {a: x}, base64Data: {a: eA==}, remove: [a]}
`);
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.col} ${d.message}`)).toEqual([
      'INVALID_STEP@9:56 key "a" is set in both data and base64Data',
      'INVALID_STEP@9:75 key "a" is both set (in base64Data) and removed',
    ]);
  });
  it('mode goes with file only', () => {
    const r = load(`  steps:\n    - expect: [{env: {target: pod/a, name: X}, mode: "0644"}]\n`);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['INVALID_ASSERTION "env" needs equals', 'INVALID_ASSERTION "mode" does not go with "env" (use equals)']);
    expect(load(`  steps:\n    - expect: [{file: {target: pod/a, path: /x}, mode: "0644"}]\n`).diagnostics).toEqual([]);
    expect(load(`  steps:\n    - expect: [{file: {target: pod/a, path: /x}, mode: "rw"}]\n`).diagnostics.map((d) => d.code)).toEqual(['SCHEMA']);
  });
  it('expectError is allowed on edit steps', () => {
    expect(load(`  steps:\n    - editConfigMap: {name: c, data: {a: b}}\n      expectError: {reason: Invalid}\n`).diagnostics).toEqual([]);
  });
});

describe("Go's base64 decoder offsets", () => {
  it('valid text, bad characters, bad padding, short input', () => {
    expect(goBase64ErrorOffset('aGVsbG8=')).toBeUndefined();
    expect(goBase64ErrorOffset('aGVs\nbG8=')).toBeUndefined();
    expect(goBase64ErrorOffset('')).toBeUndefined();
    expect(goBase64ErrorOffset('abc!')).toBe(3);
    expect(goBase64ErrorOffset('abc')).toBe(0);
    expect(goBase64ErrorOffset('abcde')).toBe(4);
    expect(goBase64ErrorOffset('a===')).toBe(1);
    expect(goBase64ErrorOffset('ab=c')).toBe(2);
    expect(goBase64ErrorOffset('ab==x')).toBe(4);
  });
});

describe('env and file assertions', () => {
  const deploy = `
    - apply:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}, data: {mode: blue}}
        - apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web}
          spec:
            replicas: 2
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec:
                containers:
                  - name: web
                    image: nginx:1.25
                    env: [{name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: mode}}}]
                    volumeMounts: [{name: cfg, mountPath: /cfg}, {name: scratch, mountPath: /tmp}]
                volumes: [{name: cfg, configMap: {name: cfg}}, {name: scratch, emptyDir: {}}]
    - waitFor: {deployment: web, condition: Available, timeout: 1m}
`;
  it('a workload target checks each pod; binaryData files are decoded', () => {
    const r = run(`  steps:${deploy}
    - editConfigMap: {name: cfg, binaryData: {blob: "aGk="}}
    - wait: 2m
    - expect:
        - env: {target: deploy/web, name: MODE}
          equals: blue
        - file: {target: deploy/web, container: web, path: /cfg/blob}
          equals: hi
        - file: {target: deploy/web, path: /cfg/mode}
          equals: blue
`);
    expect(r.failures).toEqual([]);
  });
  it('failure messages name the pod, the container and what was seen', () => {
    const r = run(`  steps:${deploy}
    - hold:
        for: 1s
        never:
          - env: {target: deploy/web, name: MODE}
            equals: red
          - file: {target: deploy/web, path: /tmp/x}
            equals: null
          - file: {target: deploy/web, path: /cfg/mode}
            equals: red
          - env: {target: deploy/web, name: MODE, container: nope}
            equals: blue
`);
    expect(r.verdict).toBe('pass');
    const one = (a: string) =>
      runScenario(
        load(`  steps:${deploy}
    - expect:
        - ${a}
`).scenario!,
        {},
      ).failures.map((f) => f.message.replace(/^.*?\}: /, '').replace(/web-[a-z0-9]+-[a-z0-9]+/g, 'web-*'));
    expect(one('{env: {target: deploy/web, name: MODE}, equals: red}')).toEqual(['pod/web-* container web: MODE is "blue", want "red"']);
    expect(one('{env: {target: deploy/web, name: NOPE}, equals: x}')).toEqual(['pod/web-* container web: NOPE is unset, want "x"']);
    expect(one('{file: {target: deploy/web, path: /tmp/x}, equals: null}')).toEqual([
      'pod/web-* container web: /tmp/x is on emptyDir volume "scratch": only files of ConfigMap, Secret, downward API and projected volumes are modelled',
    ]);
    expect(one('{file: {target: deploy/web, path: /etc/hosts}, equals: x}')).toEqual([
      'pod/web-* container web: /etc/hosts is under no volume mount of container web (only files of ConfigMap, Secret, downward API and projected volumes are modelled)',
    ]);
    expect(one('{file: {target: deploy/web, path: /cfg/mode}, equals: null}')).toEqual(['pod/web-* container web: /cfg/mode is "blue" (volume "cfg" mounted at /cfg), want absent']);
    expect(one('{env: {target: pod/none, name: X}, equals: x}')).toEqual(['pod/none not found (env X)']);
    expect(one('{env: {target: deploy/web, name: X, container: nope}, equals: x}')).toEqual(['container nope is not valid for pod web-* (env X)']);
  });
});

describe('cluster.settings.syncFrequency', () => {
  it('a shorter kubelet sync period refreshes volumes sooner (10s plus up to 5s)', () => {
    const text = HEAD.replace('    nodes: [{name: node-a}]\n', '    nodes: [{name: node-a}]\n    settings: {syncFrequency: 10s}\n') + `  seed: 4
  steps:
    - apply:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: a}}
        - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {nodeName: node-a, containers: [{name: c, image: nginx:1.25, volumeMounts: [{name: c, mountPath: /c}]}], volumes: [{name: c, configMap: {name: c}}]}}
    - wait: 2s
    - editConfigMap: {name: c, data: {k: b}}
    - waitFor:
        expect: [{file: {target: pod/p, path: /c/k}, equals: b}]
        timeout: 15s
    - expect:
        - field: {target: pod/p, path: status.phase}
          equals: Running
`;
    const loaded = loadScenarioText(text, 'sc.yaml', {});
    expect(loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    const r = runScenario(loaded.scenario!, {});
    expect(r.failures).toEqual([]);
    // PLEG sync at 1s, then the next one 10s to 15s later.
    expect(r.virtualTime).toBeGreaterThanOrEqual(11_000);
    expect(r.virtualTime).toBeLessThanOrEqual(16_000);
  });
});
