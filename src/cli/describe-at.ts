import { formatDuration } from '../api/duration.js';
import { describeObject } from '../printers/describe/index.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FAIL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';
import { atVirtualTime, parseAt } from './run-to-time.js';

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
  const slash = opts.describe.indexOf('/');
  const at = parseAt(opts.at, io);
  if (at === undefined) return EXIT_INVALID;
  if (slash <= 0 || slash === opts.describe.length - 1) {
    io.stderr(`kscenario: --describe ${opts.describe}: use KIND/NAME (deploy/web, pod/web-0, node/node-a)\n`);
    return EXIT_INVALID;
  }
  const kind = opts.describe.slice(0, slash);
  const name = opts.describe.slice(slash + 1);
  return atVirtualTime(files, root, at, opts.seed, io, (f, cluster) => {
    if (files.length > 1) io.stdout(`# ${f.shown} at ${formatDuration(at)}\n`);
    const out = describeObject(cluster.store, kind, opts.namespace, name, cluster.engine.now);
    if (out.ok) {
      io.stdout(out.text);
      return EXIT_PASS;
    }
    io.stderr(`${out.text}\n`);
    return out.text.startsWith('Error from server') ? EXIT_FAIL : EXIT_INVALID;
  });
}
