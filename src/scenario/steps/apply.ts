import type { StepHandler } from './types.js';
import { writeManifests } from './manifest-writes.js';

/** `apply: PATH | OBJECT | [..]`: kubectl apply (client-side), one line per object. */
export const apply: StepHandler = (arg, rt) => writeManifests('apply', arg, rt);
