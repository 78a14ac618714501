import { ApiError, type KubeObject } from '../../store/types.js';
import { kindInfo, qualifiedResource } from '../../api/kinds.js';
import { kubectlName } from '../target.js';
import { inlineManifest } from '../manifests.js';
import type { Manifest } from '../types.js';
import type { StepRuntime } from './types.js';
import { WriteSession } from './write-outcome.js';

/** The step's manifests: from the loader, or (generated scenarios) straight from inline objects. */
export function stepManifests(arg: unknown, rt: StepRuntime): readonly Manifest[] {
  if (rt.manifests) return rt.manifests;
  const items = Array.isArray(arg) ? arg : [arg];
  const out: Manifest[] = [];
  items.forEach((it, i) => {
    if (typeof it === 'string') rt.inputError('MANIFEST_NOT_FOUND', `manifest file "${it}" was not loaded (scenario built without a loader)`, Array.isArray(arg) ? [i] : []);
    const o = it as KubeObject;
    if (o.kind === 'List' && Array.isArray(o.items)) for (const x of o.items as KubeObject[]) out.push(inlineManifest(x, undefined, '<generated>', []));
    else out.push(inlineManifest(o, undefined, '<generated>', []));
  });
  return out;
}

/** apply / create / replace each manifest in order, printing kubectl's lines. */
export function writeManifests(verb: 'apply' | 'create' | 'replace', arg: unknown, rt: StepRuntime): void {
  const store = rt.cluster.store;
  const session = new WriteSession(rt);
  for (const m of stepManifests(arg, rt)) {
    const obj = m.object;
    const name = String(obj.metadata?.name ?? obj.metadata?.generateName ?? '');
    session.run(kubectlName(obj.kind, name), m, [], () => {
      if (verb === 'apply') {
        const r = store.apply(obj, { actor: 'scenario' });
        return `${kubectlName(obj.kind, r.object.metadata.name ?? name)} ${r.action}`;
      }
      if (verb === 'create') {
        const r = store.create(obj, { actor: 'scenario' });
        return `${kubectlName(obj.kind, r.metadata.name ?? name)} created`;
      }
      const ns = kindInfo(obj.kind)?.namespaced === false ? undefined : (obj.metadata?.namespace ?? 'default');
      if (!store.get(obj.kind, ns, name)) throw new ApiError(404, 'NotFound', `${qualifiedResource(obj.kind)} "${name}" not found`);
      store.update(obj, { actor: 'scenario' });
      return `${kubectlName(obj.kind, name)} replaced`;
    });
  }
  session.finish();
}
