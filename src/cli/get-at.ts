import { formatDuration, parseDuration } from '../api/duration.js';
import { getTables } from '../printers/get-table.js';
import { formatDiagnostic, loadScenario, runScenario } from '../scenario/index.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FAIL, EXIT_INTERNAL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';

/** What `kscenario run FILE --at D --get KIND` was asked for (printer helper). */
export interface GetAtOptions {
  at: string;
  get: string;
  output?: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  seed?: number;
}

/**
 * `kscenario run FILE.. --at D --get KIND [-o wide] [-n NS | -A] [-l SEL]`: run each scenario up
 * to virtual time D and print what `kubectl get KIND` shows then. Steps scheduled after D do
 * not run; when the steps end (or fail) before D the cluster keeps running on its own until D.
 * Exit 0 when printed, 1 when the scenario failed before D (the table is still printed) or
 * the named object does not exist,
 * 2 for invalid input, 70 for an engine error.
 */
export function runGetAt(files: readonly { path: string; shown: string }[], root: string, opts: GetAtOptions, io: CliIo): number {
  let at: number;
  try {
    at = parseDuration(opts.at);
  } catch (e) {
    io.stderr(`kscenario: --at ${opts.at}: ${(e as Error).message} (use Go style: 500ms, 30s, 1m30s, 2h)\n`);
    return EXIT_INVALID;
  }
  if (at < 0) {
    io.stderr(`kscenario: --at ${opts.at}: must not be negative\n`);
    return EXIT_INVALID;
  }
  if (opts.output !== undefined && opts.output !== 'wide') {
    io.stderr(`kscenario: --output ${opts.output}: only "wide" is supported\n`);
    return EXIT_INVALID;
  }
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
    // `--get svc/kube-dns` is `kubectl get svc kube-dns`.
    const slash = opts.get.indexOf('/');
    const named = slash > 0 ? { kind: opts.get.slice(0, slash), name: opts.get.slice(slash + 1) } : { kind: opts.get };
    const req = { ...named, wide: opts.output === 'wide', allNamespaces: Boolean(opts.allNamespaces), ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(opts.selector ? { selector: opts.selector } : {}) };
    let out;
    try {
      out = getTables(r.cluster.store, req, engine.now);
    } catch (e) {
      io.stderr(`kscenario: --selector ${opts.selector}: ${(e as Error).message}\n`);
      return EXIT_INVALID;
    }
    if (files.length > 1) io.stdout(`# ${f.shown} at ${formatDuration(at)}\n`);
    if (!out.ok) {
      io.stderr(`${out.text}\n`);
      return EXIT_INVALID;
    }
    // kubectl writes "No resources found" to stderr and nothing to stdout.
    if (out.table === undefined && out.text.startsWith('No resources found')) io.stderr(out.text);
    else if (out.table === undefined && out.text.startsWith('Error from server')) {
      // kubectl get of a missing object: the error on stderr, exit 1.
      io.stderr(out.text);
      code = Math.max(code, EXIT_FAIL);
    } else io.stdout(out.text);
  }
  return code;
}
