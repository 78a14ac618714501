import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { formatDiagnostic } from '../../src/scenario/diagnostic.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { KubectlDrain, aggregateMessage, podsForDeletion } from '../../src/scenario/steps/kubectl-drain.js';
import type { KubeObject } from '../../src/store/types.js';

const HEAD = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  cluster:
    nodes: [{name: node-a}, {name: node-b}]
  images:
    web:v1: {readyAfter: 5s, stop: 1500ms}
`;

function run(steps: string) {
  const r = loadScenarioText(`${HEAD}  steps:\n${steps}`, 'sc.yaml', {});
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runScenario(r.scenario!);
}

/** The drain's timeline lines with the random pod-name suffixes masked. */
function drainLines(timeline: readonly string[]): string[] {
  return timeline.filter((l) => /^\s*\S+ {2}drain /.test(l)).map((l) => l.replace(/web-[a-z0-9]+-[a-z0-9]{5}/g, 'web-*').trimEnd());
}

const DEPLOY_ON_A = (replicas: number, pdb?: string) => `    - cordon: node-b
    - apply:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: ${replicas}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: web
                  image: web:v1
                  readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
${
  pdb
    ? `    - apply:
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec: {${pdb}, selector: {matchLabels: {app: web}}}
`
    : ''
}    - waitFor: {deployment: web, condition: Available, timeout: 1m}
    - at: 10s
    - uncordon: node-b
`;

describe('drain step (kubectl drain --ignore-daemonsets --delete-emptydir-data)', () => {
  it('without a PDB: cordon, every pod evicted at once, `pod/NAME evicted` on the 1s poll after it is gone, `node/NAME drained`', () => {
    const r = run(`${DEPLOY_ON_A(2)}    - drain: {node: node-a}
    - expect:
        - count: {kind: Pod, node: node-a}
          equals: 0
`);
    expect(r.verdict, r.timeline.join('\n')).toBe('pass');
    expect(drainLines(r.timeline)).toEqual([
      '   10s  drain     node/node-a cordoned',
      '   10s  drain     evicting pod default/web-*',
      '   10s  drain     evicting pod default/web-*',
      '   12s  drain     pod/web-* evicted',
      '   12s  drain     pod/web-* evicted',
      '   12s  drain     node/node-a drained',
    ]);
    // Gone at 11.5s (1.5s to stop), noticed by the 12s poll: the step returns then.
    expect(r.cluster.engine.now).toBe(12_000);
  });

  it('a 429 is retried every 5s with kubectl\'s line; --timeout ends it with "global timeout reached" and the step fails with kubectl\'s error', () => {
    const r = run(`${DEPLOY_ON_A(1, 'minAvailable: 1')}    - drain: {node: node-a, timeout: 12s}
`);
    expect(r.verdict).toBe('fail');
    const lines = drainLines(r.timeline);
    const refused = `error when evicting pods/"web-*" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    expect(lines).toEqual([
      '   10s  drain     node/node-a cordoned',
      '   10s  drain     evicting pod default/web-*',
      `   10s  drain     ${refused}`,
      '   15s  drain     evicting pod default/web-*',
      `   15s  drain     ${refused}`,
      '   20s  drain     evicting pod default/web-*',
      `   20s  drain     ${refused}`,
      '   25s  drain     evicting pod default/web-*',
      '   25s  drain     There are pending pods in node "node-a" when an error occurred: error when evicting pods/"web-*" -n "default": global timeout reached: 12s',
      '   25s  drain     pod/web-*',
      '   25s  drain     error: unable to drain node "node-a" due to error: error when evicting pods/"web-*" -n "default": global timeout reached: 12s, continuing command...',
      '   25s  drain     There are pending nodes to be drained:',
      '   25s  drain      node-a',
      '   25s  drain     error: error when evicting pods/"web-*" -n "default": global timeout reached: 12s',
    ]);
    expect(r.failures[0]!.message.replace(/web-[a-z0-9]+-[a-z0-9]{5}/g, 'web-*')).toBe(
      'kubectl drain node-a failed: error: error when evicting pods/"web-*" -n "default": global timeout reached: 12s',
    );
    // The node stays cordoned and the pod stays.
    expect(r.cluster.store.get('Node', undefined, 'node-a')!.spec.unschedulable).toBe(true);
    expect(r.cluster.store.podsOnNode('node-a')).toHaveLength(1);
  });

  it('without timeout a blocked drain keeps the step waiting; after 1h the step gives up and stops the drain', () => {
    const r = run(`${DEPLOY_ON_A(1, 'maxUnavailable: 0')}    - drain: {node: node-a}
`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.time).toBe(10_000 + 3_600_000);
    expect(r.failures[0]!.message.replace(/web-[a-z0-9]+-[a-z0-9]{5}/g, 'web-*')).toBe(
      'drain of node/node-a still running after 1h0m0s (kubectl drain has no timeout by default; set timeout, or wait: false): pending pod/web-*',
    );
    // 720 refusals: one at 10s and one every 5s until 1h10s (that last one included).
    expect(r.timeline.filter((l) => l.includes('will retry after 5s'))).toHaveLength(721);
  });

  it('a pod without a controller refuses the drain before any eviction (no --force)', () => {
    const r = run(`    - apply:
        apiVersion: v1
        kind: Pod
        metadata: {name: bare}
        spec: {nodeName: node-a, containers: [{name: web, image: web:v1}]}
    - wait: 1s
    - drain: {node: node-a}
`);
    expect(r.verdict).toBe('fail');
    expect(drainLines(r.timeline)).toEqual([
      '    1s  drain     node/node-a cordoned',
      '    1s  drain     error: unable to drain node "node-a" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
      '    1s  drain     There are pending nodes to be drained:',
      '    1s  drain      node-a',
      '    1s  drain     error: cannot delete Pods that declare no controller (use --force to override): default/bare',
    ]);
    expect(r.cluster.store.get('Pod', 'default', 'bare')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('two PDBs over a pod: the eviction\'s 500 ends the drain with the API message', () => {
    const r = run(`${DEPLOY_ON_A(1, 'maxUnavailable: 1')}    - apply:
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: second}
        spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
    - drain: {node: node-a}
`);
    expect(r.verdict).toBe('fail');
    expect(r.failures[0]!.message.replace(/web-[a-z0-9]+-[a-z0-9]{5}/g, 'web-*')).toBe(
      'kubectl drain node-a failed: error: error when evicting pods/"web-*" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  });

  it('wait: false runs in the background: the next steps run while it retries, and it finishes on its own', () => {
    const r = run(`${DEPLOY_ON_A(1, 'minAvailable: 1')}    - drain: {node: node-a, wait: false}
    - wait: 7s
    - expect:
        - count: {kind: Pod, selector: app=web, node: node-a, terminating: false}
          equals: 1
    - scale: {target: deploy/web, replicas: 2}
    - waitFor:
        expect:
          - count: {kind: Pod, node: node-a}
            equals: 0
        timeout: 30s
    - wait: 1s
`);
    expect(r.verdict, r.timeline.join('\n')).toBe('pass');
    // Scaled at 17s, Ready at 22s; the 25s retry evicts.
    const lines = drainLines(r.timeline);
    expect(lines.slice(-3)).toEqual(['   25s  drain     evicting pod default/web-*', '   27s  drain     pod/web-* evicted', '   27s  drain     node/node-a drained']);
  });
});

describe('podsForDeletion (kubectl drain filters.go)', () => {
  function store() {
    const cluster = new Cluster({ nodes: [], components: () => [] });
    cluster.start();
    const s = cluster.store;
    const ds = s.create(
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } },
      },
      { actor: 'test' },
    );
    const pod = (name: string, meta: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject =>
      s.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: 'node-a', containers: [{ name: 'a', image: 'nginx' }], ...spec } }, { actor: 'test' });
    const ref = (kind: string, name: string, uid: string) => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid, controller: true }] });
    return { cluster, s, ds, pod, ref };
  }

  it('DaemonSet pods stay with a warning, mirror pods are skipped silently, emptyDir pods go, bare pods refuse without --force', () => {
    const { s, ds, pod, ref } = store();
    pod('agent-x', ref('DaemonSet', 'agent', ds.metadata.uid!));
    pod('agent-y', ref('DaemonSet', 'agent', ds.metadata.uid!));
    pod('static-node-a', { annotations: { 'kubernetes.io/config.mirror': 'abc' } });
    pod('cache', ref('ReplicaSet', 'rs', 'u1'), { volumes: [{ name: 'c', emptyDir: {} }] });
    pod('bare');
    pod('bare2');
    const noForce = podsForDeletion(s, 'node-a', false);
    expect(noForce.pods.map((p) => p.metadata.name)).toEqual(['cache']);
    expect(noForce.warnings).toBe('ignoring DaemonSet-managed Pods: default/agent-x, default/agent-y');
    expect(noForce.errors).toEqual(['cannot delete Pods that declare no controller (use --force to override): default/bare, default/bare2']);
    const force = podsForDeletion(s, 'node-a', true);
    expect(force.pods.map((p) => p.metadata.name)).toEqual(['bare', 'bare2', 'cache']);
    expect(force.warnings).toBe('deleting Pods that declare no controller: default/bare, default/bare2; ignoring DaemonSet-managed Pods: default/agent-x, default/agent-y');
    expect(force.errors).toEqual([]);
  });

  it('a pod of a DaemonSet that is gone: an error without --force, a warning and an eviction with it', () => {
    const { s, pod, ref } = store();
    pod('ghost-x', ref('DaemonSet', 'ghost', 'u-ghost'));
    expect(podsForDeletion(s, 'node-a', false).errors).toEqual(['cannot delete daemonsets.apps "ghost" not found: default/ghost-x']);
    const f = podsForDeletion(s, 'node-a', true);
    // The warning is overwritten by the later filters' Okay (only the last status is kept).
    expect(f.warnings).toBe('');
    expect(f.pods.map((p) => p.metadata.name)).toEqual(['ghost-x']);
  });

  it('finished pods are evicted whatever their owner', () => {
    const { s, ds, pod, ref } = store();
    const p = pod('done', ref('DaemonSet', 'agent', ds.metadata.uid!));
    s.updateStatus({ ...p, status: { phase: 'Succeeded' } }, { actor: 'test' });
    const q = pod('bare-done');
    s.updateStatus({ ...q, status: { phase: 'Failed' } }, { actor: 'test' });
    expect(podsForDeletion(s, 'node-a', false)).toEqual({ pods: [s.get('Pod', 'default', 'bare-done'), s.get('Pod', 'default', 'done')], warnings: '', errors: [] });
  });

  it('DaemonSet pods are not evicted: the drain of a node with only those is done at once after the warning', () => {
    const { cluster, s, ds, pod, ref } = store();
    pod('agent-x', ref('DaemonSet', 'agent', ds.metadata.uid!));
    const out: string[] = [];
    const d = new KubectlDrain(cluster.engine, s, { node: 'node-a' }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    d.start();
    expect(d.state).toBe('drained');
    expect(out).toEqual(['Warning: ignoring DaemonSet-managed Pods: default/agent-x', 'node/node-a drained']);
  });

  it('aggregate errors print like utilerrors: one as is, several in brackets', () => {
    expect(aggregateMessage(['a'])).toBe('a');
    expect(aggregateMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });
});
