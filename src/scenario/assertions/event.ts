import type { KubeObject } from '../../store/types.js';
import type { AssertionEvaluator } from './types.js';
import { mustParseTarget, kubectlName } from '../target.js';

/** `event: {reason, object, type, message}`: a core/v1 Event with all the given fields exists. */
export const event: AssertionEvaluator = (a, ctx) => {
  const f = a.event!;
  const ns = f.namespace ?? a.namespace;
  const ref = f.object !== undefined ? mustParseTarget(f.object, ns) : undefined;
  const all = ctx.store.list('Event', ns !== undefined && !ref ? { namespace: ns } : {});
  const about = (e: KubeObject): boolean =>
    !ref || (e.involvedObject?.kind === ref.kind && e.involvedObject?.name === ref.name && (ref.namespace === undefined || (e.involvedObject?.namespace ?? e.metadata.namespace) === ref.namespace));
  const hit = all.find(
    (e) => about(e) && (f.reason === undefined || e.reason === f.reason) && (f.type === undefined || e.type === f.type) && (f.message === undefined || String(e.message ?? '').includes(f.message)),
  );
  const want = [f.type, f.reason, ref ? `on ${kubectlName(ref.kind, ref.name)}` : undefined, f.message !== undefined ? `message containing ${JSON.stringify(f.message)}` : undefined]
    .filter(Boolean)
    .join(' ');
  if (hit) return { ok: true, message: `event ${want} recorded: ${hit.reason}: ${hit.message}` };
  const near = all.filter((e) => about(e) || (f.reason !== undefined && e.reason === f.reason));
  const lines = near
    .slice(-20)
    .map((e) => `  ${e.type} ${e.reason} ${e.involvedObject?.kind}/${e.involvedObject?.name}: ${e.message}`);
  return { ok: false, message: `no event ${want}`, diff: lines.length ? `related events:\n${lines.join('\n')}` : `no related events (${all.length} events in total)` };
};
