import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario, type RunOptions } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';
import { writeScenarioYaml } from '../../src/scenario/writer.js';
import { INVARIANTS } from '../../src/invariants/index.js';
import type { Component } from '../../src/cluster/context.js';
import type { StoreApi } from '../../src/store/types.js';

const HEAD = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: t\nspec:\n';

function loaded(body: string) {
  const r = loadScenarioText(HEAD + body, 'sc.yaml', {});
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.scenario!;
}
function run(body: string, opts: RunOptions = {}) {
  return runScenario(loaded(body), opts);
}
const cm = (name: string, ns = 'default', data = 'a: "1"') => `{apiVersion: v1, kind: ConfigMap, metadata: {name: ${name}, namespace: ${ns}, labels: {app: web}}, data: {${data}}}`;

/** A component that runs store writes at given virtual times (ms). */
function ticker(plan: Array<[number, (s: StoreApi) => void]>): RunOptions['components'] {
  const c: Component = {
    name: 'ticker',
    start(ctx) {
      for (const [t, fn] of plan) ctx.engine.at(t, 'ticker', 'tick', '-', () => fn(ctx.store));
    },
  };
  return () => [c];
}
const mk = (name: string) => (s: StoreApi) => s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
const rm = (name: string) => (s: StoreApi) => void s.delete('ConfigMap', 'default', name);

describe('apply, create, replace, patch, delete against the store', () => {
  it('prints kubectl lines and passes', () => {
    const r = run(`  steps:
    - apply: {apiVersion: v1, kind: Namespace, metadata: {name: team}}
    - apply: [${cm('cfg', 'team')}]
    - wait: 30s
    - apply: ${cm('cfg', 'team', 'a: "2"')}
    - apply: ${cm('cfg', 'team', 'a: "2"')}
    - patch: {target: cm/cfg, namespace: team, type: merge, patch: {data: {b: "3"}}}
    - expect:
        - object: cm/cfg
          namespace: team
          matches: {data: {a: "2", b: "3"}}
        - count: {kind: cm, namespace: team, selector: app=web}
          equals: 1
        - field: {target: cm/cfg, namespace: team, path: metadata.labels.app}
          equals: web
    - create: ${cm('other')}
    - replace: {apiVersion: v1, kind: ConfigMap, metadata: {name: other, namespace: default}, data: {z: "9"}}
    - delete: cm/other
`);
    expect(r.failures).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.timeline).toEqual([
      '    0s  apply     namespace/team created',
      '    0s  apply     configmap/cfg created',
      '   30s  apply     configmap/cfg configured',
      '   30s  apply     configmap/cfg unchanged',
      '   30s  patch     configmap/cfg patched',
      '   30s  create    configmap/other created',
      '   30s  replace   configmap/other replaced',
      '   30s  delete    configmap "other" deleted',
    ]);
    expect(r.virtualTime).toBe(30_000);
    expect(r.name).toBe('t');
  });

  it('a failed expectation ends the run with the diff', () => {
    const r = run(`  steps:
    - apply: ${cm('cfg')}
    - expect:
        - object: cm/cfg
          matches: {data: {a: "2"}}
    - wait: 1m
`);
    expect(r.verdict).toBe('fail');
    expect(r.failures).toEqual([
      {
        step: 'steps[1] expect',
        message: '{ object: cm/cfg, matches: { data: { a: "2" } } }: configmap/cfg does not match (1 difference)',
        diff: '  data.a: expected "2", got "1"',
        time: 0,
        at: { file: 'sc.yaml', line: 8, col: 7 },
      },
    ]);
    expect(r.virtualTime).toBe(0);
  });

  it('every failing assertion of an expect is listed', () => {
    const r = run(`  steps:
    - apply: ${cm('cfg')}
    - expect:
        - absent: cm/cfg
        - object: cm/cfg
        - count: {kind: cm, namespace: default}
          equals: 2
`);
    expect(r.failures[0]!.message).toBe('{ absent: cm/cfg }: configmap/cfg exists');
    expect(r.failures[0]!.diff).toBe(
      '2 of 3 assertions failed:\n[0] { absent: cm/cfg }: configmap/cfg exists\n[2] { count: { kind: cm, namespace: default }, equals: 2 }: count of configmaps (namespace=default): expected 2, got 1\n    matching now:\n      default/cfg',
    );
  });

  it('deleting a namespace removes what is in it (namespace controller)', () => {
    const r = run(`  steps:
    - apply: {apiVersion: v1, kind: Namespace, metadata: {name: team}}
    - apply: ${cm('cfg', 'team')}
    - delete: ns/team
    - waitFor: {ns: team, condition: delete, timeout: 1m}
    - expect:
        - absent: cm/cfg
          namespace: team
        - absent: ns/team
`);
    expect(r.failures).toEqual([]);
    expect(r.timeline.slice(2)).toEqual(['    0s  delete    namespace "team" deleted', '    0s  waitFor   namespace/team condition met']);
  });

  it('delete with propagation: Foreground removes dependents, Orphan keeps them', () => {
    const dep = `{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 2, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}}`;
    const fg = run(`  steps:
    - apply: ${dep}
    - wait: 1s
    - expect: [{count: {kind: Pod, selector: app=web}, equals: 2}, {count: {kind: rs}, equals: 1}]
    - delete: {target: deploy/web, propagationPolicy: Foreground}
    - wait: 1s
    - expect: [{count: {kind: Pod, selector: app=web}, equals: 0}, {count: {kind: rs}, equals: 0}, {absent: deploy/web}]
`);
    expect(fg.failures).toEqual([]);
    const orphan = run(`  steps:
    - apply: ${dep}
    - wait: 1s
    - delete: {target: deploy/web, propagationPolicy: Orphan}
    - wait: 1s
    - expect: [{count: {kind: Pod, selector: app=web}, equals: 2}, {count: {kind: rs}, equals: 1}, {absent: deploy/web}]
    - expect: [{field: {target: deploy/web, path: metadata.name}, equals: web}]
`);
    expect(orphan.failures.map((f) => f.message)).toEqual(['{ field: { target: deploy/web, path: metadata.name }, equals: web }: deployment.apps/web not found (field metadata.name)']);
    expect(orphan.failures[0]!.step).toBe('steps[5] expect');
  });

  it('delete by selector and kubectl grace-period rules', () => {
    const r = run(`  steps:
    - apply: [${cm('a')}, ${cm('b')}, {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}]
    - delete: {kind: cm, selector: app=web}
    - delete: {kind: cm, selector: app=none}
    - delete: {target: cm/c, gracePeriodSeconds: 0, force: true}
    - expect: [{count: {kind: cm, namespace: default}, equals: 0}]
`);
    expect(r.failures).toEqual([]);
    expect(r.timeline.slice(3)).toEqual([
      '    0s  delete    configmap "a" deleted',
      '    0s  delete    configmap "b" deleted',
      '    0s  delete    No resources found',
      '    0s  delete    warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
      '    0s  delete    configmap "c" force deleted',
    ]);
  });
});

describe('delete wait (kubectl delete --wait)', () => {
  const fin = `{apiVersion: v1, kind: ConfigMap, metadata: {name: held, finalizers: [example.com/hold]}}`;
  const release = (s: StoreApi) => {
    const o = s.get('ConfigMap', 'default', 'held')!;
    s.update({ ...o, metadata: { ...o.metadata, finalizers: [] } });
  };
  it('advances until the object is gone', () => {
    const r = run(`  steps:
    - apply: ${fin}
    - delete: {target: cm/held, wait: true}
    - expect: [{absent: cm/held}]
`, { components: ticker([[5000, release]]) });
    expect(r.failures).toEqual([]);
    expect(r.virtualTime).toBe(5000);
  });
  it('without wait the terminating object is still there', () => {
    const r = run(`  steps:
    - apply: ${fin}
    - delete: cm/held
    - expect: [{object: cm/held, matches: {metadata: {finalizers: [example.com/hold]}}}]
`, { components: ticker([[5000, release]]) });
    expect(r.failures).toEqual([]);
    expect(r.virtualTime).toBe(0);
  });
  it('fails at the timeout naming the finalizers', () => {
    const r = run(`  steps:
    - apply: ${fin}
    - delete: {target: cm/held, wait: true, timeout: 3s}
`, { components: ticker([[5000, release]]) });
    expect(r.failures[0]!.message).toBe('timed out after 3s waiting for the deletion of configmap/held (finalizers: example.com/hold)');
  });
});

describe('expectError', () => {
  it('a matching rejection passes and is printed like kubectl', () => {
    const r = run(`  steps:
    - create: ${cm('a')}
    - create: ${cm('a')}
      expectError: {reason: AlreadyExists, message: 'configmaps "a" already exists'}
`);
    expect(r.failures).toEqual([]);
    expect(r.timeline[1]).toBe('    0s  create    Error from server (AlreadyExists): configmaps "a" already exists');
  });
  it('no rejection, or another one, fails', () => {
    const ok = run(`  steps:
    - create: ${cm('a')}
      expectError: {reason: Invalid}
`);
    expect(ok.verdict).toBe('fail');
    expect(ok.failures[0]!.message).toBe('expected the API server to reject the write (Invalid), but it was accepted: configmap/a');
    const other = run(`  steps:
    - create: ${cm('a')}
    - create: ${cm('a')}
      expectError: {reason: Invalid}
`);
    expect(other.failures[0]!.message).toBe('expected a rejection (Invalid), got: Error from server (AlreadyExists): configmaps "a" already exists');
  });
  it('an unexpected rejection is an input error at the manifest position (exit 2)', () => {
    const r = run(`  steps:
    - create: ${cm('a')}
    - create: ${cm('a')}
`);
    expect(r.verdict).toBe('error');
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.col} ${d.path}`)).toEqual(['API_ERROR@8:15 spec.steps[1].create']);
    const nf = run(`  steps:
    - patch: {target: deploy/nope, patch: {spec: {replicas: 1}}}
`);
    expect(nf.diagnostics.map((d) => `${d.code}@${d.line}:${d.col} ${d.message}`)).toEqual([
      'OBJECT_NOT_FOUND@7:23 Error from server (NotFound): deployments.apps "nope" not found (add expectError to the step if this rejection is what the scenario shows)',
    ]);
  });
});

describe('clock steps', () => {
  it('at in the past is an input error at the value', () => {
    const r = run(`  steps:
    - wait: 2m
    - at: 1m
`);
    expect(r.verdict).toBe('error');
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.col} ${d.message} (${d.path})`)).toEqual(['TIME_IN_PAST@8:11 at: 1m is in the past (the clock is already at 2m0s) (spec.steps[1].at)']);
  });
  it('wait and at run everything due, in order', () => {
    const seen: number[] = [];
    const r = run(`  steps:
    - wait: 1500ms
    - at: 1m
`, { components: ticker([[1000, (s) => seen.push(s.now)], [1500, (s) => seen.push(s.now)], [60_000, (s) => seen.push(s.now)], [60_001, (s) => seen.push(s.now)]]) });
    expect(seen).toEqual([1000, 1500, 60_000]);
    expect(r.virtualTime).toBe(60_000);
    expect(r.events).toBe(3);
  });
});

describe('waitFor', () => {
  it('stops at the first instant the expectation holds', () => {
    const r = run(`  steps:
    - waitFor: {expect: [{object: cm/x}], timeout: 1m}
`, { components: ticker([[7000, mk('x')]]) });
    expect(r.verdict).toBe('pass');
    expect(r.virtualTime).toBe(7000);
  });
  it('fails at the timeout showing what was last seen', () => {
    const r = run(`  steps:
    - waitFor: {expect: [{count: {kind: cm, namespace: default}, equals: 3}], timeout: 30s}
`, { components: ticker([[7000, mk('x')]]) });
    expect(r.verdict).toBe('fail');
    expect(r.virtualTime).toBe(30_000);
    expect(r.failures[0]!.message).toBe('timed out after 30s waiting for { count: { kind: cm, namespace: default }, equals: 3 }; last seen: count of configmaps (namespace=default): expected 3, got 1');
    expect(r.failures[0]!.diff).toBe('matching now:\n  default/x');
  });
  it('kind/name + condition, and its timeout message', () => {
    const setCond = (status: string) => (s: StoreApi) => {
      const o = s.get('Node', undefined, 'x')!;
      s.updateStatus({ ...o, status: { ...o.status, conditions: [{ type: 'Ready', status, reason: 'Because' }] } });
    };
    const mkNode = (s: StoreApi) => void s.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'x' } });
    const plan = ticker([[1000, mkNode], [2000, setCond('False')], [5000, setCond('True')]]);
    const ok = run(`  steps:
    - waitFor: {node: x, condition: Ready, timeout: 1m}
`, { components: plan });
    expect(ok.virtualTime).toBe(5000);
    expect(ok.timeline).toEqual(['    5s  waitFor   node/x condition met']);
    const late = run(`  steps:
    - waitFor: {no: x, condition: Ready, timeout: 4s}
`, { components: plan });
    expect(late.failures[0]!.message).toBe('timed out waiting for the condition on nodes/x (Ready=True within 4s); last seen: Ready=False (Because)');
  });
});

describe('hold', () => {
  const plan = ticker([[1000, mk('a')], [2000, mk('b')], [3000, mk('c')], [3000, rm('c')], [4000, rm('a')]]);
  const count = (op: string) => `{count: {kind: cm, namespace: default}, ${op}}`;
  it('always: holds at every instant, or fails at the first broken one', () => {
    expect(run(`  steps:\n    - hold: {for: 10s, always: [${count('max: 3')}]}\n`, { components: plan }).verdict).toBe('pass');
    const r = run(`  steps:\n    - hold: {for: 10s, always: [${count('max: 2')}]}\n`, { components: plan });
    expect(r.failures[0]!.message).toBe('hold: always { count: { kind: cm, namespace: default }, max: 2 } broke at 3s (3s into the hold): count of configmaps (namespace=default): expected at most 2, got 3');
    expect(r.failures[0]!.time).toBe(3000);
  });
  it('always is checked at the start too', () => {
    const r = run(`  steps:\n    - hold: {for: 10s, always: [${count('min: 1')}]}\n`, { components: plan });
    expect(r.failures[0]!.message).toContain('broke at 0s (0s into the hold)');
  });
  it('never: fails at the first instant it holds, even one between two events at the same time', () => {
    expect(run(`  steps:\n    - hold: {for: 10s, never: [${count('equals: 4')}]}\n`, { components: plan }).verdict).toBe('pass');
    const r = run(`  steps:\n    - hold: {for: 10s, never: [{object: cm/c}]}\n`, { components: plan });
    expect(r.failures[0]!.message).toBe('hold: never { object: cm/c } held at 3s (3s into the hold): configmap/c exists');
  });
  it('sometimes: must hold at least once (a state between two same-time events counts)', () => {
    expect(run(`  steps:\n    - hold: {for: 10s, sometimes: [{object: cm/c}, ${count('equals: 3')}]}\n`, { components: plan }).verdict).toBe('pass');
    const r = run(`  steps:\n    - hold: {for: 10s, sometimes: [${count('equals: 4')}]}\n`, { components: plan });
    expect(r.failures[0]!.message).toBe('hold: sometimes { count: { kind: cm, namespace: default }, equals: 4 } never held during 10s; at the end: count of configmaps (namespace=default): expected 4, got 1');
    expect(r.failures[0]!.time).toBe(10_000);
  });
  it('a hold only sees its own window', () => {
    const r = run(`  steps:\n    - wait: 3500ms\n    - hold: {for: 10s, never: [{object: cm/c}], sometimes: [{absent: cm/a}]}\n`, { components: plan });
    expect(r.verdict).toBe('pass');
    expect(r.virtualTime).toBe(13_500);
  });
});

describe('invariants and limits', () => {
  it('a violation stops the run with verdict fail', () => {
    INVARIANTS['test-no-bad-configmap'] = () => ({
      name: 'test-no-bad-configmap',
      start(ctx, report) {
        ctx.store.watch((e) => {
          if (e.type === 'ADDED' && e.object.metadata.name === 'bad') report({ invariant: 'test-no-bad-configmap', message: 'a ConfigMap named bad', objects: ['configmap/bad'] });
        }, ['ConfigMap']);
      },
    });
    try {
      const r = run(`  steps:\n    - wait: 10s\n    - wait: 10s\n`, { components: ticker([[2000, mk('good')], [3000, mk('bad')], [4000, mk('later')]]) });
      expect(r.verdict).toBe('fail');
      expect(r.violations).toEqual([{ invariant: 'test-no-bad-configmap', message: 'a ConfigMap named bad', objects: ['configmap/bad'], time: 3000 }]);
      expect(r.virtualTime).toBe(3000);
      expect(r.timeline).toEqual(['    3s  VIOLATION test-no-bad-configmap: a ConfigMap named bad']);
      const off = run(`  steps:\n    - wait: 10s\n  invariants: {except: [garbage-collection]}\n`, { components: ticker([[3000, mk('bad')]]) });
      expect(off.verdict).toBe('fail');
    } finally {
      delete INVARIANTS['test-no-bad-configmap'];
    }
  });
  it('an engine limit is verdict error with a clear message, never a hang', () => {
    const loop: Component = {
      name: 'loop',
      start(ctx) {
        const tick = (): void => void ctx.engine.after(0, 'loop', 'tick', '-', tick);
        tick();
      },
    };
    const r = run(`  steps:\n    - wait: 1s\n`, { components: () => [loop], engine: { maxEvents: 1000 } });
    expect(r.verdict).toBe('error');
    expect(r.error).toMatch(/^steps\[0\] wait: event budget exhausted: more than 1000 events by virtual time 0ms/);
  });
  it('stopAt ends the run early at that virtual time', () => {
    const r = run(`  steps:\n    - wait: 10s\n    - expect: [{absent: cm/a}]\n`, { components: ticker([[1000, mk('a')]]), stopAt: 5000 });
    expect(r.stoppedAt).toBe(5000);
    expect(r.verdict).toBe('pass');
    expect(r.cluster.store.get('ConfigMap', 'default', 'a')).toBeDefined();
  });
});

describe('determinism and round trip', () => {
  const body = `  seed: 3
  steps:
    - apply: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 3, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}}
    - wait: 5s
    - delete: deploy/web
    - wait: 5s
`;
  it('same seed, same trace digest', () => {
    const a = run(body, { trace: true });
    const b = run(body, { trace: true });
    expect(a.traceDigest).toBe(b.traceDigest);
    expect(a.trace!.length).toBeGreaterThan(0);
    expect(a.events).toBe(b.events);
  });
  it('writeScenarioYaml loads back to the same document', () => {
    const s = loaded(body + '  images: {"*": {pull: 1s, memory: 1Gi, exit: {after: 30s, code: 1}}}\n  invariants: {except: [scheduler-fit]}\n');
    const text = writeScenarioYaml(s);
    const again = loadScenarioText(text, 'again.yaml', {});
    expect(again.diagnostics).toEqual([]);
    expect(JSON.parse(JSON.stringify(again.scenario))).toEqual(JSON.parse(JSON.stringify(s)));
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../generated/scenario.schema.json');
  });
  it('image and settings sections become cluster options in model units', async () => {
    const { clusterOptions } = await import('../../src/scenario/cluster-options.js');
    const s = loaded(`  cluster:
    nodes: [{name: a, capacity: {cpu: 4, memory: 8Gi}}]
    settings: {nodeMonitorGracePeriod: 50s, defaultTolerationSeconds: 60, controllerLatency: 10ms}
  images:
    web:v2: {pull: 3s, start: 2s, readyAfter: 10s, healthyFor: 30s, memory: 300Mi, exit: {after: 1m}, stop: 5s}
    web:broken: {missing: true}
  steps: []
`);
    const o = clusterOptions(s, 9);
    expect(o.seed).toBe(9);
    expect(o.settings).toEqual({ nodeMonitorGracePeriod: 50_000, defaultTolerationSeconds: 60, controllerLatency: 10 });
    expect(o.nodes).toEqual([{ name: 'a', capacity: { cpu: '4', memory: '8Gi' } }]);
    expect(o.images!.get('web:v2')).toEqual({ pull: 3000, start: 2000, readyAfter: 10_000, healthyFor: 30_000, memory: 300 * 1024 * 1024, exit: { after: 60_000, code: 0 }, stop: 5000, missing: false });
    expect(o.images!.get('web:broken')).toEqual({ pull: 0, start: 0, readyAfter: 0, memory: 0, stop: 0, missing: true });
  });
});
