import { parseSelector, qualifiedResource, resolveKind } from '../api/index.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import { PRINTERS } from './printers.js';
import { formatTable, type Table } from './table.js';

/** What `kubectl get KIND` was asked for. */
export interface GetRequest {
  /** A kind as kubectl takes it: `pods`, `po`, `deploy`, `pv`, `deployments.apps`. */
  kind: string;
  /** Default "default"; ignored for cluster-scoped kinds. */
  namespace?: string;
  /** `-A`: every namespace, with a NAMESPACE column first. */
  allNamespaces?: boolean;
  /** `-l`: a label selector. */
  selector?: string;
  /** `-o wide`. */
  wide?: boolean;
  /** `kubectl get KIND NAME`: only that object. */
  name?: string;
}

/** The outcome: a table, or kubectl's message when nothing matched / the kind is unknown. */
export type GetResult = { ok: true; table: Table; text: string } | { ok: true; table: undefined; text: string } | { ok: false; text: string };

/**
 * `kubectl get` against the store at virtual time `now`: list (sorted by namespace and
 * name, as the API server lists), print each object through its kind's table handler and lay
 * the table out with kubectl's tabwriter. An empty list prints kubectl's `No resources found
 * in default namespace.` or `No resources found` (stderr in kubectl; returned as the text here).
 */
export function getTable(store: StoreApi, req: GetRequest, now: number, withKind = false): GetResult {
  const info = resolveKind(req.kind);
  if (!info) return { ok: false, text: `error: the server doesn't have a resource type "${req.kind}"` };
  const printer = PRINTERS[info.kind];
  if (!printer) return { ok: false, text: `error: no table printer for ${info.resource} in kscenario yet` };
  const opts: { namespace?: string; labelSelector?: string } = {};
  const namespace = req.namespace ?? 'default';
  if (info.namespaced && !req.allNamespaces) opts.namespace = namespace;
  if (req.selector !== undefined) {
    parseSelector(req.selector); // throws kubectl's parse error on a bad selector
    opts.labelSelector = req.selector;
  }
  let objs: KubeObject[] = store.list(info.kind, opts);
  if (req.name !== undefined) {
    objs = objs.filter((o) => o.metadata.name === req.name);
    // kubectl prints the API server's NotFound (a 404 on GET of the named object).
    if (objs.length === 0) return { ok: true, table: undefined, text: `Error from server (NotFound): ${qualifiedResource(info.kind)} "${req.name}" not found\n` };
  }
  if (objs.length === 0) {
    // kubectl get.go: `No resources found in NS namespace.`, or a bare `No resources found`
    // for cluster-scoped kinds and -A.
    const text = info.namespaced && !req.allNamespaces ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n';
    return { ok: true, table: undefined, text };
  }
  const wide = Boolean(req.wide);
  const header = wide ? [...(printer.wideHeader ?? [...printer.columns, ...printer.wideColumns])] : [...printer.columns];
  const withNs = Boolean(req.allNamespaces) && info.namespaced;
  const rows = objs.map((o) => {
    const cells = printer.row(o, now, wide);
    // Several kinds in one `kubectl get`: names carry their kind (`pod/web`, `deployment.apps/web`).
    if (withKind && info.kind !== 'Event') cells[0] = `${info.singular}${info.group ? `.${info.group}` : ''}/${cells[0]}`;
    return withNs ? [o.metadata.namespace ?? '', ...cells] : cells;
  });
  const table: Table = { columns: withNs ? ['NAMESPACE', ...header] : header, rows };
  return { ok: true, table, text: formatTable(table) };
}

/** The kinds `kubectl get all` lists (the "all" category of the kinds modelled here). */
export const ALL_KINDS: readonly string[] = ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'CronJob'];

/**
 * `kubectl get pods,svc` or `kubectl get all`: one table per kind that has objects, names
 * prefixed with the kind, tables separated by a blank line; `No resources found...` when
 * every list is empty. A single kind prints exactly as getTable.
 */
export function getTables(store: StoreApi, req: GetRequest, now: number): GetResult {
  const kinds = req.kind.split(',').flatMap((k) => (k === 'all' ? [...ALL_KINDS] : [k]));
  if (kinds.length === 1 && req.kind !== 'all') return getTable(store, req, now);
  const texts: string[] = [];
  let empty: string | undefined;
  for (const kind of kinds) {
    const r = getTable(store, { ...req, kind }, now, true);
    if (!r.ok) return r;
    if (r.table) texts.push(r.text);
    else empty ??= r.text;
  }
  if (texts.length === 0) return { ok: true, table: undefined, text: empty ?? 'No resources found\n' };
  return { ok: true, table: undefined, text: texts.join('\n') };
}
