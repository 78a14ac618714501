import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../src/cluster/cluster.js';
import { GarbageCollector } from '../src/controllers/garbage-collector.js';
import { StatefulSetController } from '../src/controllers/statefulset.js';
import { statefulSetOrdinality } from '../src/invariants/statefulset-ordinality.js';
import type { Violation } from '../src/invariants/types.js';
import { ApiError, type KubeObject } from '../src/store/types.js';
import { FakeKubelet } from '../test/controllers/replicaset-fake-kubelet.js';

// Random StatefulSet histories: a set (OrderedReady or Parallel, RollingUpdate with a partition
// or OnDelete, a start ordinal, with or without a volumeClaimTemplate and any retention policy)
// under scaling, template and partition edits, graceful and forced pod deletions, pods failing
// (phase Failed) or losing readiness, and waits. A stand-in kubelet makes pods Running and
// Ready after a delay and removes terminating pods after another. statefulset-ordinality must
// never fire, and no two pod objects ever share an identity.
const SEED = Number(process.env.KSCENARIO_PROPERTY_SEED ?? 20240417);
const RUNS = Number(process.env.KSCENARIO_PROPERTY_RUNS ?? 100);

type Action =
  | { t: 'scale'; n: number }
  | { t: 'image'; v: number }
  | { t: 'partition'; p: number }
  | { t: 'delete'; i: number; force: boolean }
  | { t: 'fail'; i: number }
  | { t: 'unready'; i: number }
  | { t: 'wait'; ms: number };
const ord = fc.integer({ min: 0, max: 6 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant('scale' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ t: fc.constant('image' as const), v: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('partition' as const), p: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ t: fc.constant('delete' as const), i: ord, force: fc.boolean() }),
  fc.record({ t: fc.constant('fail' as const), i: ord }),
  fc.record({ t: fc.constant('unready' as const), i: ord }),
  fc.record({ t: fc.constant('wait' as const), ms: fc.constantFrom(0, 500, 2000, 5000, 20000) }),
);
const setup = fc.record({
  parallel: fc.boolean(),
  onDelete: fc.boolean(),
  start: fc.constantFrom(0, 0, 3),
  claims: fc.boolean(),
  whenScaled: fc.constantFrom('Retain', 'Delete'),
  whenDeleted: fc.constantFrom('Retain', 'Delete'),
  replicas: fc.integer({ min: 0, max: 4 }),
  readyMs: fc.constantFrom(0, 1000, 3000),
  stopMs: fc.constantFrom(0, 2000, 10000),
});

function apply(c: Cluster, a: Action, start: number): void {
  const s = c.store;
  const name = (i: number) => `web-${start + i}`;
  try {
    switch (a.t) {
      case 'scale':
        s.patch('StatefulSet', 'default', 'web', { spec: { replicas: a.n } }, 'merge');
        break;
      case 'image':
        s.patch('StatefulSet', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: `web:v${a.v}` }] } } } }, 'strategic');
        break;
      case 'partition': {
        const set = s.get('StatefulSet', 'default', 'web')!;
        if (set.spec.updateStrategy.type === 'RollingUpdate') s.patch('StatefulSet', 'default', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: a.p } } } }, 'merge');
        break;
      }
      case 'delete':
        s.delete('Pod', 'default', name(a.i), a.force ? { gracePeriodSeconds: 0 } : {});
        break;
      case 'fail': {
        const p = s.get('Pod', 'default', name(a.i));
        if (p && !p.metadata.deletionTimestamp) s.updateStatus({ ...p, status: { ...p.status, phase: 'Failed', conditions: [{ type: 'Ready', status: 'False' }] } } as KubeObject);
        break;
      }
      case 'unready': {
        const p = s.get('Pod', 'default', name(a.i));
        if (p) s.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } } as KubeObject);
        break;
      }
      case 'wait':
        c.engine.run({ until: c.engine.now + a.ms });
        break;
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
}

describe('statefulset-ordinality (property)', () => {
  it('no history of scaling, updates, deletions and failures violates it', () => {
    fc.assert(
      fc.property(setup, fc.array(action, { minLength: 1, maxLength: 25 }), (o, actions) => {
        const c = new Cluster({ components: () => [new GarbageCollector(), new StatefulSetController(), new FakeKubelet({ readyDelay: () => o.readyMs, stopDelay: o.stopMs })] });
        const violations: Violation[] = [];
        statefulSetOrdinality().start(c, (v) => violations.push(v));
        c.start();
        const spec: Record<string, unknown> = {
          replicas: o.replicas,
          serviceName: 'web',
          podManagementPolicy: o.parallel ? 'Parallel' : 'OrderedReady',
          updateStrategy: o.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          ordinals: { start: o.start },
          persistentVolumeClaimRetentionPolicy: { whenScaled: o.whenScaled, whenDeleted: o.whenDeleted },
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'web:v1' }] } },
        };
        if (o.claims) spec.volumeClaimTemplates = [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
        c.store.create({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec });
        for (const a of actions) {
          apply(c, a, o.start);
          c.engine.run({ until: c.engine.now });
        }
        c.engine.run({ until: c.engine.now + 60_000 });
        expect(violations.map((v) => v.message)).toEqual([]);
        // Settled: every ordinal in range exists once, nothing outside it. (A pod made unready
        // stays unready here, and OrderedReady then rightly stops everything, failed pods included.)
        if (actions.some((a) => a.t === 'unready')) return;
        const set = c.store.get('StatefulSet', 'default', 'web')!;
        const live = c.store.list('Pod', { namespace: 'default' }).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed').map((p) => p.metadata.name);
        const want = Array.from({ length: set.spec.replicas }, (_, i) => `web-${o.start + i}`).sort();
        expect(live).toEqual(want);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
