import { fileAt } from '../../kubelet/container-view.js';
import { containerTargets, expectedText } from './container-target.js';
import type { AssertionEvaluator } from './types.js';

/**
 * `file: {target, container, path}` + `equals`: a file of a ConfigMap, Secret, downward API or
 * projected volume as the container's process sees it now (volumes refresh at pod syncs;
 * subPath mounts keep what they held at container creation). `equals: null` means no such
 * file. Paths on other volumes, or under no mount, cannot be checked (the model has no image
 * file system). A workload target checks every one of its pods.
 */
export const file: AssertionEvaluator = (a, ctx) => {
  const f = a.file!;
  const want = expectedText(a.equals);
  if (typeof want === 'object' && want !== null) return { ok: false, message: want.invalid };
  const targets = containerTargets(ctx, f.target, f.namespace ?? a.namespace, f.container);
  if (typeof targets === 'string') return { ok: false, message: `${targets} (file ${f.path})` };
  const seen: string[] = [];
  for (const t of targets) {
    if (t.missing) return { ok: false, message: `${t.label}: ${t.missing}, so it has no files (file ${f.path})` };
    const r = fileAt(f.path, t.rec!.spec, t.worker!.volumes, t.rec!.current!.subPaths);
    if (r.kind === 'not-modelled') return { ok: false, message: `${t.label}: ${r.reason}` };
    if (r.kind === 'unknown-content') return { ok: false, message: `${t.label}: ${f.path} exists (${r.source}) but its content (a service account token) is not modelled` };
    const got = r.kind === 'file' ? r.content : null;
    const shown = got === null ? 'absent' : JSON.stringify(got);
    seen.push(`${t.label}: ${f.path} = ${shown}`);
    if (got !== want) return { ok: false, message: `${t.label}: ${f.path} is ${shown} (${r.source}), want ${want === null ? 'absent' : JSON.stringify(want)}` };
  }
  return { ok: true, message: seen.join('; ') };
};
