import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import type { Selector } from '../api/selector.js';
import { isPodActive } from './replicaset-pod-util.js';

/** One sibling ReplicaSet of a group: where its pods live and what its selector picks. */
export interface RelatedMember {
  uid: string;
  namespace: string | undefined;
  selector: Selector;
}

interface Group {
  signature: string;
  members: RelatedMember[];
  /** Pod uid -> node of each active pod some member selects (counted once, as the uid dedup upstream). */
  counted: Map<string, string>;
  perNode: Map<string, number>;
  dirty: Set<string>;
  /** The label-index slots this group is registered under. */
  slots: string[];
}

/**
 * getIndirectlyRelatedPods + getPodsRankedByRelatedPodsOnSameNode's per-node count
 * (pkg/controller/replicaset/replica_set.go), kept incrementally per controller (the ReplicaSets
 * of one Deployment): the number of active pods on each node that any sibling RS's selector
 * picks. Pod changes mark a pod dirty for every group one of whose selectors could pick its
 * old or new labels (found through one required `key=value` per selector); a query folds the
 * dirty pods in. The members are re-checked on every query and the group rebuilt from a full
 * list when they change.
 */
export class RelatedPodCounts {
  private readonly groups = new Map<string, Group>();
  /** `key\0value` -> groups with a member selector requiring it; `''` -> groups with a member requiring no equality. */
  private readonly bySlot = new Map<string, Set<Group>>();

  constructor(private readonly store: StoreApi) {}

  observe(e: WatchEvent): void {
    if (this.groups.size === 0) return;
    const pod = e.object;
    const uid = pod.metadata.uid;
    if (!uid) return;
    this.mark(uid, pod.metadata.labels);
    if (e.old && e.old.metadata.labels !== pod.metadata.labels) this.mark(uid, e.old.metadata.labels);
  }

  private mark(uid: string, labels: Record<string, string> | undefined): void {
    const wild = this.bySlot.get('');
    if (wild) for (const g of wild) g.dirty.add(uid);
    if (!labels) return;
    for (const k in labels) {
      const gs = this.bySlot.get(`${k}\u0000${labels[k]}`);
      if (gs) for (const g of gs) g.dirty.add(uid);
    }
  }

  /** The group of `controllerUid` is gone: forget it. */
  forget(controllerUid: string): void {
    const g = this.groups.get(controllerUid);
    if (!g) return;
    this.unregister(g);
    this.groups.delete(controllerUid);
  }

  /** Active related pods per node for the ReplicaSets `members` (all RSs with controller `controllerUid`). */
  perNode(controllerUid: string, members: RelatedMember[], signature: string): Map<string, number> {
    let g = this.groups.get(controllerUid);
    if (!g || g.signature !== signature) {
      if (g) this.unregister(g);
      g = { signature, members, counted: new Map(), perNode: new Map(), dirty: new Set(), slots: [] };
      this.groups.set(controllerUid, g);
      this.register(g);
      for (const m of members) for (const p of this.store.list('Pod', { namespace: m.namespace, labelSelector: m.selector })) g.dirty.add(p.metadata.uid!);
    }
    if (g.dirty.size) {
      const dirty = g.dirty;
      g.dirty = new Set();
      for (const uid of dirty) {
        const pod = this.store.getByUid(uid);
        let node: string | undefined;
        if (pod && pod.kind === 'Pod' && isPodActive(pod)) {
          const labels = pod.metadata.labels ?? {};
          for (const m of g.members) {
            if (m.namespace === pod.metadata.namespace && m.selector.matches(labels)) {
              node = pod.spec?.nodeName ?? '';
              break;
            }
          }
        }
        const prev = g.counted.get(uid);
        if (prev === node) continue;
        if (prev !== undefined) {
          const n = g.perNode.get(prev)! - 1;
          if (n) g.perNode.set(prev, n);
          else g.perNode.delete(prev);
          g.counted.delete(uid);
        }
        if (node !== undefined) {
          g.perNode.set(node, (g.perNode.get(node) ?? 0) + 1);
          g.counted.set(uid, node);
        }
      }
    }
    return g.perNode;
  }

  private register(g: Group): void {
    for (const m of g.members) {
      if (!m.selector.selectable()) continue;
      let slot = '';
      for (const r of m.selector.requirements()) {
        if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
          slot = `${r.key}\u0000${r.values[0]}`;
          break;
        }
      }
      let gs = this.bySlot.get(slot);
      if (!gs) this.bySlot.set(slot, (gs = new Set()));
      gs.add(g);
      g.slots.push(slot);
    }
  }

  private unregister(g: Group): void {
    for (const slot of g.slots) {
      const gs = this.bySlot.get(slot);
      if (!gs) continue;
      gs.delete(g);
      if (gs.size === 0) this.bySlot.delete(slot);
    }
    g.slots = [];
  }
}

/** The pods of `related` per node, for callers holding the list (getPodsRankedByRelatedPodsOnSameNode). */
export function relatedPodsPerNode(relatedPods: KubeObject[]): Map<string, number> {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return onNode;
}
