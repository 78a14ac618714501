import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * The build (tsconfig.build.json -> dist/, what `kscenario` and the benchmarks run) targets
 * ES2017 on purpose: below ES2018, tsc compiles object spread `{ ...o, k: v }` to
 * `Object.assign(Object.assign({}, o), { k: v })`. On Node 20 (V8 11.3), adding a key that the
 * spread source does not have to a spread clone goes through the runtime every time
 * (JSObject::MigrateToMap): about 2-5 µs instead of ~0.1 µs. The model builds every object it
 * writes by copy-on-write spreads, so this one setting made admission about 40x faster
 * (bench/admission.bench.mjs). BigInt values are therefore written as BigInt(n), not `n` literals.
 */
describe('build target', () => {
  const build = JSON.parse(readFileSync(new URL('../tsconfig.build.json', import.meta.url), 'utf8'));
  const base = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8'));

  it('stays below ES2018 so object spread is compiled to Object.assign', () => {
    expect(build.compilerOptions.target).toBe('ES2017');
  });

  it('keeps class fields as assignments in both the build and the tests (one semantics)', () => {
    expect(base.compilerOptions.useDefineForClassFields).toBe(false);
  });

  it('the built admission code has no native object spread left', () => {
    const js = readFileSync(new URL('../dist/src/api/admission/defaults/pod-spec.js', import.meta.url), 'utf8');
    expect(js).not.toMatch(/\{\s*\.\.\./);
    expect(js).toMatch(/Object\.assign/);
  });
});
