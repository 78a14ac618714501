import type { StepHandler } from './types.js';
import { setUnschedulable } from './cordon.js';

/** `uncordon: NODE`: mark the node schedulable again, like kubectl uncordon. */
export const uncordon: StepHandler = (arg: string, rt) => setUnschedulable(arg, false, rt);
