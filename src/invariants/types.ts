import type { ClusterContext } from '../cluster/context.js';

/** A broken guarantee (INVARIANTS.md): what, when, which objects, and the numbers in the formula. */
export interface Violation {
  invariant: string;
  /** Virtual time in ms (filled in by the runner when omitted). */
  time?: number;
  message: string;
  objects: string[];
  numbers?: Record<string, number>;
}

/**
 * One invariant from ../shared/INVARIANTS.md. `start` subscribes to store watches
 * (`ctx.store.watch`) and/or component actions (`ctx.actions.subscribe`) and calls `report`
 * on a violation. `check`, if present, runs after every engine event.
 */
export interface Invariant {
  readonly name: string;
  start(ctx: ClusterContext, report: (v: Violation) => void): void;
  check?(): void;
}

export type InvariantFactory = () => Invariant;
