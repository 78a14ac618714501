import type { StepHandler } from './types.js';
import { durationMs } from '../value-checks.js';

/** `wait: DURATION`: advance the clock; everything due happens. */
export const wait: StepHandler = (arg: string, rt) => {
  rt.advanceTo(rt.cluster.engine.now + durationMs(arg));
};
