import { formatDuration, parseDuration } from '../api/duration.js';
import { describeObject } from '../printers/describe/index.js';
import { formatDiagnostic, loadScenario, runScenario } from '../scenario/index.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FAIL, EXIT_INTERNAL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';

/** What `kscenario run FILE --at D --describe KIND/NAME [-n NS]` was asked for. */
export interface DescribeAtOptions {
  at: string;
  describe: string;
  namespace?: string;
  seed?: number;
}

/**
 * `kscenario run FILE.. --at D --describe KIND/NAME [-n NS]`: run each scenario up to virtual
 * time D (as --get does) and print what `kubectl describe KIND NAME` shows then. Exit 0 when
 * printed, 1 when the scenario failed before D (the description is still printed) or the
 * object does not exist, 2 for invalid input, 70 for an engine error.
 */
export function runDescribeAt(files: readonly { path: string; shown: string }[], root: string, opts: DescribeAtOptions, io: CliIo): number {
  let at: number;
  try {
    at = parseDuration(opts.at);
  } catch (e) {
    io.stderr(`kscenario: --at ${opts.at}: ${(e as Error).message} (use Go style: 500ms, 30s, 1m30s, 2h)\n`);
    return EXIT_INVALID;
  }
  const slash = opts.describe.indexOf('/');
  if (at < 0 || slash <= 0 || slash === opts.describe.length - 1) {
    io.stderr(at < 0 ? `kscenario: --at ${opts.at}: must not be negative\n` : `kscenario: --describe ${opts.describe}: use KIND/NAME (deploy/web, pod/web-0, node/node-a)\n`);
    return EXIT_INVALID;
  }
  const kind = opts.describe.slice(0, slash);
  const name = opts.describe.slice(slash + 1);
  let code = EXIT_PASS;
  for (const f of files) {
    const loaded = loadScenario(f.path, { root });
    if (loaded.diagnostics.length > 0 || !loaded.scenario) {
      for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      code = Math.max(code, EXIT_INVALID);
      continue;
    }
    const r = runScenario(loaded.scenario, { stopAt: at, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
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
    if (files.length > 1) io.stdout(`# ${f.shown} at ${formatDuration(at)}\n`);
    const out = describeObject(r.cluster.store, kind, opts.namespace, name, engine.now);
    if (out.ok) io.stdout(out.text);
    else if (out.text.startsWith('Error from server')) {
      io.stderr(`${out.text}\n`);
      code = Math.max(code, EXIT_FAIL);
    } else {
      io.stderr(`${out.text}\n`);
      return EXIT_INVALID;
    }
  }
  return code;
}
