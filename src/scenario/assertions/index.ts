/**
 * Assertion evaluators by kind key. Each new form registers here with one line (e.g. `get`,
 * `describe`, `env`, `file` from the printers/kubelet helpers). A form in the schema without an
 * entry here is rejected at load time with ASSERTION_NOT_SUPPORTED.
 */
import type { Assertion } from '../../../generated/scenario.js';
import type { AssertionContext, AssertionEvaluator, AssertionResult } from './types.js';
import { ASSERTION_KEYS } from '../step-keys.js';
import { object } from './object.js';
import { absent } from './absent.js';
import { count } from './count.js';
import { field } from './field.js';
import { event } from './event.js';
import { condition } from './condition.js';
import { get } from './get.js';
import { describe } from './describe.js';
import { env } from './env.js';
import { file } from './file.js';

export type { AssertionContext, AssertionEvaluator, AssertionResult } from './types.js';

export const ASSERTIONS: Record<string, AssertionEvaluator> = {
  object,
  absent,
  count,
  field,
  event,
  condition,
  get,
  describe,
  env,
  file,
};

/** The kind key of an assertion (`object`, `count`...). */
export function assertionKind(a: Assertion): string {
  for (const k of ASSERTION_KEYS) if ((a as Record<string, unknown>)[k] !== undefined) return k;
  return '?';
}

/** Evaluate one (load-validated) assertion. */
export function evaluateAssertion(a: Assertion, ctx: AssertionContext): AssertionResult {
  const kind = assertionKind(a);
  const ev = ASSERTIONS[kind];
  if (!ev) return { ok: false, message: `assertion "${kind}" is not supported yet` };
  return ev(a, ctx);
}
