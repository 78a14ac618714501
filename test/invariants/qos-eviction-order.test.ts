import { describe, expect, it } from 'vitest';
import { qosEvictionOrder } from '../../src/invariants/qos-eviction-order.js';
import type { Violation } from '../../src/invariants/types.js';
import { kubeletCluster, podManifest, S } from '../kubelet/harness.js';

const Mi = 1024 * 1024;

/** A 2Gi node with pods `be` (BestEffort) and `g` (Guaranteed 1Gi) running, and the invariant on. */
function setup() {
  const h = kubeletCluster({ nodes: [{ name: 'node-a', capacity: { memory: '2Gi' } }] });
  const violations: Violation[] = [];
  qosEvictionOrder().start(h.cluster, (v) => violations.push(v));
  h.create(podManifest('be', { containers: [{ name: 'c', image: 'nginx' }] }));
  h.create(podManifest('g', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] }));
  h.runTo(1 * S);
  const uid = (n: string) => h.pod(n)!.metadata.uid!;
  const cands = (beUsage: number, gUsage: number) => [
    { key: 'default/be', uid: uid('be'), stats: true, usage: beUsage },
    { key: 'default/g', uid: uid('g'), stats: true, usage: gUsage },
  ];
  /** A kubelet `evict` action as the eviction manager emits it. */
  const evict = (pod: string, o: { pass?: number; beUsage?: number; gUsage?: number; available?: number; candidates?: unknown[] } = {}) => {
    const beUsage = o.beUsage ?? 500 * Mi;
    const gUsage = o.gUsage ?? 1000 * Mi;
    const available = o.available ?? Math.max(0, 2048 * Mi - beUsage - gUsage);
    h.cluster.actions.emit({
      component: 'kubelet/node-a',
      action: 'evict',
      object: `default/${pod}`,
      data: {
        node: 'node-a',
        pass: o.pass ?? 1,
        signal: 'memory.available',
        threshold: 100 * Mi,
        available,
        observations: { 'memory.available': { available, capacity: 2048 * Mi } },
        candidates: o.candidates ?? cands(beUsage, gUsage),
        uid: uid(pod),
      },
    });
  };
  return { h, violations, evict, uid };
}

describe('qos-eviction-order', () => {
  it('accepts the pod ranked first', () => {
    const s = setup();
    s.evict('be', { beUsage: 1000 * Mi, gUsage: 1000 * Mi });
    expect(s.violations).toEqual([]);
  });

  it('a Guaranteed pod within its request evicted while a BestEffort pod uses memory', () => {
    const s = setup();
    s.evict('g', { beUsage: 1000 * Mi, gUsage: 1000 * Mi });
    expect(s.violations.map((v) => v.message)).toEqual([
      `kubelet on node-a evicted default/g (usage ${1000 * Mi}, request ${1024 * Mi}, priority 0) while default/be (usage ${1000 * Mi}, request 0, priority 0) ranks before it`,
    ]);
    expect(s.violations[0]!.numbers).toEqual({ chosenUsage: 1000 * Mi, chosenRequest: 1024 * Mi, chosenPriority: 0, otherUsage: 1000 * Mi, otherRequest: 0, otherPriority: 0 });
  });

  it('an eviction while no threshold is met', () => {
    const s = setup();
    s.evict('be', { beUsage: 10 * Mi, gUsage: 10 * Mi });
    expect(s.violations.map((v) => v.message)).toEqual([`kubelet on node-a evicted default/be while memory.available was ${2028 * Mi} bytes, not below the threshold of ${100 * Mi}`]);
  });

  it('two evictions in one pass', () => {
    const s = setup();
    s.evict('be', { beUsage: 1100 * Mi, pass: 7 });
    s.evict('be', { beUsage: 1100 * Mi, pass: 7 });
    expect(s.violations.map((v) => v.message)).toEqual(['kubelet on node-a evicted 2 pods in one eviction-manager pass (at most one)']);
  });

  it('usage reports that do not add up, and running pods left out of the ranking', () => {
    const s = setup();
    s.evict('be', { beUsage: 1100 * Mi, available: 0, candidates: [{ key: 'default/be', uid: s.uid('be'), stats: true, usage: 1100 * Mi }] });
    expect(s.violations.map((v) => v.message)).toEqual([
      `kubelet on node-a reported memory.available 0 bytes; capacity − working sets of its pods is ${948 * Mi}`,
      'kubelet on node-a ranked its pods without running pod default/g',
    ]);
  });

  it('the evicted pod must end Failed with reason Evicted', () => {
    const s = setup();
    s.evict('be', { beUsage: 1100 * Mi });
    const pod = s.h.pod('be')!;
    s.h.cluster.store.updateStatus({ ...pod, status: { ...pod.status, phase: 'Succeeded' } }, { actor: 'test' });
    expect(s.violations.map((v) => v.message)).toEqual(['evicted pod default/be ended Succeeded with reason (none), not Failed / Evicted']);
  });
});
