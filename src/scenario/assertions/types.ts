import type { Cluster } from '../../cluster/cluster.js';
import type { StoreApi } from '../../store/types.js';
import type { Assertion } from '../../../generated/scenario.js';

/** What an assertion may read. */
export interface AssertionContext {
  readonly store: StoreApi;
  /** Virtual time (ms). */
  readonly now: number;
  /** The whole cluster (printers for `get`/`describe`, kubelets for `env`/`file`); absent in store-only tests. */
  readonly cluster?: Cluster;
}

/** Outcome of one check. `message` says what was seen (also when ok, for `never` reports). */
export interface AssertionResult {
  ok: boolean;
  message: string;
  /** A readable diff or listing of what was seen, when it helps. */
  diff?: string;
}

/** Evaluates the assertion whose kind key it is registered under (ASSERTIONS in ./index.ts). */
export type AssertionEvaluator = (a: Assertion, ctx: AssertionContext) => AssertionResult;
