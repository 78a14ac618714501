/**
 * Step handlers by step key. One file per step; other helpers add theirs with one line each
 * (killNode, scale, rollout, failProbe...). A step in the schema without an entry here is
 * rejected at load time with STEP_NOT_SUPPORTED.
 */
import type { StepHandler } from './types.js';
import { apply } from './apply.js';
import { create } from './create.js';
import { replace } from './replace.js';
import { patch } from './patch.js';
import { del } from './delete.js';
import { wait } from './wait.js';
import { at } from './at.js';
import { waitFor } from './wait-for.js';
import { expect } from './expect.js';
import { hold } from './hold.js';
import { scale } from './scale.js';
import { rollout } from './rollout.js';
import { killNode } from './kill-node.js';
import { restartNode } from './restart-node.js';
import { failProbe } from './fail-probe.js';
import { healProbe } from './heal-probe.js';
import { crash } from './crash.js';
import { cordon } from './cordon.js';
import { uncordon } from './uncordon.js';
import { drain } from './drain.js';
import { setUsage } from './set-usage.js';
import { deletePVC } from './delete-pvc.js';
import { editConfigMap } from './edit-config-map.js';
import { editSecret } from './edit-secret.js';

export type { StepHandler, StepRuntime, DocPath } from './types.js';

export const STEP_HANDLERS: Record<string, StepHandler> = {
  apply,
  create,
  replace,
  patch,
  delete: del,
  wait,
  at,
  waitFor,
  expect,
  hold,
  scale,
  rollout,
  killNode,
  restartNode,
  failProbe,
  healProbe,
  crash,
  cordon,
  uncordon,
  drain,
  deletePVC,
  editConfigMap,
  editSecret,
  setUsage,
};
