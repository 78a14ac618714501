import { formatDuration } from '../api/duration.js';
import type { Paint } from './colour.js';

/** What the CLI prints for one scenario, whatever the outcome. */
export interface CliResult {
  file: string;
  name?: string;
  /** error: an internal error while running (exit 70). */
  verdict: 'pass' | 'fail' | 'invalid' | 'error';
  seed?: number;
  events?: number;
  /** Virtual ms at the end of the run. */
  virtualTime?: number;
  traceDigest?: string;
  /** Printable text (one entry per failure, violation, diagnostic line). */
  failures: string[];
  violations: string[];
  diagnostics: string[];
  timeline: string[];
  /** The same, as structured values for --json. */
  details: {
    failures: ReadonlyArray<{ step: string; message: string; diff?: string; time: number }>;
    violations: ReadonlyArray<{ invariant: string; time?: number; message: string; objects: string[]; numbers?: Record<string, number> }>;
    diagnostics: ReadonlyArray<{ code: string; file: string; line: number; col: number; message: string; path: string }>;
    error?: string;
  };
}

/** `PASS scenarios/store/finalizers.yaml (12 events, 1m30s virtual)`. */
export function verdictLine(r: CliResult, paint: Paint): string {
  if (r.verdict === 'invalid') {
    const n = r.diagnostics.length;
    return `${paint.yellow('INVALID')} ${r.file} (${n} ${n === 1 ? 'problem' : 'problems'})`;
  }
  const word = r.verdict === 'pass' ? paint.green('PASS') : r.verdict === 'fail' ? paint.red('FAIL') : paint.red('ERROR');
  const events = r.events ?? 0;
  return `${word} ${r.file} (${events} ${events === 1 ? 'event' : 'events'}, ${formatDuration(r.virtualTime ?? 0)} virtual)`;
}

/** `3 scenarios: 2 passed, 1 failed, 0 invalid`. */
export function summaryLine(results: readonly CliResult[], paint: Paint): string {
  const n = results.length;
  const passed = results.filter((r) => r.verdict === 'pass').length;
  const failed = results.filter((r) => r.verdict === 'fail').length;
  const invalid = results.filter((r) => r.verdict === 'invalid').length;
  const errors = results.filter((r) => r.verdict === 'error').length;
  const parts = [
    passed > 0 ? paint.green(`${passed} passed`) : `${passed} passed`,
    failed > 0 ? paint.red(`${failed} failed`) : `${failed} failed`,
    invalid > 0 ? paint.yellow(`${invalid} invalid`) : `${invalid} invalid`,
  ];
  if (errors > 0) parts.push(paint.red(`${errors} ${errors === 1 ? 'error' : 'errors'}`));
  return `${n} ${n === 1 ? 'scenario' : 'scenarios'}: ${parts.join(', ')}`;
}
