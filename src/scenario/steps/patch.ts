import type { PatchStep } from '../../../generated/scenario.js';
import type { StepHandler } from './types.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { WriteSession } from './write-outcome.js';

/** `patch: {target, patch, type}`: kubectl patch (default type strategic); prints `patched` or `patched (no change)`. */
export const patch: StepHandler = (arg: PatchStep, rt) => {
  const t = mustParseTarget(arg.target, arg.namespace);
  const store = rt.cluster.store;
  const session = new WriteSession(rt);
  const name = kubectlName(t.kind, t.name);
  session.run(name, undefined, ['target'], () => {
    const before = store.get(t.kind, t.namespace, t.name);
    const after = store.patch(t.kind, t.namespace, t.name, arg.patch, arg.type ?? 'strategic', { actor: 'scenario' });
    const same = before !== undefined && before.metadata.resourceVersion === after.metadata.resourceVersion;
    return `${name} patched${same ? ' (no change)' : ''}`;
  });
  session.finish();
};
