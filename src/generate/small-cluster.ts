import fc from 'fast-check';
import type { ClusterSpec } from '../../generated/scenario.js';

/**
 * 1–5 nodes `node-0`.. with room for 100 generated pods each (8 CPU, 16Gi, 110 pods; generated
 * pods request 50m/32Mi), so one surviving node holds R + S ≤ 100 pods: scheduling never waits
 * for capacity, only for nodes that are dead or not ready.
 */
export function smallCluster(): fc.Arbitrary<ClusterSpec> {
  return fc.integer({ min: 1, max: 5 }).map((n) => ({
    nodes: Array.from({ length: n }, (_, i) => ({ name: `node-${i}`, capacity: { cpu: '8', memory: '16Gi', pods: '110' } })),
  }));
}

/** Node names of a cluster spec (count expanded like the loader). */
export function nodeNames(c: ClusterSpec): string[] {
  return (c.nodes ?? []).flatMap((n) => (n.count ? Array.from({ length: n.count }, (_, i) => `${n.name}-${i}`) : [n.name]));
}
