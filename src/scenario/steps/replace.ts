import type { StepHandler } from './types.js';
import { writeManifests } from './manifest-writes.js';

/** `replace: PATH | OBJECT | [..]`: kubectl replace (full update; NotFound when absent). */
export const replace: StepHandler = (arg, rt) => writeManifests('replace', arg, rt);
