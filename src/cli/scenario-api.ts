/**
 * The CLI's view of src/scenario: load a file, run a loaded scenario, and turn the runner's
 * result into what the CLI prints. Kept in one place so the rest of src/cli does not depend
 * on the runner's shapes.
 */
import { formatDuration } from '../api/duration.js';
import { formatTraceLine } from '../engine/engine.js';
import { formatDiagnostic, loadScenario, runScenario, type Diagnostic, type RunResult, type Scenario } from '../scenario/index.js';
import type { Violation } from '../invariants/types.js';
import type { CliResult } from './format-result.js';

export { formatDiagnostic, type Diagnostic };

export interface Loaded {
  diagnostics: Diagnostic[];
  name?: string;
  run?: Scenario;
}

export function loadScenarioFile(file: string, root: string): Loaded {
  const r = loadScenario(file, { root });
  if (r.diagnostics.length > 0 || !r.scenario) return { diagnostics: r.diagnostics };
  return { diagnostics: [], name: r.scenario.metadata.name, run: r.scenario };
}

export type RunOutcome =
  | { kind: 'ok'; result: Pick<CliResult, 'name' | 'verdict' | 'seed' | 'events' | 'virtualTime' | 'traceDigest' | 'failures' | 'violations' | 'timeline' | 'details'> }
  | { kind: 'invalid'; diagnostics: Diagnostic[] }
  | { kind: 'error'; message: string; result: Pick<CliResult, 'events' | 'virtualTime' | 'traceDigest' | 'timeline' | 'seed'> };

/** Run one loaded scenario; `onTraceLine` gets every trace line (formatTraceLine) after the run. */
export function runLoadedScenario(scenario: Scenario, seed: number | undefined, onTraceLine?: (line: string) => void): RunOutcome {
  const opts: { seed?: number; trace?: boolean } = {};
  if (seed !== undefined) opts.seed = seed;
  if (onTraceLine) opts.trace = true;
  const r: RunResult = runScenario(scenario, opts);
  if (onTraceLine && r.trace) for (const e of r.trace) onTraceLine(formatTraceLine(e));
  if (r.diagnostics.length > 0) return { kind: 'invalid', diagnostics: r.diagnostics };
  const common = { events: r.events, virtualTime: r.virtualTime, traceDigest: r.traceDigest, timeline: r.timeline, seed: seed ?? scenario.spec.seed ?? 0 };
  if (r.verdict === 'error') {
    // The runner puts a stack in `error` for internal errors: one line is enough here.
    return { kind: 'error', message: (r.error ?? 'unknown error').split('\n')[0]!, result: common };
  }
  return {
    kind: 'ok',
    result: {
      ...common,
      name: r.name,
      verdict: r.verdict,
      failures: r.failures.map((f) => `FAIL at ${formatDuration(f.time)} in ${f.step}: ${f.message}${f.diff ? `\n${indent(f.diff, '  ')}` : ''}`),
      violations: r.violations.map(formatViolation),
      details: { failures: r.failures, violations: r.violations, diagnostics: [] },
    },
  };
}

function formatViolation(v: Violation): string {
  const lines = [`VIOLATION ${v.invariant}${v.time !== undefined ? ` at ${formatDuration(v.time)}` : ''}: ${v.message}`];
  if (v.objects.length) lines.push(`  objects: ${v.objects.join(', ')}`);
  if (v.numbers && Object.keys(v.numbers).length) {
    lines.push(`  numbers: ${Object.entries(v.numbers).map(([k, n]) => `${k}=${n}`).join(' ')}`);
  }
  return lines.join('\n');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}
