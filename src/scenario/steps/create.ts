import type { StepHandler } from './types.js';
import { writeManifests } from './manifest-writes.js';

/** `create: PATH | OBJECT | [..]`: kubectl create (AlreadyExists when present). */
export const create: StepHandler = (arg, rt) => writeManifests('create', arg, rt);
