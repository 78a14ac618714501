/**
 * Targets: `kind/name` strings with kubectl's kind aliases (`deploy/web`, `pvc/data`,
 * `deployments.apps/web`) plus an optional namespace (default "default" for namespaced kinds).
 */
import { resolveKind, type KindInfo } from '../api/kinds.js';

export interface TargetRef {
  kind: string;
  info: KindInfo;
  /** undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  name: string;
}

export type TargetParse = { ok: true; target: TargetRef } | { ok: false; code: 'INVALID_TARGET' | 'UNKNOWN_KIND'; message: string };

/** Parse `kind/name`; `namespace` applies to namespaced kinds only. */
export function parseTarget(s: string, namespace?: string): TargetParse {
  const slash = s.indexOf('/');
  if (slash <= 0 || slash === s.length - 1 || s.indexOf('/', slash + 1) >= 0) {
    return { ok: false, code: 'INVALID_TARGET', message: `target "${s}" must be kind/name (e.g. deploy/web, pod/web-0, pv/data)` };
  }
  const kindPart = s.slice(0, slash);
  const info = resolveKind(kindPart);
  if (!info) return { ok: false, code: 'UNKNOWN_KIND', message: `the server doesn't have a resource type "${kindPart}"` };
  return { ok: true, target: { kind: info.kind, info, namespace: info.namespaced ? (namespace ?? 'default') : undefined, name: s.slice(slash + 1) } };
}

/** Like parseTarget, but throws (for runtime code after load-time validation). */
export function mustParseTarget(s: string, namespace?: string): TargetRef {
  const r = parseTarget(s, namespace);
  if (!r.ok) throw new Error(r.message);
  return r.target;
}

/** kubectl's resource/name form: `deployment.apps/web`, `pod/web-0`, `persistentvolume/yh-pv1`. */
export function kubectlName(kind: string, name: string): string {
  const info = resolveKind(kind);
  if (!info) return `${kind.toLowerCase()}/${name}`;
  return `${info.singular}${info.group ? `.${info.group}` : ''}/${name}`;
}

/** `default/web` or `web` (cluster-scoped), for messages. */
export function refString(t: TargetRef): string {
  return `${t.info.singular}/${t.name}${t.namespace && t.namespace !== 'default' ? ` -n ${t.namespace}` : ''}`;
}
