import type { Assertion, HoldStep } from '../../../generated/scenario.js';
import { formatDuration } from '../../api/duration.js';
import type { StepHandler } from './types.js';
import { durationMs } from '../value-checks.js';
import { evaluateAssertion } from '../assertions/index.js';
import { describeAssertion } from '../assertions/describe-assertion.js';
import { assertionContext } from './expect.js';
import { StepFailure } from '../step-failure.js';

/**
 * `hold: {for, always, never, sometimes}`: advance `for` while checking at the start and after
 * EVERY engine event: each `always` assertion holds at every instant, no `never` assertion ever
 * holds, each `sometimes` assertion holds at least once. Fails at the first broken instant.
 */
export const hold: StepHandler = (arg: HoldStep, rt) => {
  const engine = rt.cluster.engine;
  const ctx = assertionContext(rt);
  const always = (arg.always ?? []) as Assertion[];
  const never = (arg.never ?? []) as Assertion[];
  const sometimes = (arg.sometimes ?? []) as Assertion[];
  const seen = sometimes.map(() => false);
  const start = engine.now;
  const check = (): void => {
    for (const a of always) {
      const r = evaluateAssertion(a, ctx);
      if (!r.ok) throw new StepFailure(`hold: always ${describeAssertion(a)} broke at ${formatDuration(engine.now)} (${formatDuration(engine.now - start)} into the hold): ${r.message}`, r.diff);
    }
    for (const a of never) {
      const r = evaluateAssertion(a, ctx);
      if (r.ok) throw new StepFailure(`hold: never ${describeAssertion(a)} held at ${formatDuration(engine.now)} (${formatDuration(engine.now - start)} into the hold): ${r.message}`, r.diff);
    }
    sometimes.forEach((a, i) => {
      if (!seen[i] && evaluateAssertion(a, ctx).ok) seen[i] = true;
    });
  };
  check();
  const off = engine.afterEachEvent(check);
  try {
    rt.advanceTo(start + durationMs(arg.for));
  } finally {
    off();
  }
  const missed = sometimes.filter((_, i) => !seen[i]);
  if (missed.length) {
    const a = missed[0]!;
    const r = evaluateAssertion(a, ctx);
    throw new StepFailure(`hold: sometimes ${describeAssertion(a)} never held during ${arg.for}; at the end: ${r.message}`, r.diff);
  }
};
