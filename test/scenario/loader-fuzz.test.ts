import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenarioText } from '../../src/scenario/loader.js';

const VALID = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata:
  name: fuzz
spec:
  cluster:
    nodes: [{name: a, capacity: {cpu: "2"}}, {name: w, count: 2}]
  images: {nginx: {pull: 1s}}
  steps:
    - apply: m.yaml
    - apply: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: nginx}]}}
    - waitFor: {pod: p, condition: Ready, timeout: 1m}
    - delete: {kind: pod, selector: app=web}
    - expect: [{count: {kind: Pod}, equals: 1}, {field: {target: pod/p, path: "status.conditions[type=Ready].status"}, equals: "True"}]
    - hold: {for: 1m, always: [{object: pod/p}]}
  invariants: {except: [scheduler-fit]}
`;
const files: Record<string, string> = { 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\n---\napiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80}]}}]\n' };

describe('the loader never throws and always positions its diagnostics', () => {
  it('the base text is valid', () => {
    expect(loadScenarioText(VALID, 'f.yaml', { readFile: (p) => files[p] }).diagnostics).toEqual([]);
  });
  it('survives random edits of a valid scenario', () => {
    const edit = fc.tuple(fc.nat(VALID.length), fc.nat(8), fc.string({ maxLength: 6, unit: fc.constantFrom(' ', '\t', ':', '-', '[', ']', '{', '}', ',', '&a', '*a', '"', "'", '\n', 'x', '0', '#', '!', '|', '>', '%', '/') }));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = VALID;
        for (const [at, del, ins] of edits) text = text.slice(0, at % (text.length + 1)) + ins + text.slice((at % (text.length + 1)) + del);
        const r = loadScenarioText(text, 'f.yaml', { readFile: (p) => files[p] });
        for (const d of r.diagnostics) {
          expect(typeof d.code).toBe('string');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.col).toBeGreaterThanOrEqual(1);
        }
        expect(r.scenario === undefined).toBe(r.diagnostics.length > 0);
      }),
      { numRuns: 400, seed: 42 },
    );
  });
  it('survives arbitrary JSON values as documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const doc = { apiVersion: 'kscenario.dev/v1alpha1', kind: 'Scenario', metadata: { name: 'x' }, spec: { steps: [v], cluster: v, images: v, invariants: v } };
        const r = loadScenarioText(JSON.stringify(doc), 'f.json', {});
        expect(r.scenario === undefined).toBe(r.diagnostics.length > 0);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
