import { envValue, expand, type ContainerEnv } from './env.js';
import type { FileContent, PodVolumes, VolumeFiles } from './volumes.js';

/** A subPath mount as the container got it at creation: one file, or a directory's files. */
export type SubPathMount = { file: FileContent; mode: number | undefined } | { dir: VolumeFiles; modes: ReadonlyMap<string, number> } | undefined;

/** Trailing slashes and repeated slashes removed. */
function clean(p: string): string {
  const s = p.replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

/** The files of `files` under directory `dir` (relative to it). */
function under<T>(files: ReadonlyMap<string, T>, dir: string): Map<string, T> {
  const out = new Map<string, T>();
  const pre = dir === '' ? '' : `${dir}/`;
  for (const [k, v] of files) if (k.startsWith(pre)) out.set(k.slice(pre.length), v);
  return out;
}

/** The subPath of a mount (subPathExpr expanded with the container's environment, as makeMounts does). */
function subPathOf(m: any, env: ContainerEnv | undefined): string | undefined {
  if (m.subPath) return clean(m.subPath).replace(/^\//, '');
  if (m.subPathExpr) return clean(expand(m.subPathExpr, (n) => (env ? envValue(env, n) : undefined))).replace(/^\//, '');
  return undefined;
}

/**
 * The subPath mounts of a container being created: a bind mount of what the volume holds now.
 * They never change afterwards (the kubelet updates the volume's `..data` symlink, which a
 * bind-mounted file does not follow); a restarted container gets a new bind mount.
 */
export function captureSubPaths(container: any, volumes: PodVolumes | undefined, env: ContainerEnv | undefined): Map<string, SubPathMount> | undefined {
  let out: Map<string, SubPathMount> | undefined;
  for (const m of container.volumeMounts ?? []) {
    const sp = subPathOf(m, env);
    if (sp === undefined) continue;
    const files = volumes?.files.get(m.name);
    const modes = volumes?.modes.get(m.name) ?? new Map<string, number>();
    let view: SubPathMount;
    if (files) view = files.has(sp) ? { file: files.get(sp)!, mode: modes.get(sp) } : { dir: under(files, sp), modes: under(modes, sp) };
    (out ??= new Map()).set(clean(m.mountPath), view);
  }
  return out;
}

/** What a `file` assertion finds at a path. */
export type FileLookup =
  | { kind: 'file'; content: string; source: string; mode?: number }
  | { kind: 'unknown-content'; source: string }
  | { kind: 'absent'; source: string }
  | { kind: 'not-modelled'; reason: string };

/**
 * The file at `path` as the container's process sees it: under the mount with the longest
 * matching mountPath; ConfigMap, Secret, downward API and projected volumes show their
 * current files, subPath mounts what they held when the container was created.
 */
export function fileAt(path: string, container: any, volumes: PodVolumes | undefined, subPaths: Map<string, SubPathMount> | undefined): FileLookup {
  const p = clean(path);
  let best: any;
  for (const m of container.volumeMounts ?? []) {
    const mp = clean(m.mountPath);
    if ((p === mp || p.startsWith(mp === '/' ? '/' : `${mp}/`)) && (!best || mp.length > clean(best.mountPath).length)) best = m;
  }
  if (!best) return { kind: 'not-modelled', reason: `${path} is under no volume mount of container ${container.name} (only files of ConfigMap, Secret, downward API and projected volumes are modelled)` };
  const mp = clean(best.mountPath);
  const rel = p === mp ? '' : p.slice(mp === '/' ? 1 : mp.length + 1);
  const source = `volume "${best.name}" mounted at ${mp}${best.subPath || best.subPathExpr ? ` (subPath ${best.subPath ?? best.subPathExpr})` : ''}`;
  const other = volumes?.otherKinds.get(best.name);
  if (other !== undefined || !volumes?.volumes.some((v) => v.name === best.name)) {
    return { kind: 'not-modelled', reason: `${path} is on ${other ?? 'an unknown'} volume "${best.name}": only files of ConfigMap, Secret, downward API and projected volumes are modelled` };
  }
  let files: VolumeFiles | undefined;
  let modes: ReadonlyMap<string, number> | undefined;
  if (best.subPath || best.subPathExpr) {
    const view = subPaths?.get(mp);
    if (view && 'file' in view) {
      if (rel !== '') return { kind: 'absent', source };
      return view.file === null ? { kind: 'unknown-content', source } : { kind: 'file', content: view.file, source, mode: view.mode };
    }
    files = view?.dir;
    modes = view?.modes;
  } else {
    files = volumes.files.get(best.name);
    modes = volumes.modes?.get(best.name);
  }
  const c = files?.get(rel);
  if (c === undefined) return { kind: 'absent', source };
  return c === null ? { kind: 'unknown-content', source } : { kind: 'file', content: c, source, mode: modes?.get(rel) };
}
