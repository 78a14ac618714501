import { describe, expect, it } from 'vitest';
import { CycleState } from '../../src/scheduler/framework.js';
import { newPodInfo } from '../../src/scheduler/pod-info.js';
import { SchedulerCache } from '../../src/scheduler/scheduler-cache.js';
import { podTopologySpread } from '../../src/scheduler/pod-topology-spread.js';
import { interPodAffinity } from '../../src/scheduler/inter-pod-affinity.js';
import { selectorFromSet } from '../../src/api/selector.js';
import type { KubeObject } from '../../src/store/types.js';
import { node, placed, pod } from './helpers.js';

function withUid(p: KubeObject): KubeObject {
  return { ...p, metadata: { ...p.metadata, uid: p.metadata.name } };
}

function cacheWith(nodes: KubeObject[], pods: KubeObject[]): SchedulerCache {
  const c = new SchedulerCache();
  for (const n of nodes) c.setNode(n);
  for (const p of pods) c.updatePod(p.metadata.name!, withUid(p));
  return c;
}

describe('PodTopologySpread score (system defaults)', () => {
  it('count·log(nodes+2) + maxSkew-1 per node, then 100·(max+min-s)/max', () => {
    const web = { labels: { app: 'web' } };
    const cache = cacheWith([node('a'), node('b'), node('c')], [placed('w1', 'a', web), placed('w2', 'a', web), placed('w3', 'b', web), placed('other', 'c')]);
    const st = new CycleState(newPodInfo(withUid(pod('new', web))), cache, 0, () => selectorFromSet({ app: 'web' }));
    const nodes = cache.list();
    expect(podTopologySpread.preScore!(st, nodes)).toBe(true);
    // hostname, maxSkew 3, weight ln(3+2): a = 2·1.609+2 = 5.2 -> 5; b = 3.6 -> 4; c = 2.
    const scores = nodes.map((n) => podTopologySpread.score(st, n));
    expect(scores).toEqual([5, 4, 2]);
    podTopologySpread.normalize!(st, scores, nodes);
    // 100·(5+2-s)/5
    expect(scores).toEqual([40, 60, 100]);
  });

  it('zones count through the zone constraint (maxSkew 5)', () => {
    const web = { labels: { app: 'web' } };
    const z = (name: string, zone: string) => node(name, { labels: { 'topology.kubernetes.io/zone': zone } });
    const cache = cacheWith([z('a1', 'za'), z('a2', 'za'), z('b1', 'zb')], [placed('w1', 'a1', web), placed('w2', 'a1', web)]);
    const st = new CycleState(newPodInfo(withUid(pod('new', web))), cache, 0, () => selectorFromSet({ app: 'web' }));
    const nodes = cache.list();
    podTopologySpread.preScore!(st, nodes);
    // hostname: a1 2·ln5+2 = 5.22, a2 2, b1 2; zone (2 domains, ln4 = 1.386): za 2·1.386+4 = 6.77, zb 4.
    // a1 = 11.99 -> 12, a2 = 8.77 -> 9, b1 = 6.
    const scores = nodes.map((n) => podTopologySpread.score(st, n));
    expect(Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]))).toEqual({ a1: 12, a2: 9, b1: 6 });
    podTopologySpread.normalize!(st, scores, nodes);
    expect(Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]))).toEqual({ a1: 50, a2: 75, b1: 100 });
  });
});

describe('InterPodAffinity score', () => {
  it('preferred affinity and anti-affinity weights by topology, min-max normalised', () => {
    const cache = cacheWith(
      [node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z1' } }), node('c', { labels: { zone: 'z2' } })],
      [placed('db', 'a', { labels: { app: 'db' } }), placed('noisy', 'c', { labels: { app: 'noisy' } })],
    );
    const p = pod('web', {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'zone', labelSelector: { matchLabels: { app: 'db' } } } }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'noisy' } } } }] },
      },
    });
    const st = new CycleState(newPodInfo(withUid(p)), cache, 0);
    const nodes = cache.list();
    expect(interPodAffinity.preScore!(st, nodes)).toBe(true);
    const scores = nodes.map((n) => interPodAffinity.score(st, n));
    expect(scores).toEqual([50, 50, -30]);
    interPodAffinity.normalize!(st, scores, nodes);
    expect(scores).toEqual([100, 100, 0]);
  });
});
