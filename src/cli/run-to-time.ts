import { formatDuration, parseDuration } from '../api/duration.js';
import type { Cluster } from '../cluster/cluster.js';
import { formatDiagnostic, loadScenario, runScenario } from '../scenario/index.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FAIL, EXIT_INTERNAL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';

/** `--at D` as virtual ms, or undefined after printing why it is not a valid time. */
export function parseAt(text: string, io: CliIo): number | undefined {
  let at: number;
  try {
    at = parseDuration(text);
  } catch (e) {
    io.stderr(`kscenario: --at ${text}: ${(e as Error).message} (use Go style: 500ms, 30s, 1m30s, 2h)\n`);
    return undefined;
  }
  if (at < 0) {
    io.stderr(`kscenario: --at ${text}: must not be negative\n`);
    return undefined;
  }
  return at;
}

/**
 * Shared by `--at D --get` and `--at D --describe`: run each scenario up to virtual time `at`
 * (steps after D do not run; when the steps end or fail before D the cluster runs on by itself
 * until D) and hand its cluster to `show` (which prints the `# FILE at D` header when there are
 * several files). Input errors give 2, engine errors 70, a scenario
 * that failed before D gives 1 (and is still shown). `show` returns its own exit code; 2 from
 * it stops at once.
 */
export function atVirtualTime(
  files: readonly { path: string; shown: string }[],
  root: string,
  at: number,
  seed: number | undefined,
  io: CliIo,
  show: (file: { path: string; shown: string }, cluster: Cluster) => number,
): number {
  let code = EXIT_PASS;
  for (const f of files) {
    const loaded = loadScenario(f.path, { root });
    if (loaded.diagnostics.length > 0 || !loaded.scenario) {
      for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      code = Math.max(code, EXIT_INVALID);
      continue;
    }
    const r = runScenario(loaded.scenario, { stopAt: at, ...(seed !== undefined ? { seed } : {}) });
    if (r.diagnostics.length > 0) {
      for (const d of r.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      code = Math.max(code, EXIT_INVALID);
      continue;
    }
    if (r.verdict === 'error') {
      io.stderr(`kscenario: error while running ${f.shown}: ${(r.error ?? 'unknown error').split('\n')[0]}\n`);
      code = Math.max(code, EXIT_INTERNAL);
      continue;
    }
    if (r.verdict === 'fail') {
      const first = r.failures[0];
      const what = first ? `${first.step}: ${first.message}` : (r.violations[0]?.message ?? 'failed');
      io.stderr(`kscenario: ${f.shown} failed at ${formatDuration(r.virtualTime)} (${what}); the cluster runs on without further steps\n`);
      code = Math.max(code, EXIT_FAIL);
    }
    const engine = r.cluster.engine;
    if (engine.now < at) engine.run({ until: at });
    const shown = show(f, r.cluster);
    if (shown === EXIT_INVALID) return EXIT_INVALID;
    code = Math.max(code, shown);
  }
  return code;
}
