import { envValue } from '../../kubelet/env.js';
import { containerTargets, expectedText } from './container-target.js';
import type { AssertionEvaluator } from './types.js';

/**
 * `env: {target, container, name}` + `equals`: the variable as the container's process sees
 * it, fixed when that run was created (see src/kubelet/env.ts). `equals: null` means unset.
 * A workload target checks every one of its pods.
 */
export const env: AssertionEvaluator = (a, ctx) => {
  const f = a.env!;
  const want = expectedText(a.equals);
  if (typeof want === 'object' && want !== null) return { ok: false, message: want.invalid };
  const targets = containerTargets(ctx, f.target, f.namespace ?? a.namespace, f.container);
  if (typeof targets === 'string') return { ok: false, message: `${targets} (env ${f.name})` };
  const seen: string[] = [];
  for (const t of targets) {
    if (t.missing) return { ok: false, message: `${t.label}: ${t.missing}, so it has no environment (env ${f.name})` };
    const v = envValue(t.rec!.current!.env!, f.name);
    const shown = v === undefined ? 'unset' : JSON.stringify(v);
    seen.push(`${t.label}: ${f.name}=${shown}`);
    if ((v ?? null) !== want) return { ok: false, message: `${t.label}: ${f.name} is ${shown}, want ${want === null ? 'unset' : JSON.stringify(want)}` };
  }
  return { ok: true, message: seen.join('; ') };
};
