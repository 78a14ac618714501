import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { daemonSetOnePerNode } from '../../src/invariants/daemonset-one-per-node.js';
import { daemonPod } from '../../src/controllers/daemonset.js';
import type { Violation } from '../../src/invariants/types.js';
import type { KubeObject } from '../../src/store/types.js';

function watched(components?: 'none'): { c: Cluster; violations: Violation[] } {
  const c = new Cluster({
    seed: 1,
    nodes: [
      { name: 'cp', labels: { role: 'cp' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
      { name: 'w', count: 2, labels: { role: 'worker' } },
    ],
    ...(components === 'none' ? { components: () => [] } : {}),
  });
  const violations: Violation[] = [];
  const inv = daemonSetOnePerNode();
  inv.start(c, (v) => violations.push({ ...v, time: c.engine.now }));
  c.start();
  return { c, violations };
}

function ds(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent' }], ...extra } },
    },
  };
}

describe('daemonset-one-per-node invariant', () => {
  it('holds while the DaemonSet controller runs, updates and the nodes change', () => {
    const { c, violations } = watched();
    c.store.create(ds());
    c.engine.run({ until: 10_000 });
    expect(c.store.list('Pod').map((p) => p.spec.nodeName).sort()).toEqual(['w-0', 'w-1']);
    const cur = c.store.get('DaemonSet', 'default', 'agent')!;
    c.store.update({ ...cur, spec: { ...cur.spec, template: { ...cur.spec.template, spec: { ...cur.spec.template.spec, tolerations: [{ operator: 'Exists' }] } } } });
    c.engine.run({ until: 60_000 });
    expect(c.store.list('Pod').filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.nodeName).sort()).toEqual(['cp', 'w-0', 'w-1']);
    expect(violations).toEqual([]);
  });

  it('reports a second live pod of the DaemonSet for the same node', () => {
    const { c, violations } = watched('none');
    const d = c.store.create(ds());
    c.store.create({ ...daemonPod(d, 'w-0', 'h1'), metadata: { ...daemonPod(d, 'w-0', 'h1').metadata, name: 'agent-a' } });
    expect(violations).toEqual([]);
    c.store.create({ ...daemonPod(d, 'w-0', 'h1'), metadata: { ...daemonPod(d, 'w-0', 'h1').metadata, name: 'agent-b' } });
    expect(violations.map((v) => v.message)).toEqual(['daemonset/default/agent has 2 live pods for node w-0: agent-a, agent-b']);
    expect(violations[0]!.numbers).toEqual({ pods: 2, allowed: 1 });
    // A pod for another node is fine.
    c.store.create({ ...daemonPod(d, 'w-1', 'h1'), metadata: { ...daemonPod(d, 'w-1', 'h1').metadata, name: 'agent-c' } });
    expect(violations).toHaveLength(1);
  });

  it('with maxSurge, allows one old and one new pod on a node but not two of one revision', () => {
    const { c, violations } = watched('none');
    const d = c.store.create({ ...ds(), spec: { ...ds().spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } });
    const mk = (name: string, hash: string) => c.store.create({ ...daemonPod(d, 'w-0', hash), metadata: { ...daemonPod(d, 'w-0', hash).metadata, name } });
    mk('agent-old', 'h1');
    mk('agent-new', 'h2');
    expect(violations).toEqual([]);
    mk('agent-new2', 'h2');
    expect(violations.map((v) => v.message)).toEqual(['daemonset/default/agent has 3 live pods for node w-0: agent-new, agent-new2, agent-old (surge allows one old and one new)']);
  });

  it('reports a pod created for a node whose taint it does not tolerate or whose labels the selector excludes', () => {
    const { c, violations } = watched('none');
    // No node agents here: register the Node object by hand.
    c.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp', labels: { role: 'cp' } }, spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } });
    const d = c.store.create(ds({ nodeSelector: { role: 'worker' } }));
    const p = daemonPod(d, 'cp', 'h1');
    c.store.create({ ...p, metadata: { ...p.metadata, name: 'agent-cp' } });
    expect(violations.map((v) => v.message)).toEqual([
      "daemonset/default/agent has pod agent-cp created for node cp, which it must not run on: the node does not match the DaemonSet's nodeSelector/affinity; the pod does not tolerate taint node-role.kubernetes.io/control-plane:NoSchedule",
    ]);
    expect(violations[0]!.objects).toEqual(['daemonset/default/agent', 'pod/default/agent-cp', 'node/cp']);
  });
});
