import type { FailProbeStep } from '../../../generated/scenario.js';
import { parseDuration } from '../../api/duration.js';
import type { StepHandler } from './types.js';
import { faultContainer, faultTargets } from './pod-faults.js';

/** `failProbe: {target | selector, container, probe, for}`: the probe fails for `for` (or until healProbe). */
export const failProbe: StepHandler = (arg: FailProbeStep, rt) => {
  const now = rt.cluster.engine.now;
  const until = arg.for === undefined ? undefined : now + Math.round(parseDuration(arg.for));
  for (const t of faultTargets(arg, rt)) {
    const c = faultContainer(t.pod, arg.container, rt);
    if (!t.agent.failProbe(t.key, c, arg.probe, until)) rt.fail(`failProbe: pod ${t.key} is not running on ${t.agent.node}`);
    rt.log(`${arg.probe} probe of ${t.key}/${c} fails${arg.for ? ` for ${arg.for}` : ''}`);
  }
};
