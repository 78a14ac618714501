import type { StepHandler } from './types.js';
import { nodeAgent } from './pod-faults.js';

/** `restartNode: NAME`: the machine comes back; its kubelet reconciles with the API. */
export const restartNode: StepHandler = (arg: string, rt) => {
  const agent = nodeAgent(arg, rt);
  agent.restart();
  rt.log(`node ${arg} restarted`);
};
