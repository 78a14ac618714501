import { describe, expect, it } from 'vitest';
import { create, events, node, nodeOf, placed, pod, schedulerCluster, settle } from './helpers.js';

describe('end-to-end choices', () => {
  it('picks the least allocated node', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a'), node('node-b'), node('node-c'));
    create(cluster, placed('a1', 'node-a', { cpu: '2', memory: '4Gi' }), placed('c1', 'node-c', { cpu: '1', memory: '1Gi' }));
    create(cluster, pod('web', { cpu: '500m', memory: '512Mi' }));
    settle(cluster);
    expect(nodeOf(cluster, 'web')).toBe('node-b');
  });

  it('system default spreading puts ReplicaSet pods on different nodes', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a'), node('node-b'), node('node-c'));
    const rs = cluster.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-abc', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
    });
    const owned = (name: string) => {
      const p = pod(name, { labels: { app: 'web' } });
      p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: rs.metadata.uid!, controller: true }];
      return p;
    };
    // Unrelated best-effort pods on node-a and node-b make LeastAllocated prefer node-c every time,
    // by 1 point; spreading (weight 2) must override it.
    create(cluster, placed('x1', 'node-a'), placed('x2', 'node-b'));
    for (const n of ['web-1', 'web-2', 'web-3']) {
      create(cluster, owned(n));
      settle(cluster);
    }
    expect(new Set(['web-1', 'web-2', 'web-3'].map((n) => nodeOf(cluster, n)))).toEqual(new Set(['node-a', 'node-b', 'node-c']));
  });

  it('DoNotSchedule topology spread with maxSkew 1 across zones', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('a1', { labels: { zone: 'a' } }), node('a2', { labels: { zone: 'a' } }), node('b1', { labels: { zone: 'b' } }), node('nozone'));
    create(cluster, placed('e1', 'a1', { labels: { app: 'db' } }), placed('e2', 'a2', { labels: { app: 'db' } }));
    const tsc = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'db' } } }];
    create(cluster, pod('db-3', { labels: { app: 'db' }, topologySpreadConstraints: tsc }));
    settle(cluster);
    expect(nodeOf(cluster, 'db-3')).toBe('b1');
    create(cluster, node('b2', { labels: { zone: 'b' }, cpu: '0' }));
    create(cluster, pod('db-4', { labels: { app: 'db' }, cpu: '1', topologySpreadConstraints: tsc }));
    settle(cluster);
    // zone a has 2, zone b has 1 -> only zone b nodes pass; b1 is full? no: b1 has room, b2 has 0 cpu.
    expect(nodeOf(cluster, 'db-4')).toBe('b1');
    create(cluster, pod('db-5', { labels: { app: 'db' }, cpu: '1', topologySpreadConstraints: tsc }));
    settle(cluster);
    expect(nodeOf(cluster, 'db-5')).toMatch(/^a[12]$/);
    // Zone a now holds 3, zone b 2. A 4-cpu pod: zone a's free node would make skew 2, the other
    // zoned nodes lack cpu, the two unlabelled nodes lack the topology key.
    create(cluster, node('plain'));
    create(cluster, pod('db-6', { labels: { app: 'db' }, cpu: '4', topologySpreadConstraints: tsc }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'db-6')[0]!.message).toBe(
      "0/6 nodes are available: 1 node(s) didn't match pod topology spread constraints, 2 node(s) didn't match pod topology spread constraints (missing required label), 3 Insufficient cpu. preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod..",
    );
  });

  it('required pod anti-affinity keeps replicas apart; existing anti-affinity repels', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1'), node('n2'));
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'cache' } } }] } };
    create(cluster, pod('cache-0', { labels: { app: 'cache' }, affinity: anti }));
    settle(cluster);
    create(cluster, pod('cache-1', { labels: { app: 'cache' }, affinity: anti }));
    settle(cluster);
    expect(new Set([nodeOf(cluster, 'cache-0'), nodeOf(cluster, 'cache-1')])).toEqual(new Set(['n1', 'n2']));
    create(cluster, pod('cache-2', { labels: { app: 'cache' }, affinity: anti }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'cache-2')[0]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
    );
    // A plain pod labelled app=cache is repelled by the existing pods' anti-affinity.
    create(cluster, pod('intruder', { labels: { app: 'cache' } }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'intruder')[0]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
    );
  });

  it('required pod affinity: the first pod of a self-affine group may go anywhere, the next follow it', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } }), node('n3'));
    const aff = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'web' } } }] } };
    create(cluster, pod('web-0', { labels: { app: 'web' }, affinity: aff }));
    settle(cluster);
    const first = nodeOf(cluster, 'web-0');
    expect(['n1', 'n2']).toContain(first);
    for (const n of ['web-1', 'web-2']) {
      create(cluster, pod(n, { labels: { app: 'web' }, affinity: aff }));
      settle(cluster);
      expect(nodeOf(cluster, n)).toBe(first);
    }
    create(cluster, pod('other', { labels: { app: 'other' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'nothing' } } }] } } }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'other')[0]!.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
  });

  it('DaemonSet-style matchFields pods: other nodes are "didn\'t satisfy plugin(s) [NodeAffinity]"', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1', { cpu: '1' }), node('n2'), node('n3'));
    const aff = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } };
    create(cluster, pod('ds-n1', { cpu: '2', affinity: aff }));
    settle(cluster);
    expect(events(cluster, 'FailedScheduling', 'ds-n1')[0]!.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
    );
  });

  it('only pods for default-scheduler without nodeName are scheduled', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('n1'));
    create(cluster, pod('other', { spec: { schedulerName: 'my-scheduler' } }), pod('pinned', { nodeName: 'ghost' }));
    settle(cluster);
    expect(nodeOf(cluster, 'other')).toBeUndefined();
    expect(nodeOf(cluster, 'pinned')).toBe('ghost');
    expect(events(cluster, 'Scheduled')).toEqual([]);
  });
});
