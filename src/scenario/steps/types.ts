import type { Cluster } from '../../cluster/cluster.js';
import type { Manifest } from '../types.js';

/** Path of a value inside the scenario document, e.g. ['spec', 'steps', 3, 'apply', 'metadata', 'name']. */
export type DocPath = Array<string | number>;

/**
 * What a step handler may do. The runner implements it; handlers stay synchronous and
 * deterministic (no I/O: manifests were read and parsed by the loader).
 */
export interface StepRuntime {
  readonly cluster: Cluster;
  /** Path of this step in the document (`['spec','steps',3]`), for diagnostics. */
  readonly path: DocPath;
  /** Advance the virtual clock to absolute time `t` (ms), checking invariants and `hold` assertions after every event. */
  advanceTo(t: number): void;
  /** Advance until `cond()` is true (checked after every event) or absolute time `deadline`; returns whether it became true. */
  advanceUntil(cond: () => boolean, deadline: number): boolean;
  /** One line of the human timeline. */
  log(message: string): void;
  /** Invalid input (exit 2): reported as `file:line:col: CODE: message (at path)`; `subPath` is relative to the step. */
  inputError(code: string, message: string, subPath?: DocPath): never;
  /** Expectation failure (exit 1). */
  fail(message: string): never;
  /** (added by scenario) The whole step object (for `name`, `expectError`). */
  readonly step?: Readonly<Record<string, unknown>>;
  /** (added by scenario) Manifests of apply/create/replace steps, parsed and positioned by the loader. */
  readonly manifests?: readonly Manifest[];
  /** (added by scenario) Expectation failure with a readable diff (exit 1). */
  failWithDiff?(message: string, diff: string): never;
}

/** A step: `arg` is the value under the step's key (already schema-validated). */
export type StepHandler = (arg: any, rt: StepRuntime) => void;
