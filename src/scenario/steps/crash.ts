import type { CrashStep } from '../../../generated/scenario.js';
import type { StepHandler } from './types.js';
import { faultContainer, faultTargets } from './pod-faults.js';

/** `crash: {target, container, code}`: the container's process exits now (code default 1). */
export const crash: StepHandler = (arg: CrashStep, rt) => {
  const code = arg.code ?? 1;
  for (const t of faultTargets(arg, rt)) {
    const c = faultContainer(t.pod, arg.container, rt);
    if (!t.agent.crash(t.key, c, code)) rt.fail(`crash: container ${c} of pod ${t.key} is not running`);
    rt.log(`container ${t.key}/${c} exited with code ${code}`);
  }
};
