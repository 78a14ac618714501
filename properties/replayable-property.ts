import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadScenarioText, runScenario, writeScenarioYaml, type RunResult, type Scenario } from '../src/scenario/index.js';

const SCHEMA = join(import.meta.dirname, '..', 'generated', 'scenario.schema.json');

/** Inapplicable run: a fault step found a pod it cannot act on (not running, no kubelet yet); fast-check discards it. */
export class Inapplicable extends Error {}

/**
 * The scenario as a replayed file would run it: written with writeScenarioYaml, loaded with
 * loadScenarioText (so positions, validation and manifests are the loader's), then run.
 */
export function runAsFile(s: Scenario): { yaml: string; result: RunResult } {
  const yaml = writeScenarioYaml(s, { schemaPath: SCHEMA });
  const loaded = loadScenarioText(yaml, 'generated.yaml');
  if (!loaded.scenario) throw new Error(`generated scenario does not load:\n${loaded.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')}\n${yaml}`);
  return { yaml, result: runScenario(loaded.scenario) };
}

/** Verdict text of a run: failures with their step, violations, errors. */
export function describeRun(r: RunResult): string {
  return [
    ...r.failures.map((f) => `${f.step} (line ${f.at?.line ?? '?'}): ${f.message}${f.diff ? `\n${f.diff}` : ''}`),
    ...r.violations.map((v) => `violation ${v.invariant} at ${v.time}ms: ${v.message}`),
    ...r.diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`),
    ...(r.error ? [r.error] : []),
  ].join('\n');
}

export interface ReplayableOptions {
  seed: number;
  numRuns: number;
  /** Counts how runs ended (for the report line). */
  stats?: Record<string, number>;
}

/**
 * fc.check of a property over scenarios; on failure the shrunk counterexample is written as
 * scenario YAML to a fresh temp dir and the thrown error names that file, the seed and the
 * path (`fc.assert(prop, {seed, path})` replays the same shrink).
 */
export function assertReplayable(arb: fc.Arbitrary<Scenario>, check: (s: Scenario) => void, opts: ReplayableOptions): void {
  const prop = fc.property(arb, (s) => {
    try {
      check(s);
    } catch (e) {
      if (e instanceof Inapplicable) {
        if (opts.stats) opts.stats[`discarded: ${e.message}`] = (opts.stats[`discarded: ${e.message}`] ?? 0) + 1;
        fc.pre(false);
      }
      throw e;
    }
  });
  const details = fc.check(prop, { seed: opts.seed, numRuns: opts.numRuns, maxSkipsPerRun: 2 });
  if (!details.failed) return;
  const dir = mkdtempSync(join(tmpdir(), 'kscenario-property-'));
  const file = join(dir, 'counterexample.yaml');
  const s = details.counterexample?.[0];
  if (s) writeFileSync(file, `# fast-check seed ${details.seed}, path "${details.counterexamplePath}", ${details.numShrinks} shrinks\n${writeScenarioYaml(s, { schemaPath: SCHEMA })}`);
  const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}", ${details.numShrinks} shrinks)` +
      (s ? `\nshrunk counterexample written to ${file}\nreplay: node dist/src/cli/main.js run ${file}` : '\nno counterexample (too many discarded runs?)') +
      `\n${err}`,
  );
}
