import type { Assertion } from '../../../generated/scenario.js';
import type { StepHandler, StepRuntime } from './types.js';
import { evaluateAssertion } from '../assertions/index.js';
import type { AssertionContext } from '../assertions/types.js';
import { describeAssertion } from '../assertions/describe-assertion.js';

/** The assertion context of a running step. */
export function assertionContext(rt: StepRuntime): AssertionContext {
  const cluster = rt.cluster;
  return {
    store: cluster.store,
    get now() {
      return cluster.engine.now;
    },
    cluster,
  };
}

/**
 * `expect: [..]`: check every assertion now; any failure ends the run. The headline is the first
 * failure; when several fail, the diff lists each of them (as kuttl reports every mismatch).
 */
export const expect: StepHandler = (arg: Assertion[], rt) => {
  const ctx = assertionContext(rt);
  const failed: string[] = [];
  let first: { msg: string; diff?: string } | undefined;
  arg.forEach((a, i) => {
    const r = evaluateAssertion(a, ctx);
    if (r.ok) return;
    const msg = `${describeAssertion(a)}: ${r.message}`;
    if (!first) first = r.diff !== undefined ? { msg, diff: r.diff } : { msg };
    failed.push(`[${i}] ${msg}${r.diff !== undefined ? `\n${r.diff.replace(/^/gm, '    ')}` : ''}`);
  });
  if (!first) return;
  const diff = failed.length > 1 ? `${failed.length} of ${arg.length} assertions failed:\n${failed.join('\n')}` : first.diff;
  if (diff !== undefined && rt.failWithDiff) rt.failWithDiff(first.msg, diff);
  rt.fail(diff !== undefined ? `${first.msg}\n${diff}` : first.msg);
};
