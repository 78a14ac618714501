import { describe, expect, it } from 'vitest';
import { activePodsWithRanksLess, getPodsToDelete, logarithmicRankDiff } from '../../src/controllers/replicaset-ranking.js';
import { toTimestamp } from '../../src/api/time.js';

const H = 3_600_000;
const NOW = 100 * H;

function pod(name: string, o: { node?: string; phase?: string; readyAt?: number; cost?: number; restarts?: number; created?: number; uid?: string } = {}): any {
  const conditions = o.readyAt === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(o.readyAt) }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: toTimestamp(o.created ?? 0),
      annotations: o.cost === undefined ? undefined : { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) },
    },
    spec: { nodeName: o.node ?? 'node-a', containers: [{ name: 'c' }] },
    status: { phase: o.phase ?? 'Running', conditions, containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }] },
  };
}

const order = (pods: any[], related: any[] = []) => getPodsToDelete(pods, related, pods.length - 1, NOW).map((p) => p.metadata.name);

describe('ReplicaSet scale-down ranking (ActivePodsWithRanks)', () => {
  it('orders by unassigned, phase, readiness, deletion cost, co-location, ready time, restarts, age', () => {
    const pods = [
      pod('ready-old', { readyAt: 1 * H, created: 1 * H }),
      pod('unassigned', { node: '', phase: 'Pending' }),
      pod('pending', { phase: 'Pending' }),
      pod('unknown', { phase: 'Unknown' }),
      pod('not-ready', {}),
      pod('costly', { readyAt: 90 * H, cost: 100 }),
      pod('cheap', { readyAt: 1 * H, cost: -5 }),
      pod('ready-new', { readyAt: 99 * H, created: 1 * H }),
      pod('keep', { readyAt: 1 * H, created: 0, cost: 1000 }),
    ];
    expect(order(pods)).toEqual(['unassigned', 'pending', 'unknown', 'not-ready', 'cheap', 'ready-new', 'ready-old', 'costly']);
  });

  it('deletes pods on the node with more related pods (of every RS of the Deployment) first', () => {
    const a = pod('on-a', { readyAt: 1 * H, node: 'node-a' });
    const b = pod('on-b', { readyAt: 99 * H, node: 'node-b' });
    const related = [a, b, pod('other-rs-1', { node: 'node-a' }), pod('other-rs-2', { node: 'node-a' })];
    expect(getPodsToDelete([b, a], related, 1, NOW).map((p) => p.metadata.name)).toEqual(['on-a']);
    // Without related pods (an RS without a controller) the newer-ready pod goes.
    expect(getPodsToDelete([a, b], [], 1, NOW).map((p) => p.metadata.name)).toEqual(['on-b']);
  });

  it('buckets ready and creation times by log2 of their age in ns, then breaks ties by UID', () => {
    // 10s and 12s ago: log2(1e10) = 33.2, log2(1.2e10) = 33.5: same bucket → lower UID first.
    const x = pod('x', { readyAt: NOW - 10_000, uid: 'b-uid' });
    const y = pod('y', { readyAt: NOW - 12_000, uid: 'a-uid' });
    expect(logarithmicRankDiff(NOW - 10_000, NOW - 12_000, NOW)).toBe(0);
    expect(activePodsWithRanksLess({ pod: y, rank: 0 }, { pod: x, rank: 0 }, NOW)).toBe(true);
    // 10s vs 20s ago: buckets 33 and 34 → the more recently ready goes first.
    const z = pod('z', { readyAt: NOW - 20_000, uid: 'a-uid' });
    expect(activePodsWithRanksLess({ pod: x, rank: 0 }, { pod: z, rank: 0 }, NOW)).toBe(true);
    // Same ready time: more restarts first, then newer creation first.
    const r1 = pod('r1', { readyAt: H, restarts: 3, created: 0 });
    const r0 = pod('r0', { readyAt: H, restarts: 0, created: 50 * H });
    expect(activePodsWithRanksLess({ pod: r1, rank: 0 }, { pod: r0, rank: 0 }, NOW)).toBe(true);
    const c1 = pod('c1', { readyAt: H, created: 10 * H });
    const c2 = pod('c2', { readyAt: H, created: 60 * H });
    expect(activePodsWithRanksLess({ pod: c2, rank: 0 }, { pod: c1, rank: 0 }, NOW)).toBe(true);
  });

  it('does not sort when every pod goes', () => {
    const ps = [pod('b', { readyAt: 1 }), pod('a', { node: '' })];
    expect(getPodsToDelete(ps, [], 2, NOW).map((p) => p.metadata.name)).toEqual(['b', 'a']);
  });

  it('getPodsToDelete (precomputed keys) orders exactly as ActivePodsWithRanks.Less', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const ps = Array.from({ length: 12 }, (_, i) =>
        pod(`p${String(i).padStart(2, '0')}`, {
          node: ['', 'node-a', 'node-b'][rnd(3)],
          phase: ['Pending', 'Unknown', 'Running'][rnd(3)],
          readyAt: rnd(3) === 0 ? undefined : rnd(100) * H,
          cost: rnd(4) === 0 ? rnd(3) - 1 : undefined,
          restarts: rnd(3),
          created: rnd(100) * H,
          uid: `u${rnd(1000)}`,
        }),
      );
      const related = [...ps, pod('x', { node: 'node-a' })];
      const got = getPodsToDelete(ps, related, 11, NOW).map((p) => p.metadata.name);
      const ranked = ps.map((p) => ({ pod: p, rank: related.filter((r) => r.spec.nodeName === p.spec.nodeName).length }));
      ranked.sort((a, b) => (activePodsWithRanksLess(a, b, NOW) ? -1 : activePodsWithRanksLess(b, a, NOW) ? 1 : 0));
      expect(got).toEqual(ranked.slice(0, 11).map((r) => r.pod.metadata.name));
    }
  });

  it('a small diff picks the same pods as the full sort (one pass over a bounded buffer)', () => {
    let seed = 987;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 200; round++) {
      const n = 20 + rnd(60);
      // Distinct ready times and UIDs in name order keep Less a strict weak order (no cycles),
      // where any correct selection must agree with the sort.
      const times = Array.from({ length: 100 }, (_, i) => i * 600_000 + rnd(500_000));
      const ps = Array.from({ length: n }, (_, i) => {
        const name = `p${String(i).padStart(3, '0')}`;
        return pod(name, {
          node: ['', 'node-a', 'node-b', 'node-c'][rnd(4)],
          phase: ['Pending', 'Running', 'Running', 'Running'][rnd(4)],
          readyAt: rnd(4) === 0 ? undefined : NOW - times[i]! - 1,
          cost: rnd(6) === 0 ? rnd(3) - 1 : undefined,
          restarts: rnd(5) === 0 ? rnd(3) : 0,
          created: NOW - rnd(50) * 60_000 - 1,
          uid: `u-${name}`,
        });
      });
      const related = [...ps, pod('x', { node: 'node-a' }), pod('y', { node: 'node-c' })];
      const ranked = ps.map((p) => ({ pod: p, rank: related.filter((r) => r.spec.nodeName === p.spec.nodeName).length }));
      ranked.sort((a, b) => (activePodsWithRanksLess(a, b, NOW) ? -1 : activePodsWithRanksLess(b, a, NOW) ? 1 : 0));
      const diff = 1 + rnd(Math.max(1, Math.floor(n / 8)));
      expect(getPodsToDelete(ps, related, diff, NOW).map((p) => p.metadata.name)).toEqual(ranked.slice(0, diff).map((r) => r.pod.metadata.name));
      // The input order does not matter: ties go by name.
      expect(getPodsToDelete([...ps].reverse(), related, diff, NOW).map((p) => p.metadata.name)).toEqual(ranked.slice(0, diff).map((r) => r.pod.metadata.name));
    }
  });
});
