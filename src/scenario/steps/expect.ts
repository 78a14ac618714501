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

/** `expect: [..]`: check now; the first failure ends the run with a diff. */
export const expect: StepHandler = (arg: Assertion[], rt) => {
  const ctx = assertionContext(rt);
  for (const a of arg) {
    const r = evaluateAssertion(a, ctx);
    if (r.ok) continue;
    const msg = `${describeAssertion(a)}: ${r.message}`;
    if (r.diff !== undefined && rt.failWithDiff) rt.failWithDiff(msg, r.diff);
    rt.fail(r.diff !== undefined ? `${msg}\n${r.diff}` : msg);
  }
};
