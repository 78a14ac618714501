import type { KubeObject } from './types.js';

/** One stored object with what the indexes know about it (mutable holder; the object is immutable). */
export interface Entry {
  obj: KubeObject;
  kind: string;
  ns: string;
  name: string;
  /** Creation sequence (ties never happen: names are unique per kind+namespace). */
  seq: number;
}

interface NsTable {
  byName: Map<string, Entry>;
  sorted: Entry[] | null;
}

interface KindTable {
  byNs: Map<string, NsTable>;
  count: number;
  /** `key\0value` -> entries with that label (all namespaces); built on the first selector query. */
  labels: Map<string, Set<Entry>> | null;
  sortedAll: Entry[] | null;
}

const byName = (a: Entry, b: Entry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The store's indexes: kind -> namespace -> name, labels (equality), pods by node, dependents
 * by owner uid, objects by uid. Sorted views are cached and dropped on add/remove only (an
 * update keeps names, so order is unchanged).
 */
export class ObjectIndex {
  private readonly kinds = new Map<string, KindTable>();
  readonly byUid = new Map<string, Entry>();
  private readonly byNode = new Map<string, Set<Entry>>();
  private readonly byOwner = new Map<string, Set<Entry>>();
  /** The last kind's table (writes and reads come in runs of one kind; tables are never dropped). */
  private lastKind = '';
  private lastTable: KindTable | undefined;
  /** The Namespace objects' table (kind Namespace, namespace ''), valid while nsTablesDropped is unchanged. */
  private namespaces: NsTable | undefined;
  private namespacesAt = -1;
  private nsTablesDropped = 0;

  private table(kind: string): KindTable {
    if (kind === this.lastKind && this.lastTable !== undefined) return this.lastTable;
    let t = this.kinds.get(kind);
    if (!t) {
      t = { byNs: new Map(), count: 0, labels: null, sortedAll: null };
      this.kinds.set(kind, t);
    }
    this.lastKind = kind;
    this.lastTable = t;
    return t;
  }

  get(kind: string, ns: string, name: string): Entry | undefined {
    const t = kind === this.lastKind ? this.lastTable : this.kinds.get(kind);
    return t?.byNs.get(ns)?.byName.get(name);
  }

  /** get('Namespace', '', name), the lookup every namespaced create makes. */
  namespace(name: string): Entry | undefined {
    if (this.namespacesAt !== this.nsTablesDropped) {
      this.namespaces = this.kinds.get('Namespace')?.byNs.get('');
      if (this.namespaces === undefined) return undefined;
      this.namespacesAt = this.nsTablesDropped;
    }
    return this.namespaces!.byName.get(name);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.count ?? 0;
  }

  nsSize(kind: string, ns: string): number {
    return this.kinds.get(kind)?.byNs.get(ns)?.byName.size ?? 0;
  }

  add(e: Entry): void {
    const t = this.table(e.kind);
    let n = t.byNs.get(e.ns);
    if (!n) {
      n = { byName: new Map(), sorted: null };
      t.byNs.set(e.ns, n);
    }
    n.byName.set(e.name, e);
    // Keep cached sorted views by binary insertion (a re-sort of 150,000 pods per create would be quadratic).
    if (n.sorted) n.sorted.splice(lowerBound(n.sorted, e), 0, e);
    if (t.sortedAll) t.sortedAll.splice(lowerBound(t.sortedAll, e), 0, e);
    t.count++;
    const uid = e.obj.metadata.uid;
    if (uid && uidIndexed(e.kind, e.obj)) this.byUid.set(uid, e);
    this.indexSecondary(t, e, e.obj);
  }

  /** Swap the stored object, re-indexing only what changed. */
  replace(e: Entry, obj: KubeObject): void {
    const old = e.obj;
    const t = this.table(e.kind);
    if (old.metadata.labels !== obj.metadata.labels) this.relabel(t, e, old.metadata.labels, obj.metadata.labels);
    if (e.kind === 'Pod' && old.spec?.nodeName !== obj.spec?.nodeName) {
      if (old.spec?.nodeName) this.byNode.get(old.spec.nodeName)?.delete(e);
      if (obj.spec?.nodeName) addTo(this.byNode, obj.spec.nodeName, e);
    }
    if (e.kind === 'Event' && obj.metadata.uid && !uidIndexed(e.kind, old) && uidIndexed(e.kind, obj)) this.byUid.set(obj.metadata.uid, e);
    if (old.metadata.ownerReferences !== obj.metadata.ownerReferences) {
      for (const r of old.metadata.ownerReferences ?? []) removeFrom(this.byOwner, r.uid, e);
      for (const r of obj.metadata.ownerReferences ?? []) addTo(this.byOwner, r.uid, e);
    }
    e.obj = obj;
  }

  remove(e: Entry): void {
    const t = this.table(e.kind);
    const n = t.byNs.get(e.ns);
    if (n && n.byName.get(e.name) === e) {
      n.byName.delete(e.name);
      if (n.sorted) n.sorted.splice(lowerBound(n.sorted, e), 1);
      if (n.byName.size === 0) {
        t.byNs.delete(e.ns);
        this.nsTablesDropped++;
      }
      if (t.sortedAll) t.sortedAll.splice(lowerBound(t.sortedAll, e), 1);
      t.count--;
    }
    const obj = e.obj;
    if (obj.metadata.uid && this.byUid.get(obj.metadata.uid) === e) this.byUid.delete(obj.metadata.uid);
    this.relabel(t, e, obj.metadata.labels, undefined);
    if (e.kind === 'Pod' && obj.spec?.nodeName) this.byNode.get(obj.spec.nodeName)?.delete(e);
    for (const r of obj.metadata.ownerReferences ?? []) removeFrom(this.byOwner, r.uid, e);
  }

  private indexSecondary(t: KindTable, e: Entry, obj: KubeObject): void {
    const labels = obj.metadata.labels;
    if (labels && t.labels) {
      const keys = labelKeys(labels);
      for (let i = 0; i < keys.length; i++) addTo(t.labels, keys[i]!, e);
    }
    if (e.kind === 'Pod' && obj.spec?.nodeName) addTo(this.byNode, obj.spec.nodeName, e);
    const refs = obj.metadata.ownerReferences;
    if (refs) for (let i = 0; i < refs.length; i++) addTo(this.byOwner, refs[i]!.uid, e);
  }

  private relabel(t: KindTable, e: Entry, before: Record<string, string> | undefined, after: Record<string, string> | undefined): void {
    if (!t.labels) return;
    const idx = t.labels;
    // labelKeys(x)[i] is the key of the i-th label in for-in order (the objects are immutable).
    if (before) {
      const keys = labelKeys(before);
      let i = 0;
      for (const k in before) {
        if (!after || after[k] !== before[k]) removeFrom(idx, keys[i]!, e);
        i++;
      }
    }
    if (after) {
      const keys = labelKeys(after);
      let i = 0;
      for (const k in after) {
        if (!before || before[k] !== after[k]) addTo(idx, keys[i]!, e);
        i++;
      }
    }
  }

  /** Entries with label key=value (any namespace). */
  withLabel(kind: string, key: string, value: string): Set<Entry> | undefined {
    const t = this.kinds.get(kind);
    if (!t) return undefined;
    if (!t.labels) {
      // Lazy: kinds never selected by label (events, configmaps...) pay nothing on writes.
      const idx = new Map<string, Set<Entry>>();
      for (const n of t.byNs.values()) {
        for (const e of n.byName.values()) {
          const labels = e.obj.metadata.labels;
          if (labels) for (const k in labels) addTo(idx, k + '\u0000' + labels[k], e);
        }
      }
      t.labels = idx;
    }
    return t.labels.get(key + '\u0000' + value);
  }

  /** Entries of one namespace, sorted by name. */
  inNamespace(kind: string, ns: string): Entry[] {
    const n = this.kinds.get(kind)?.byNs.get(ns);
    if (!n) return [];
    if (!n.sorted) n.sorted = [...n.byName.values()].sort(byName);
    return n.sorted;
  }

  /** All entries of a kind sorted by (namespace, name). */
  all(kind: string): Entry[] {
    const t = this.kinds.get(kind);
    if (!t) return [];
    if (!t.sortedAll) {
      const out: Entry[] = [];
      for (const ns of [...t.byNs.keys()].sort()) {
        const part = this.inNamespace(kind, ns);
        for (let i = 0; i < part.length; i++) out.push(part[i]!);
      }
      t.sortedAll = out;
    }
    return t.sortedAll;
  }

  /** Namespaces that hold at least one object of this kind. */
  namespacesOf(kind: string): string[] {
    return [...(this.kinds.get(kind)?.byNs.keys() ?? [])];
  }

  kindsStored(): string[] {
    return [...this.kinds.keys()].filter((k) => this.kinds.get(k)!.count > 0);
  }

  onNode(node: string): Entry[] {
    return [...(this.byNode.get(node) ?? [])];
  }

  ownedBy(uid: string): Entry[] {
    return [...(this.byOwner.get(uid) ?? [])];
  }
}

/** `key\0value` per label in for-in order, per labels object (pods of one template share it). */
const labelKeysMemo = new WeakMap<Record<string, string>, string[]>();
function labelKeys(labels: Record<string, string>): string[] {
  let keys = labelKeysMemo.get(labels);
  if (keys === undefined) {
    keys = [];
    for (const k in labels) keys.push([k, '\u0000', String(labels[k])].join(''));
    labelKeysMemo.set(labels, keys);
  }
  return keys;
}

/**
 * Events are looked up by uid only when something can refer to them (owner references or
 * finalizers: the garbage collector); the kubelets' millions of plain Events skip that index.
 */
function uidIndexed(kind: string, obj: KubeObject): boolean {
  if (kind !== 'Event') return true;
  const m = obj.metadata;
  return (m.ownerReferences?.length ?? 0) > 0 || (m.finalizers?.length ?? 0) > 0;
}

function addTo<K>(m: Map<K, Set<Entry>>, k: K, e: Entry): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(e);
}

function removeFrom<K>(m: Map<K, Set<Entry>>, k: K, e: Entry): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(e);
  if (s.size === 0) m.delete(k);
}

/** Sort entries by (namespace, name). */
export function compareEntries(a: Entry, b: Entry): number {
  if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** First index whose entry sorts at or after `e` by (namespace, name). */
function lowerBound(list: Entry[], e: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(list[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
