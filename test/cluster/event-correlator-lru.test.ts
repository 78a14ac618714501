import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';

// client-go tools/record/events_cache.go: the correlator's caches hold 4096 keys per source
// (maxLruCacheEntries); a Get or Add makes a key the most recent, the least recent is forgotten.
function pod(i: number): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', uid: `uid-${i}` } };
}

describe('EventCorrelator LRU (4096 objects per source)', () => {
  it('forgets the least recently used object: its next identical event is a new Event, a recently used one is counted', () => {
    const cluster = new Cluster({ nodes: [], components: () => [] });
    cluster.start();
    const record = (i: number) => cluster.events.record(pod(i), 'Normal', 'Pulled', 'already present', 'kubelet', 'node-a');
    for (let i = 0; i < 4096; i++) record(i);
    // p-0 is used again (most recent now); p-4096 then pushes out the least recent, p-1.
    record(0);
    record(4096);
    record(0);
    record(1);
    const byPod = (i: number) => cluster.store.list('Event').filter((e) => e.involvedObject.name === `p-${i}`).map((e) => e.count);
    expect(byPod(0)).toEqual([3]);
    expect(byPod(1)).toEqual([1, 1]);
    expect(byPod(2)).toEqual([1]);
    expect(cluster.store.count('Event')).toBe(4098);
  });
});
