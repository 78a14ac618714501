import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crashingImage,
  deploymentAction,
  deploymentActions,
  deploymentParams,
  deploymentScenario,
  deploymentStrategy,
  healthyImage,
  imageBehaviour,
  intOrPercent,
  invalidStrategy,
  isZero,
  neverReadyImage,
  rejectedDeploymentScenario,
  replicaCount,
  smallCluster,
  waitSeconds,
} from '../../src/generate/index.js';
import { loadScenarioText, writeScenarioYaml } from '../../src/scenario/index.js';

const ARBITRARIES: Record<string, () => fc.Arbitrary<unknown>> = {
  intOrPercent,
  deploymentStrategy,
  invalidStrategy,
  healthyImage,
  neverReadyImage,
  crashingImage,
  imageBehaviour,
  smallCluster,
  replicaCount,
  deploymentParams,
  waitSeconds,
  deploymentAction,
  deploymentActions,
  deploymentScenario,
  rejectedDeploymentScenario,
};

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('src/generate arbitraries (shared conformance)', () => {
  for (const [name, make] of Object.entries(ARBITRARIES)) {
    it(`${name}: the same seed gives the same values, another seed other values`, () => {
      const a = fc.sample(make(), { seed: 42, numRuns: 30 });
      const b = fc.sample(make(), { seed: 42, numRuns: 30 });
      const c = fc.sample(make(), { seed: 43, numRuns: 30 });
      expect(plain(b)).toEqual(plain(a));
      expect(plain(c)).not.toEqual(plain(a));
    });
  }

  it('generated scenarios round-trip writer → loader → the same document, with no diagnostics', () => {
    fc.assert(
      fc.property(fc.oneof(deploymentScenario(), rejectedDeploymentScenario()), (s) => {
        const loaded = loadScenarioText(writeScenarioYaml(s), 'generated.yaml');
        expect(loaded.diagnostics).toEqual([]);
        expect(plain(loaded.scenario)).toEqual(plain(s));
        expect(s).not.toHaveProperty('source');
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('strategies are never both zero as given; invalid ones always are', () => {
    for (const st of fc.sample(deploymentStrategy(), { seed: 1, numRuns: 300 })) {
      if (st.type === 'RollingUpdate' && st.rollingUpdate) expect(isZero(st.rollingUpdate.maxSurge ?? '25%') && isZero(st.rollingUpdate.maxUnavailable ?? '25%')).toBe(false);
    }
    for (const st of fc.sample(invalidStrategy(), { seed: 1, numRuns: 20 })) {
      expect(st.type === 'RollingUpdate' && isZero(st.rollingUpdate!.maxSurge) && isZero(st.rollingUpdate!.maxUnavailable)).toBe(true);
    }
  });

  it('every generated scenario ends with the faults stopped, a healthy image and a bounded convergence wait', () => {
    for (const s of fc.sample(deploymentScenario(), { seed: 3, numRuns: 200 })) {
      const steps = s.spec.steps;
      const i = steps.findIndex((x) => x.name === 'last image change (healthy)');
      expect(i).toBeGreaterThan(0);
      const change = steps[i]!;
      const image = change.apply ? (change.apply as any).spec.template.spec.containers[0].image : (change.patch!.patch as any).spec.template.spec.containers[0].image;
      const b = s.spec.images![image]!;
      expect(b.exit).toBeUndefined();
      expect(b.readyAfter === undefined || b.readyAfter !== '1000h').toBe(true);
      // Nothing after it but the settle wait, the convergence waitFor and the hold.
      expect(steps.slice(i + 1).map((x) => Object.keys(x).filter((k) => k !== 'name')[0])).toEqual(['wait', 'waitFor', 'hold']);
      expect(steps[i + 2]!.name).toMatch(/^converges within \d+s$/);
      // Every node killed is restarted before that.
      const dead = new Set<string>();
      for (const x of steps.slice(0, i)) {
        if (x.killNode) dead.add(x.killNode);
        if (x.restartNode) dead.delete(x.restartNode);
      }
      expect([...dead]).toEqual([]);
    }
  });

  it('covers every kind of step the brief names', () => {
    const seen = new Set<string>();
    for (const s of fc.sample(deploymentScenario(), { seed: 5, numRuns: 300 })) {
      for (const x of s.spec.steps) {
        const k = Object.keys(x).filter((y) => y !== 'name')[0]!;
        seen.add(k === 'rollout' ? `rollout.${Object.keys(x.rollout!).filter((y) => y !== 'toRevision')[0]}${x.rollout!.toRevision !== undefined ? '+toRevision' : ''}` : k);
      }
    }
    expect([...seen].sort()).toEqual(
      ['apply', 'crash', 'delete', 'failProbe', 'healProbe', 'hold', 'killNode', 'patch', 'restartNode', 'rollout.pause', 'rollout.restart', 'rollout.resume', 'rollout.undo', 'rollout.undo+toRevision', 'scale', 'wait', 'waitFor'].sort(),
    );
  });
});
