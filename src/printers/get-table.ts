import { parseSelector, resolveKind } from '../api/index.js';
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
}

/** The outcome: a table, or kubectl's message when nothing matched / the kind is unknown. */
export type GetResult = { ok: true; table: Table; text: string } | { ok: true; table: undefined; text: string } | { ok: false; text: string };

/**
 * `kubectl get` against the store at virtual time `now`: list (sorted by namespace and
 * name, as the API server lists), print each object through its kind's table handler and lay
 * the table out with kubectl's tabwriter. An empty list prints kubectl's `No resources found
 * in default namespace.` (stderr in kubectl; returned as the text here).
 */
export function getTable(store: StoreApi, req: GetRequest, now: number): GetResult {
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
  const objs: KubeObject[] = store.list(info.kind, opts);
  if (objs.length === 0) {
    const where = info.namespaced && !req.allNamespaces ? ` in ${namespace} namespace` : '';
    return { ok: true, table: undefined, text: `No resources found${where}.\n` };
  }
  const wide = Boolean(req.wide);
  const header = wide ? [...(printer.wideHeader ?? [...printer.columns, ...printer.wideColumns])] : [...printer.columns];
  const withNs = Boolean(req.allNamespaces) && info.namespaced;
  const rows = objs.map((o) => {
    const cells = printer.row(o, now, wide);
    return withNs ? [o.metadata.namespace ?? '', ...cells] : cells;
  });
  const table: Table = { columns: withNs ? ['NAMESPACE', ...header] : header, rows };
  return { ok: true, table, text: formatTable(table) };
}
