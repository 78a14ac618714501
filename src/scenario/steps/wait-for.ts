import type { Assertion, WaitForStep } from '../../../generated/scenario.js';
import { formatDuration } from '../../api/duration.js';
import type { StepHandler } from './types.js';
import { durationMs } from '../value-checks.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { evaluateAssertion } from '../assertions/index.js';
import { conditionSummary } from '../assertions/resolve.js';
import { describeAssertion } from '../assertions/describe-assertion.js';
import { assertionContext } from './expect.js';

/** Default waitFor timeout. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5 * 60_000;

const RESERVED = new Set(['condition', 'status', 'namespace', 'timeout', 'expect']);

/** The `<kind>: name` entry of a waitFor (load-validated: exactly one, or `expect`). */
export function waitForTarget(arg: WaitForStep): { kind: string; name: string } | undefined {
  for (const [k, v] of Object.entries(arg)) if (!RESERVED.has(k) && typeof v === 'string') return { kind: k, name: v };
  return undefined;
}

/**
 * `waitFor: {<kind>: name, condition, status, timeout}` (kubectl wait --for=condition=C;
 * `condition: delete` waits until the object is gone) or `waitFor: {expect: [..], timeout}`.
 * Checked after every event; at the timeout the step fails showing what was last seen.
 */
export const waitFor: StepHandler = (arg: WaitForStep, rt) => {
  const timeout = arg.timeout !== undefined ? durationMs(arg.timeout) : DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = rt.cluster.engine.now + timeout;
  const ctx = assertionContext(rt);
  const store = rt.cluster.store;
  if (arg.expect) {
    const list = arg.expect as Assertion[];
    const allOk = (): boolean => list.every((a) => evaluateAssertion(a, ctx).ok);
    if (rt.advanceUntil(allOk, deadline)) return;
    const bad = list.map((a) => [a, evaluateAssertion(a, ctx)] as const).find(([, r]) => !r.ok)!;
    const msg = `timed out after ${formatDuration(timeout)} waiting for ${describeAssertion(bad[0])}; last seen: ${bad[1].message}`;
    if (bad[1].diff !== undefined && rt.failWithDiff) rt.failWithDiff(msg, bad[1].diff);
    rt.fail(msg);
  }
  const tk = waitForTarget(arg)!;
  const t = mustParseTarget(`${tk.kind}/${tk.name}`, arg.namespace);
  const label = kubectlName(t.kind, t.name);
  const cond = arg.condition ?? 'Ready';
  const status = arg.status ?? 'True';
  const isDelete = cond.toLowerCase() === 'delete';
  const met = (): boolean => {
    const o = store.get(t.kind, t.namespace, t.name);
    if (isDelete) return o === undefined;
    const cs = o?.status?.conditions;
    return Array.isArray(cs) && cs.some((c: { type?: string; status?: string }) => c.type === cond && c.status === status);
  };
  if (rt.advanceUntil(met, deadline)) {
    rt.log(`${label} condition met`);
    return;
  }
  const o = store.get(t.kind, t.namespace, t.name);
  const seen = o ? (isDelete ? `still exists${o.metadata.deletionTimestamp ? ' (terminating)' : ''}` : conditionSummary(o)) : 'not found';
  // kubectl wait's error (wait.go): `timed out waiting for the condition on deployments/web`.
  rt.fail(`timed out waiting for the condition on ${t.info.resource}/${t.name} (${isDelete ? 'delete' : `${cond}=${status}`} within ${formatDuration(timeout)}); last seen: ${seen}`);
};
