import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../../src/cluster/cluster.js';
import type { KubeObject } from '../../src/store/types.js';
import { labelSelectorAsSelector } from '../../src/api/selector.js';
import { toTimestamp } from '../../src/api/time.js';
import { ReplicaSetPodTracker, claimedCounts, claimedPods, podsToDelete } from '../../src/controllers/replicaset-pod-tracker.js';
import { getPodsToDelete } from '../../src/controllers/replicaset-ranking.js';
import { controllerRefOf, isPodActive, isPodAvailable, isPodReady } from '../../src/controllers/replicaset-pod-util.js';
import { RelatedPodCounts, relatedPodsPerNode } from '../../src/controllers/replicaset-related-pods.js';

// The tracker must give exactly what the full "list, filter active, claim" pass gives, or
// refuse (undefined) whenever claiming would adopt or release something.

const NAMESPACES = ['default', 'other'];
const RS_NAMES = ['a', 'b'];

type Op =
  | { op: 'create'; ns: number; name: number; app: number; tier: number; owner: number }
  | { op: 'labels'; ns: number; name: number; app: number; tier: number }
  | { op: 'owner'; ns: number; name: number; owner: number }
  | { op: 'ready'; ns: number; name: number; ready: boolean }
  | { op: 'phase'; ns: number; name: number; phase: string }
  | { op: 'delete'; ns: number; name: number; graceful: boolean }
  | { op: 'time'; ms: number }
  | { op: 'template'; rs: number; tier: number }
  | { op: 'mrs'; rs: number; seconds: number }
  | { op: 'group' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), app: fc.constantFrom(0, 0, 0, 1, 2), tier: fc.nat(2), owner: fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 3, 4) }),
  fc.record({ op: fc.constant('create' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), app: fc.constantFrom(0, 0, 0, 1, 2), tier: fc.nat(2), owner: fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 3, 4) }),
  fc.record({ op: fc.constant('mrs' as const), rs: fc.nat(1), seconds: fc.nat(3) }),
  fc.record({ op: fc.constant('ready' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), ready: fc.constantFrom(true, true, false) }),
  fc.record({ op: fc.constant('create' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), app: fc.constantFrom(0, 0, 0, 1, 2), tier: fc.nat(2), owner: fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 3, 4) }),
  fc.record({ op: fc.constant('labels' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), app: fc.constantFrom(0, 0, 0, 1, 2), tier: fc.nat(2) }),
  fc.record({ op: fc.constant('owner' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), owner: fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 3, 4) }),
  fc.record({ op: fc.constant('ready' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), ready: fc.boolean() }),
  fc.record({ op: fc.constant('phase' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), phase: fc.constantFrom('Running', 'Succeeded', 'Failed', 'Unknown') }),
  fc.record({ op: fc.constant('delete' as const), ns: fc.constantFrom(0, 0, 0, 1), name: fc.nat(7), graceful: fc.boolean() }),
  fc.record({ op: fc.constant('time' as const), ms: fc.constantFrom(1, 500, 1000, 1000, 1000, 2000, 3000) }),
  fc.record({ op: fc.constant('template' as const), rs: fc.nat(1), tier: fc.nat(2) }),
  fc.record({ op: fc.constant('mrs' as const), rs: fc.nat(1), seconds: fc.nat(3) }),
  fc.record({ op: fc.constant('group' as const) }),
);

const APPS = ['web', 'db', undefined];
const TIERS = ['front', 'back', undefined];

function labels(app: number, tier: number): Record<string, string> | undefined {
  const l: Record<string, string> = {};
  if (APPS[app]) l.app = APPS[app]!;
  if (TIERS[tier]) l.tier = TIERS[tier]!;
  return Object.keys(l).length ? l : undefined;
}

/** The full pass: active pods of the namespace, those this RS controls and that match, and whether claiming would adopt or release. */
function bruteForce(c: Cluster, rs: KubeObject): { refuse: boolean; pods: KubeObject[] } {
  const sel = labelSelectorAsSelector(rs.spec.selector);
  const active = c.store.list('Pod', { namespace: rs.metadata.namespace }).filter(isPodActive);
  let refuse = false;
  const pods: KubeObject[] = [];
  for (const p of active) {
    const ref = controllerRefOf(p);
    const match = sel.matches(p.metadata.labels ?? {});
    if (ref?.uid === rs.metadata.uid) {
      if (match) pods.push(p);
      else refuse = true;
    } else if (!ref && match) refuse = true;
  }
  return { refuse, pods };
}

describe('ReplicaSetPodTracker', () => {
  it('equals the full list-and-claim pass after any sequence of pod and ReplicaSet changes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 80 }), (ops) => {
        const c = new Cluster({ seed: 1, components: () => [] });
        c.start();
        const { store, engine } = c;
        store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }, { actor: 't' });
        // A pod that exists before the tracker (seeded as an orphan).
        store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early', namespace: 'default', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, { actor: 't' });
        for (const n of RS_NAMES) {
          store.create(
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              metadata: { name: n, namespace: 'default' },
              spec: { replicas: 1, selector: { matchLabels: n === 'a' ? { app: 'web' } : { app: 'web', tier: 'front' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
            },
            { actor: 't' },
          );
        }
        const tracker = new ReplicaSetPodTracker(store);
        store.watch((e) => tracker.observe(e), ['Pod']);
        const related = new RelatedPodCounts(store);
        store.watch((e) => related.observe(e), ['Pod']);
        let withB = true;
        const rsOf = (i: number) => store.get('ReplicaSet', 'default', RS_NAMES[i]!)!;
        const ownerRefs = (owner: number) => {
          // 0, 1: controller ref to RS a / b; 2: a non-controller ref to RS a; 3: a controller ref to a gone uid; 4: none.
          if (owner <= 1) {
            const rs = rsOf(owner);
            return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }];
          }
          if (owner === 2) return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: rsOf(0).metadata.uid! }];
          if (owner === 3) return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'uid-gone', controller: true }];
          return null;
        };
        for (const o of ops) {
          const ns = 'ns' in o ? NAMESPACES[o.ns]! : 'default';
          const name = 'name' in o ? `p${o.name}` : '';
          const pod = name ? store.get('Pod', ns, name) : undefined;
          switch (o.op) {
            case 'create':
              if (pod) break;
              store.create(
                {
                  apiVersion: 'v1',
                  kind: 'Pod',
                  metadata: { name, namespace: ns, labels: labels(o.app, o.tier), ownerReferences: ownerRefs(o.owner) ?? undefined },
                  spec: { containers: [{ name: 'c', image: 'i' }], nodeName: o.name % 2 ? 'n1' : undefined },
                },
                { actor: 't' },
              );
              break;
            case 'labels':
              if (pod) store.update({ ...pod, metadata: { ...pod.metadata, labels: labels(o.app, o.tier) } }, { actor: 't' });
              break;
            case 'owner':
              if (pod) store.patch('Pod', ns, name, { metadata: { ownerReferences: ownerRefs(o.owner) } }, 'merge', { actor: 't' });
              break;
            case 'ready': {
              if (!pod) break;
              const conditions = [...(pod.status?.conditions ?? []).filter((x: any) => x.type !== 'Ready'), { type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: toTimestamp(engine.now) }];
              store.updateStatus({ ...pod, status: { ...pod.status, conditions } }, { actor: 't' });
              break;
            }
            case 'phase':
              if (pod) store.updateStatus({ ...pod, status: { ...pod.status, phase: o.phase } }, { actor: 't' });
              break;
            case 'delete':
              if (pod) store.delete('Pod', ns, name, { actor: 't', ...(o.graceful ? {} : { gracePeriodSeconds: 0 }) });
              break;
            case 'time':
              engine.run({ until: engine.now + o.ms });
              break;
            case 'group':
              withB = !withB;
              break;
            case 'template': {
              const rs = rsOf(0);
              store.update({ ...rs, spec: { ...rs.spec, template: { ...rs.spec.template, metadata: { labels: { app: 'web', ...(TIERS[o.tier] ? { tier: TIERS[o.tier] } : {}) } } } } }, { actor: 't' });
              break;
            }
            case 'mrs': {
              const rs = rsOf(o.rs);
              store.update({ ...rs, spec: { ...rs.spec, minReadySeconds: o.seconds } }, { actor: 't' });
              break;
            }
          }
          // The per-node count of active pods either RS of the group selects.
          const members = (withB ? [rsOf(0), rsOf(1)] : [rsOf(0)]).map((r) => ({ uid: r.metadata.uid!, namespace: r.metadata.namespace, selector: labelSelectorAsSelector(r.spec.selector) }));
          const signature = members.map((m) => `${m.uid}/${m.selector.toString()}`).join(',');
          const wantRelated = relatedPodsPerNode(store.list('Pod', { namespace: 'default' }).filter((p) => members.some((m) => m.selector.matches(p.metadata.labels ?? {}))));
          expect(new Map([...related.perNode('ctrl', members, signature)].sort())).toEqual(new Map([...wantRelated].sort()));
          for (let i = 0; i < RS_NAMES.length; i++) {
            const rs = rsOf(i);
            const want = bruteForce(c, rs);
            const v = tracker.view(rs, labelSelectorAsSelector(rs.spec.selector));
            if (want.refuse) {
              expect(v).toBeUndefined();
              continue;
            }
            expect(v).toBeDefined();
            const got = claimedPods(v!);
            // Ranked scale-down over the view's kept keys picks what getPodsToDelete picks from the list.
            if (got.length >= 2) {
              const onNode = related.perNode('ctrl', members, signature);
              for (const d of [1, got.length - 1]) expect(podsToDelete(v!, onNode, d, engine.now)).toEqual(getPodsToDelete(got, onNode, d, engine.now));
            }
            expect(got.map((p) => p.metadata.name)).toEqual(want.pods.map((p) => p.metadata.name));
            got.forEach((p, j) => expect(p).toBe(want.pods[j]));
            const mrs = rs.spec.minReadySeconds ?? 0;
            const tl: Record<string, string> = rs.spec.template.metadata.labels;
            expect(claimedCounts(v!, mrs, engine.now)).toEqual({
              replicas: want.pods.length,
              fullyLabeled: want.pods.filter((p) => Object.keys(tl).every((k) => p.metadata.labels?.[k] === tl[k])).length,
              ready: want.pods.filter(isPodReady).length,
              available: want.pods.filter((p) => isPodAvailable(p, mrs, engine.now)).length,
            });
          }
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('counts a pod available only once Ready time + minReadySeconds is strictly before now', () => {
    const c = new Cluster({ seed: 1, components: () => [] });
    c.start();
    const { store, engine } = c;
    const rs = store.create(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'a', namespace: 'default' },
        spec: { replicas: 2, minReadySeconds: 5, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
      },
      { actor: 't' },
    );
    const tracker = new ReplicaSetPodTracker(store);
    store.watch((e) => tracker.observe(e), ['Pod']);
    const ref = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    for (const [name, readyAt] of [['p1', '2024-04-17T00:00:02Z'], ['p2', '2024-04-17T00:00:03Z']] as const) {
      const p = store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' }, ownerReferences: ref }, spec: { containers: [{ name: 'c', image: 'i' }] } }, { actor: 't' });
      store.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readyAt }] } }, { actor: 't' });
    }
    const sel = labelSelectorAsSelector(rs.spec.selector);
    const v = tracker.view(rs, sel)!;
    expect(claimedCounts(v, 5, 7000)).toEqual({ replicas: 2, fullyLabeled: 2, ready: 2, available: 0 });
    expect(claimedCounts(v, 5, 7001)).toEqual({ replicas: 2, fullyLabeled: 2, ready: 2, available: 1 });
    expect(claimedCounts(v, 5, 8000)).toEqual({ replicas: 2, fullyLabeled: 2, ready: 2, available: 1 });
    expect(claimedCounts(v, 5, 8001)).toEqual({ replicas: 2, fullyLabeled: 2, ready: 2, available: 2 });
    expect(claimedCounts(v, 0, 0)).toEqual({ replicas: 2, fullyLabeled: 2, ready: 2, available: 2 });
    expect(engine.now).toBe(0);
  });
});
