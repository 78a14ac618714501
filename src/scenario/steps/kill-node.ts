import type { StepHandler } from './types.js';
import { nodeAgent } from './pod-faults.js';

/** `killNode: NAME`: the machine dies; its kubelet stops heartbeating and its containers are gone. */
export const killNode: StepHandler = (arg: string, rt) => {
  const agent = nodeAgent(arg, rt);
  agent.kill();
  rt.log(`node ${arg} killed`);
};
