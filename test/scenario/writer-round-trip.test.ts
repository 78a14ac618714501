import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenarioText } from '../../src/scenario/loader.js';
import { writeScenarioYaml } from '../../src/scenario/writer.js';
import type { Scenario } from '../../src/scenario/types.js';

// Strings YAML 1.1 and 1.2 read differently, or not as strings at all.
const tricky = fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', 'NO', 'true', 'null', '~', '0644', '0x1F', '1_000', '1:30', '.inf', '2024-04-17T00:00:00Z', '3', '1e3', '', ' a', 'a: b', '- x', '#c', '"q"', "'", '*a', '&a', '!t', '%', '@', '`');
const text = fc.oneof(tricky, fc.string({ maxLength: 8 }));
const key = fc.oneof(fc.constantFrom('on', 'no', 'y', 'a.b_c', '1', 'true', 'NO', '0644'), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/));
const duration = fc.constantFrom('0s', '500ms', '30s', '1m30s', '2h');
const step = fc.oneof(
  duration.map((d) => ({ wait: d })),
  fc.dictionary(key, text, { maxKeys: 4 }).map((data) => ({ apply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { app: 'web' } }, data } })),
  fc.nat(5).map((n) => ({ expect: [{ count: { kind: 'ConfigMap', selector: 'app=web' }, equals: n }] })),
  text.map((v) => ({ name: v, expect: [{ field: { target: 'cm/cfg', path: 'data["on"]' }, equals: v }] })),
  duration.map((d) => ({ hold: { for: d, always: [{ object: 'cm/cfg' }], never: [{ absent: 'ns/default' }] } })),
);

describe('writeScenarioYaml', () => {
  it('loads back to the same document, including strings YAML 1.1 and 1.2 read differently', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), fc.nat(100), (steps, seed) => {
        const s = { apiVersion: 'kscenario.dev/v1alpha1', kind: 'Scenario', metadata: { name: 'rt' }, spec: { seed, steps } } as Scenario;
        const r = loadScenarioText(writeScenarioYaml(s), 'rt.yaml', {});
        expect(r.diagnostics).toEqual([]);
        expect(JSON.parse(JSON.stringify(r.scenario))).toEqual(JSON.parse(JSON.stringify(s)));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
