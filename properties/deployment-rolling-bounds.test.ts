import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFenceposts } from '../src/api/fenceposts.js';
import { deploymentSurgeBound } from '../src/invariants/deployment-surge-bound.js';
import { deploymentAvailabilityFloor } from '../src/invariants/deployment-availability-floor.js';
import { deployment, pods, runFor, setImage, watchInvariants, workloadCluster } from '../test/controllers/replicaset-fake-kubelet.js';

// SC-16's property: for any replicas, maxSurge/maxUnavailable (ints or percentages, surge
// rounding up, unavailable down, both 0 → unavailable 1) and any readiness delays (some pods
// never ready), a rolling update without involuntary disruption keeps, at every event,
// Σ spec ≤ R + S, the new RS ≤ R, ready non-terminating pods ≥ R − U and non-terminating
// pods ≤ R + S, and both deployment invariants report nothing.
const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

describe('rolling update bounds (property)', () => {
  it('hold at every event for random strategies and readiness delays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (R, maxSurge, maxUnavailable, neverReadyOneIn, stopSeconds, salt) => {
          const zero = (v: number | string) => v === 0 || v === '0%';
          fc.pre(!(zero(maxSurge) && zero(maxUnavailable)));
          const [S, U0] = resolveFenceposts(maxSurge, maxUnavailable, R);
          const U = Math.min(U0, R);
          const c = workloadCluster({
            stopDelay: stopSeconds * 1000,
            readyDelay: (p) => {
              const h = hash(`${salt}/${p.metadata.name}`);
              if (p.spec.containers[0].image === 'web:v2' && neverReadyOneIn > 0 && h % (neverReadyOneIn + 3) === 0) return undefined;
              return (h % 8) * 1000;
            },
          });
          const violations = watchInvariants(c, [deploymentSurgeBound, deploymentAvailabilityFloor]);
          c.store.create(deployment('web', R, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }), { actor: 'scenario' });
          runFor(c, 20_000);
          const broken: string[] = [];
          c.engine.afterEachEvent(() => {
            const rss = c.store.list('ReplicaSet', { namespace: 'default' });
            const sum = rss.reduce((s, rs) => s + rs.spec.replicas, 0);
            const newRS = rss.find((rs) => rs.spec.template.spec.containers[0].image === 'web:v2');
            const live = pods(c, 'app=web').filter((p) => !p.metadata.deletionTimestamp);
            const ready = live.filter((p) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')).length;
            if (sum > R + S) broken.push(`t=${c.engine.now} Σspec ${sum} > ${R}+${S}`);
            if (newRS && newRS.spec.replicas > R) broken.push(`t=${c.engine.now} new RS ${newRS.spec.replicas} > ${R}`);
            if (ready < R - U) broken.push(`t=${c.engine.now} ready ${ready} < ${R}-${U}`);
            if (live.length > R + S) broken.push(`t=${c.engine.now} pods ${live.length} > ${R}+${S}`);
          });
          setImage(c, 'web', 'web:v2');
          runFor(c, 120_000);
          expect(broken.slice(0, 3)).toEqual([]);
          expect(violations).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 20240417 },
    );
  });
});
