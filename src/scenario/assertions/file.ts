import { fileAt } from '../../kubelet/container-view.js';
import { containerTargets, expectedText } from './container-target.js';
import type { AssertionEvaluator } from './types.js';

/** `0644`-style text of permission bits. */
function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * `file: {target, container, path}` + `equals` and/or `mode`: a file of a ConfigMap, Secret,
 * downward API or projected volume as the container's process sees it now (volumes refresh at
 * pod syncs; subPath mounts keep what they held at container creation). `equals: null` means
 * no such file. Paths on other volumes, or under no mount, cannot be checked (the model has no
 * image file system). A workload target checks every one of its pods.
 */
export const file: AssertionEvaluator = (a, ctx) => {
  const f = a.file!;
  const checkContent = a.equals !== undefined;
  const want = checkContent ? expectedText(a.equals) : undefined;
  if (typeof want === 'object' && want !== null) return { ok: false, message: want.invalid };
  const wantMode = a.mode !== undefined ? parseInt(a.mode, 8) : undefined;
  const targets = containerTargets(ctx, f.target, f.namespace ?? a.namespace, f.container);
  if (typeof targets === 'string') return { ok: false, message: `${targets} (file ${f.path})` };
  const seen: string[] = [];
  for (const t of targets) {
    if (t.missing) return { ok: false, message: `${t.label}: ${t.missing}, so it has no files (file ${f.path})` };
    const r = fileAt(f.path, t.rec!.spec, t.worker!.volumes, t.rec!.current!.subPaths);
    if (r.kind === 'not-modelled') return { ok: false, message: `${t.label}: ${r.reason}` };
    if (r.kind === 'unknown-content' && checkContent && want !== null) return { ok: false, message: `${t.label}: ${f.path} exists (${r.source}) but its content (a service account token) is not modelled` };
    const got = r.kind === 'file' ? r.content : r.kind === 'absent' ? null : undefined;
    const shown = got === null ? 'absent' : got === undefined ? 'present' : JSON.stringify(got);
    if (checkContent && (got === null) !== (want === null)) return { ok: false, message: `${t.label}: ${f.path} is ${shown} (${r.source}), want ${want === null ? 'absent' : JSON.stringify(want)}` };
    if (checkContent && got !== undefined && got !== want) return { ok: false, message: `${t.label}: ${f.path} is ${shown} (${r.source}), want ${JSON.stringify(want)}` };
    let modeText = '';
    if (wantMode !== undefined) {
      if (r.kind !== 'file') return { ok: false, message: `${t.label}: ${f.path} is absent (${r.source}), want mode ${a.mode}` };
      const m = r.mode ?? 0o644;
      if ((m & 0o777) !== wantMode) return { ok: false, message: `${t.label}: ${f.path} has mode ${octal(m)} (${r.source}), want ${octal(wantMode)}` };
      modeText = ` mode ${octal(m)}`;
    }
    seen.push(`${t.label}: ${f.path} = ${shown}${modeText}`);
  }
  return { ok: true, message: seen.join('; ') };
};
