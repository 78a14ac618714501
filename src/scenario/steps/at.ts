import type { StepHandler } from './types.js';
import { durationMs } from '../value-checks.js';
import { formatDuration } from '../../api/duration.js';

/** `at: DURATION`: advance to an absolute virtual time (an earlier time is an input error). */
export const at: StepHandler = (arg: string, rt) => {
  const t = durationMs(arg);
  const now = rt.cluster.engine.now;
  if (t < now) rt.inputError('TIME_IN_PAST', `at: ${arg} is in the past (the clock is already at ${formatDuration(now)})`);
  rt.advanceTo(t);
};
