import type { HealProbeStep } from '../../../generated/scenario.js';
import type { StepHandler } from './types.js';
import { faultContainer, faultTargets } from './pod-faults.js';

/** `healProbe: {target | selector, container, probe}`: the probes pass again (default: every container, all probes). */
export const healProbe: StepHandler = (arg: HealProbeStep, rt) => {
  for (const t of faultTargets(arg, rt)) {
    const names = arg.container !== undefined ? [faultContainer(t.pod, arg.container, rt)] : (t.pod.spec?.containers ?? []).map((c: any) => c.name as string);
    for (const c of names) {
      if (!t.agent.healProbe(t.key, c, arg.probe)) rt.fail(`healProbe: pod ${t.key} is not running on ${t.agent.node}`);
    }
    rt.log(`probes of ${t.key} pass again`);
  }
};
