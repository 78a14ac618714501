import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { CycleState, type ScorePlugin } from '../../src/scheduler/framework.js';
import { newPodInfo } from '../../src/scheduler/pod-info.js';
import { SchedulerCache } from '../../src/scheduler/scheduler-cache.js';
import { computePodResources, podRequestList, isScalarResourceName } from '../../src/scheduler/resources.js';
import { Profile } from '../../src/scheduler/profile.js';
import { taintToleration } from '../../src/scheduler/taint-toleration.js';
import { podTopologySpread } from '../../src/scheduler/pod-topology-spread.js';
import { HAS_HOSTNAME, PLAIN, PREFER_NO_SCHEDULE } from '../../src/scheduler/node-columns.js';
import { selectorFromSet, nothing } from '../../src/api/selector.js';
import { SchedulingQueue } from '../../src/scheduler/scheduling-queue.js';
import type { KubeObject } from '../../src/store/types.js';
import { create, node, pod, schedulerCluster, settle } from './helpers.js';
import { makeRng } from '../../src/engine/rng.js';

// The scheduling cycle reads typed-array columns, batch scorers and cache-kept sums instead of
// the per-node plugin calls; these pin that every shortcut gives the numbers of the plain path.

type R = () => number;

function randomNode(r: R, i: number): KubeObject {
  const labels: Record<string, string> = {};
  if (r() < 0.8) labels['topology.kubernetes.io/zone'] = `z${Math.floor(r() * 3)}`;
  if (r() < 0.3) labels.disk = 'ssd';
  const taints: Array<{ key: string; value?: string; effect: string }> = [];
  if (r() < 0.2) taints.push({ key: 'soft', value: r() < 0.5 ? 'a' : 'b', effect: 'PreferNoSchedule' });
  if (r() < 0.1) taints.push({ key: 'hard', effect: 'NoSchedule' });
  const n = node(`n${i}`, { cpu: ['2', '4', '8'][Math.floor(r() * 3)], memory: ['4Gi', '8Gi'][Math.floor(r() * 2)], labels, taints: taints.length ? taints : undefined, unschedulable: r() < 0.05 });
  // Some nodes without a hostname label (spreading skips them).
  if (r() < 0.1) delete n.metadata.labels!['kubernetes.io/hostname'];
  return n;
}

function randomPod(r: R, name: string, nodeName?: string): KubeObject {
  const app = ['web', 'db', 'cache'][Math.floor(r() * 3)]!;
  const p = pod(name, {
    cpu: r() < 0.8 ? ['100m', '500m', '1'][Math.floor(r() * 3)] : undefined,
    memory: r() < 0.7 ? ['128Mi', '1Gi'][Math.floor(r() * 2)] : undefined,
    labels: { app },
    nodeName,
    tolerations: r() < 0.3 ? [{ key: 'soft', operator: 'Exists' }] : undefined,
    topologySpreadConstraints:
      r() < 0.3
        ? [
            { maxSkew: 1, topologyKey: r() < 0.5 ? 'kubernetes.io/hostname' : 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
            ...(r() < 0.5 ? [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } }] : []),
          ]
        : undefined,
    affinity: r() < 0.2 ? { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } } : undefined,
  });
  return { ...p, metadata: { ...p.metadata, uid: name } };
}

function randomCache(seed: number): { cache: SchedulerCache; r: R } {
  const r = seedrandom(String(seed));
  const cache = new SchedulerCache();
  const n = 5 + Math.floor(r() * 40);
  for (let i = 0; i < n; i++) cache.setNode(randomNode(r, i));
  for (let i = 0; i < n * 2; i++) cache.updatePod(`e${i}`, randomPod(r, `e${i}`, `n${Math.floor(r() * (n + 2))}`));
  return { cache, r };
}

describe('node columns', () => {
  it('hold every NodeInfo number the hot loops read, through pod adds, status updates, removals and node updates', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { cache, r } = randomCache(seed);
      // Churn: status-only updates, deletions, node updates.
      for (let i = 0; i < 20; i++) {
        const uid = `e${Math.floor(r() * 20)}`;
        const cur = cache.podInfo(uid);
        if (!cur) continue;
        if (r() < 0.5) cache.updatePod(uid, { ...cur.pod, status: { phase: 'Running' } });
        else cache.updatePod(uid, undefined);
      }
      cache.setNode(randomNode(r, 0));
      const c = cache.cols;
      for (const ni of [...cache.nodes.values()]) {
        const s = ni.slot;
        expect([c.allocCPU[s], c.allocMemory[s], c.allocEphemeral[s], c.allocPods[s]]).toEqual([ni.allocCPU, ni.allocMemory, ni.allocEphemeral, ni.allocPods]);
        expect([c.reqCPU[s], c.reqMemory[s], c.reqEphemeral[s], c.nzCPU[s], c.nzMemory[s], c.podCount[s]]).toEqual([ni.reqCPU, ni.reqMemory, ni.reqEphemeral, ni.nzCPU, ni.nzMemory, ni.pods.size]);
        expect(c.flags[s]).toBe((ni.plain ? PLAIN : 0) | (ni.hostnameLabel !== undefined ? HAS_HOSTNAME : 0) | (ni.preferNoSchedule ? PREFER_NO_SCHEDULE : 0));
        expect(c.zoneId[s]! >= 0).toBe(ni.zoneLabel !== undefined);
      }
      // listSlots follows list().
      expect([...cache.listSlots()]).toEqual(cache.list().map((n) => n.slot));
    }
  });

  it('a status update keeps the node sums and the selector counts of a full remove + add', () => {
    const { cache } = randomCache(3);
    const web = selectorFromSet({ app: 'web' });
    const before = new Map(cache.counts('default', web).perNode);
    const sums = [...cache.nodes.values()].map((n) => [n.reqCPU, n.nzMemory, n.podCount]);
    for (let i = 0; i < 30; i++) {
      const cur = cache.podInfo(`e${i}`);
      if (cur) cache.updatePod(`e${i}`, { ...cur.pod, status: { phase: 'Running', podIP: `10.0.0.${i}` } });
    }
    expect(new Map(cache.counts('default', web).perNode)).toEqual(before);
    expect([...cache.nodes.values()].map((n) => [n.reqCPU, n.nzMemory, n.podCount])).toEqual(sums);
  });
});

describe('batch scorers', () => {
  it('scoreAll gives what score() gives node by node, for every plugin that has one', () => {
    const profile = new Profile();
    let compared = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const { cache, r } = randomCache(seed);
      const nodes = cache.list();
      const slots = cache.listSlots();
      const incoming = [0, 1, 2, 3].map((k) => randomPod(r, `new-${k}`));
      // Each pod twice, and again after the nodes changed (the per-node score memos must follow).
      for (let k = 0; k < 12; k++) {
        if (k === 8) for (let j = 0; j < 10; j++) cache.updatePod(`late${j}`, randomPod(r, `late${j}`, nodes[Math.floor(r() * nodes.length)]!.name));
        const p = incoming[k % 4]!;
        const withOwner = r() < 0.6;
        const st = new CycleState(newPodInfo(p), cache, 0, () => (withOwner ? selectorFromSet({ app: p.metadata.labels!.app }) : nothing()));
        for (const plugin of profile.scores as ScorePlugin[]) {
          if (!plugin.scoreAll) continue;
          if (plugin.preScore && !plugin.preScore(st, nodes, slots)) continue;
          const fast = new Float64Array(nodes.length);
          plugin.scoreAll(st, nodes, fast, slots);
          expect([...fast], `${plugin.name} seed ${seed}`).toEqual(nodes.map((n) => plugin.score(st, n)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(450);
  });

  it('PodTopologySpread scores the same from slots and zone ids as from node names and label values', () => {
    let compared = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const { cache, r } = randomCache(seed);
      const nodes = cache.list();
      const p = randomPod(r, 'x');
      const sel = () => selectorFromSet({ app: p.metadata.labels!.app });
      const byId = new CycleState(newPodInfo(p), cache, 0, sel);
      if (!podTopologySpread.preScore!(byId, nodes, cache.listSlots())) continue;
      // Clones are not the cache's (no columns): PreScore and Score take the by-name path.
      const clones = nodes.map((n) => n.clone());
      const byName = new CycleState(newPodInfo(p), cache, 0, sel);
      expect(podTopologySpread.preScore!(byName, clones)).toBe(true);
      const fast = new Float64Array(nodes.length);
      podTopologySpread.scoreAll!(byId, nodes, fast, cache.listSlots());
      const slow = clones.map((n) => podTopologySpread.score(byName, n));
      expect([...fast], `seed ${seed}`).toEqual(slow);
      podTopologySpread.normalize!(byId, fast, nodes);
      podTopologySpread.normalize!(byName, slow, clones);
      expect([...fast]).toEqual(slow);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('TaintToleration is left out only when no node has a PreferNoSchedule taint (every node would get 100)', () => {
    const { cache } = randomCache(7);
    const nodes = cache.list();
    const st = new CycleState(newPodInfo(randomPod(seedrandom('t'), 'x')), cache, 0);
    const anyPrefer = nodes.some((n) => n.preferNoSchedule);
    expect(taintToleration.preScore!(st, nodes, cache.listSlots())).toBe(anyPrefer);
    expect(taintToleration.preScore!(st, nodes)).toBe(anyPrefer);
    const plain = nodes.filter((n) => !n.preferNoSchedule);
    expect(taintToleration.preScore!(st, plain)).toBe(false);
    const raw = plain.map((n) => taintToleration.score(st, n));
    taintToleration.normalize!(st, raw, plain);
    expect(new Set(raw)).toEqual(new Set([100]));
  });
});

describe('scheduling decisions with the shortcuts', () => {
  /** The full plugin set, run node by node with no shortcut (TaintToleration always scored). */
  function referenceBest(profile: Profile, st: CycleState, nodes: ReturnType<SchedulerCache['list']>): Set<string> {
    const pre = profile.preFilter(st);
    const feasible = nodes.filter((n) => !pre.status && (!pre.nodeNames || pre.nodeNames.has(n.name)) && profile.runFilters(st, pre.filters, n) === null);
    const total = feasible.map(() => 0);
    for (const p of profile.scores) {
      if (p !== taintToleration && p.preScore && !p.preScore(st, feasible)) continue;
      const s = feasible.map((n) => p.score(st, n));
      p.normalize?.(st, s, feasible);
      s.forEach((v, i) => (total[i]! += v * p.weight));
    }
    const max = Math.max(...total);
    return new Set(feasible.filter((_, i) => total[i] === max).map((n) => n.name));
  }

  it('a pod lands on a node the full plugin set scores highest (Skip-ed and constant plugins change nothing)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = seedrandom(`d${seed}`);
      const { cluster, sched } = schedulerCluster({}, seed);
      const n = 4 + Math.floor(r() * 20);
      for (let i = 0; i < n; i++) create(cluster, randomNode(r, i));
      for (let i = 0; i < n; i++) {
        const p = randomPod(r, `p${i}`);
        delete p.metadata.uid;
        create(cluster, p);
        // Before the cycle: what the reference would choose from.
        const stored = cluster.store.get('Pod', 'default', `p${i}`)!;
        const st = new CycleState(newPodInfo(stored), sched.cache, 0, (pi) => (sched as any).defaultSelector(pi));
        const best = referenceBest(sched.profile, st, sched.cache.list());
        settle(cluster);
        const got = cluster.store.get('Pod', 'default', `p${i}`)!.spec.nodeName;
        if (best.size === 0) expect(got).toBeUndefined();
        else {
          expect(best.has(got), `seed ${seed} pod p${i}: ${got} not in ${[...best]}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('pod resources', () => {
  it('the simple-pod path gives the general computation for random containers', () => {
    const r = seedrandom('res');
    const q = (k: string): string => (k === 'cpu' ? ['100m', '1', '2500m'][Math.floor(r() * 3)]! : ['64Mi', '1Gi', '3G'][Math.floor(r() * 3)]!);
    for (let i = 0; i < 300; i++) {
      const containers = [];
      for (let c = 0; c < 1 + Math.floor(r() * 3); c++) {
        const resources: Record<string, Record<string, string>> = {};
        for (const part of ['requests', 'limits']) {
          if (r() < 0.4) continue;
          const l: Record<string, string> = {};
          for (const k of ['cpu', 'memory', 'ephemeral-storage', 'example.com/gpu']) if (r() < 0.5) l[k] = k === 'example.com/gpu' ? '1' : q(k);
          resources[part] = l;
        }
        containers.push({ name: `c${c}`, image: 'x', resources });
      }
      const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers } };
      const got = computePodResources(p);
      const l = podRequestList(p, false);
      const nz = podRequestList(p, true);
      const scalar: Record<string, number> = {};
      for (const k in l) if (isScalarResourceName(k) && l[k]! > 0) scalar[k] = l[k]!;
      expect(got).toEqual({
        milliCPU: l.cpu ?? 0,
        memory: l.memory ?? 0,
        ephemeralStorage: l['ephemeral-storage'] ?? 0,
        scalar: Object.keys(scalar).length ? scalar : undefined,
        nonZeroCPU: nz.cpu ?? 0,
        nonZeroMemory: nz.memory ?? 0,
      });
      // Memoised per containers array.
      expect(computePodResources({ ...p, spec: { ...p.spec } })).toBe(got);
    }
  });
});

describe('scheduling queue events', () => {
  it('moveFor moves exactly the unschedulable pods moveAll would, with the same predicate', () => {
    const r = seedrandom('q');
    const plugins = ['NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'TaintToleration'];
    const order = (q: SchedulingQueue): string[] => {
      const out: string[] = [];
      for (let qp = q.pop(); qp; qp = q.pop()) out.push(qp.key);
      return out;
    };
    const seedA = r.int32();
    const want = ['NodePorts', 'PodTopologySpread'];
    const ra = seedrandom(String(seedA));
    const a = (() => {
      const q = new SchedulingQueue();
      for (let i = 0; i < 40; i++) q.add(pod(`p${i}`, { spec: { priority: i % 3 } }), `default/p${i}`, 0);
      for (let i = 0; i < 40; i++) q.failed(q.pop()!, 0, new Set(plugins.filter(() => ra() < 0.3)), false);
      return q;
    })();
    const rb = seedrandom(String(seedA));
    const b = (() => {
      const q = new SchedulingQueue();
      for (let i = 0; i < 40; i++) q.add(pod(`p${i}`, { spec: { priority: i % 3 } }), `default/p${i}`, 0);
      for (let i = 0; i < 40; i++) q.failed(q.pop()!, 0, new Set(plugins.filter(() => rb() < 0.3)), false);
      return q;
    })();
    const na = a.moveAll(20_000, (qp) => qp.unschedulablePlugins.size === 0 || want.some((p) => qp.unschedulablePlugins.has(p)));
    const nb = b.moveFor(20_000, want, true);
    expect(nb).toBe(na);
    expect(na).toBeGreaterThan(5);
    expect(order(b)).toEqual(order(a));
  });
});

describe('selectHost (1.30)', () => {
  it('draws once per node tied at the top score after the first, never for ties below it', () => {
    const { cluster } = schedulerCluster({}, 5);
    // Tree order n0..n3 (no zones): n0, n1 hold a pod, n2, n3 are empty: totals [a, a, b, b], b > a.
    create(cluster, node('n0'), node('n1'), node('n2'), node('n3'));
    create(cluster, pod('busy-0', { cpu: '2', memory: '4Gi', nodeName: 'n0' }), pod('busy-1', { cpu: '2', memory: '4Gi', nodeName: 'n1' }));
    create(cluster, pod('new', { cpu: '100m', memory: '128Mi' }));
    settle(cluster);
    const got = cluster.store.get('Pod', 'default', 'new')!.spec.nodeName;
    expect(['n2', 'n3']).toContain(got);
    // One draw (the second top node), not two (the tie at a would have drawn too before 1.27).
    const expected = makeRng(5, 'scheduler');
    const first = expected.int(2);
    expect(got).toBe(first === 0 ? 'n3' : 'n2');
    expect(cluster.engine.rng('scheduler').next()).toBe(expected.next());
  });
});
