import type { DrainStep } from '../../../generated/scenario.js';
import { formatDuration } from '../../api/duration.js';
import type { StepHandler } from './types.js';
import { durationMs } from '../value-checks.js';
import { setUnschedulable } from './cordon.js';
import { KubectlDrain } from './kubectl-drain.js';

/** How long a step waits for a drain without `timeout` (kubectl would wait forever). */
export const DRAIN_STEP_LIMIT_MS = 60 * 60_000;

/**
 * `drain: {node, gracePeriodSeconds, timeout, force, wait}`: kubectl drain NODE
 * --ignore-daemonsets --delete-emptydir-data (cmd/drain/drain.go RunDrain): cordon, then
 * evict through the eviction API with 5s retries while PodDisruptionBudgets refuse (see
 * kubectl-drain.ts). By default the step waits until the drain ends: `node/NAME drained`, or
 * a failure (kubectl's error, exit 1); a drain without `timeout` that is still running after
 * 1h of virtual time is stopped and fails the step. `wait: false` runs it in the background
 * (`kubectl drain NODE &`): the next steps run while it evicts; its output goes to the
 * timeline and a failure is only logged.
 */
export const drain: StepHandler = (arg: DrainStep, rt) => {
  const engine = rt.cluster.engine;
  setUnschedulable(arg.node, true, rt);
  const opts: ConstructorParameters<typeof KubectlDrain>[2] = { node: arg.node };
  if (arg.gracePeriodSeconds !== undefined) opts.gracePeriodSeconds = arg.gracePeriodSeconds;
  if (arg.timeout !== undefined) opts.timeoutMs = durationMs(arg.timeout);
  if (arg.force) opts.force = true;
  const run = new KubectlDrain(engine, rt.cluster.store, opts, { out: (l) => rt.log(l), err: (l) => rt.log(l) });
  run.start();
  if (arg.wait === false) return;
  const limit = opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs + 10_000 : DRAIN_STEP_LIMIT_MS;
  if (!rt.advanceUntil(() => run.finished, engine.now + limit)) {
    const pending = run.pending();
    run.cancel();
    rt.fail(`drain of node/${arg.node} still running after ${formatDuration(limit)} (kubectl drain has no timeout by default; set timeout, or wait: false): pending ${pending.join(', ')}`);
  }
  if (run.state === 'failed') rt.fail(`kubectl drain ${arg.node} failed: ${run.error}`);
};
