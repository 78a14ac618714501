import type { Invariant } from './types.js';
import type { KubeObject, OwnerReference, StoreApi } from '../store/types.js';
import { kindInfo } from '../api/kinds.js';

const FOREGROUND = 'foregroundDeletion';

/** The owner by UID as the garbage collector resolves it: same kind and name, same namespace for namespaced owners. */
function ownerPresent(store: StoreApi, dep: KubeObject, ref: OwnerReference): boolean {
  const owner = store.getByUid(ref.uid);
  if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return false;
  return !(kindInfo(owner.kind)?.namespaced && owner.metadata.namespace !== dep.metadata.namespace);
}

/** Every owner reference names an absent owner (no reference → not garbage). */
function allOwnersAbsent(store: StoreApi, obj: KubeObject): boolean {
  const refs = obj.metadata.ownerReferences ?? [];
  return refs.length > 0 && refs.every((r) => !ownerPresent(store, obj, r));
}

const ref = (o: KubeObject): string => `${o.kind.toLowerCase()}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/**
 * garbage-collection (INVARIANTS.md), in a testable form:
 *  1. Collected in time: an object that is not being deleted (no deletionTimestamp) and whose
 *     owner references all name absent owners (by UID) is garbage from the instant that became
 *     true. It must be gone, or being deleted, or have lost those references (the GC orphans
 *     dependents of an Orphan-deleted owner before the owner goes), once the virtual clock has
 *     moved past that instant + controllerLatency: GC processing happens at the instant the
 *     change is seen, so "beyond GC processing" is "at any later instant".
 *  2. Foreground order: an owner seen deleting its dependents (deletionTimestamp + finalizer
 *     `foregroundDeletion`) is never removed from the store while a dependent with
 *     blockOwnerDeletion=true pointing at it still exists (terminating dependents count).
 * Watch-driven: candidates are found on owner deletion and on dependents' reference changes,
 * so the check after each event only looks at the candidates.
 */
export function garbageCollection(): Invariant {
  let store: StoreApi;
  let latency = 0;
  let now = (): number => 0;
  let report: Parameters<Invariant['start']>[1];
  /** uid -> instant from which the object was garbage. */
  const candidates = new Map<string, number>();
  /** uids of owners seen deleting their dependents in the foreground. */
  const foreground = new Set<string>();
  const consider = (o: KubeObject): void => {
    if (o.metadata.deletionTimestamp || !o.metadata.ownerReferences?.length) return;
    if (!candidates.has(o.metadata.uid!) && allOwnersAbsent(store, o)) candidates.set(o.metadata.uid!, now());
  };
  return {
    name: 'garbage-collection',
    start(ctx, rep) {
      store = ctx.store;
      latency = ctx.settings.controllerLatency;
      now = () => ctx.engine.now;
      report = rep;
      store.watch((e) => {
        const o = e.object;
        const uid = o.metadata.uid!;
        if (e.type === 'DELETED') {
          candidates.delete(uid);
          if (foreground.delete(uid)) {
            const blocking = store.dependents(uid).filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true));
            if (blocking.length) {
              report({
                invariant: 'garbage-collection',
                message: `${ref(o)} (foreground deletion) was removed while ${blocking.length} blocking dependent(s) remain: ${blocking.map(ref).join(', ')}`,
                objects: [ref(o), ...blocking.map(ref)],
                numbers: { blockingDependents: blocking.length },
              });
            }
          }
          for (const d of store.dependents(uid)) consider(d);
          return;
        }
        if (o.metadata.deletionTimestamp && o.metadata.finalizers?.includes(FOREGROUND)) foreground.add(uid);
        if (e.type === 'ADDED' || e.old?.metadata.ownerReferences !== o.metadata.ownerReferences) consider(o);
      });
    },
    check() {
      if (candidates.size === 0) return;
      const t = now();
      for (const [uid, since] of [...candidates]) {
        if (t <= since + latency) continue;
        candidates.delete(uid);
        const o = store.getByUid(uid);
        if (!o || o.metadata.deletionTimestamp || !allOwnersAbsent(store, o)) continue;
        report({
          invariant: 'garbage-collection',
          message: `${ref(o)} still exists ${t - since}ms after all its owners (${(o.metadata.ownerReferences ?? []).map((r) => `${r.kind.toLowerCase()}/${r.name} uid ${r.uid}`).join(', ')}) were gone`,
          objects: [ref(o), ...(o.metadata.ownerReferences ?? []).map((r) => `${r.kind.toLowerCase()}/${r.name}`)],
          numbers: { since, now: t },
        });
      }
    },
  };
}
