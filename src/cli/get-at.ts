import { formatDuration } from '../api/duration.js';
import { getTables } from '../printers/get-table.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FAIL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';
import { atVirtualTime, parseAt } from './run-to-time.js';

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
  const at = parseAt(opts.at, io);
  if (at === undefined) return EXIT_INVALID;
  if (opts.output !== undefined && opts.output !== 'wide') {
    io.stderr(`kscenario: --output ${opts.output}: only "wide" is supported\n`);
    return EXIT_INVALID;
  }
  return atVirtualTime(files, root, at, opts.seed, io, (f, cluster) => {
    // `--get svc/kube-dns` is `kubectl get svc kube-dns`.
    const slash = opts.get.indexOf('/');
    const named = slash > 0 ? { kind: opts.get.slice(0, slash), name: opts.get.slice(slash + 1) } : { kind: opts.get };
    const req = { ...named, wide: opts.output === 'wide', allNamespaces: Boolean(opts.allNamespaces), ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(opts.selector ? { selector: opts.selector } : {}) };
    let out;
    try {
      out = getTables(cluster.store, req, cluster.engine.now);
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
      return EXIT_FAIL;
    } else io.stdout(out.text);
    return EXIT_PASS;
  });
}
