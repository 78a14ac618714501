import { Controller } from './controller.js';
import { kindInfo } from '../api/kinds.js';
import { ApiError, type KubeObject, type ObjectMeta, type OwnerReference, type WatchEvent } from '../store/types.js';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go). Keys are
 * `<uid>`; reconcile looks at the object's current state:
 *   - deleting with finalizer `orphan`: strip the owner reference from every dependent, then
 *     remove the finalizer (orphanDependents / removeFinalizer);
 *   - deleting with finalizer `foregroundDeletion`: delete the dependents, and once no
 *     blocking dependent (blockOwnerDeletion=true) is left, remove the finalizer
 *     (processDeletingDependentsItem);
 *   - otherwise, with owner references: attemptToDeleteItem — collected only when no owner is
 *     "solid" (present by UID and not itself waiting for its dependents).
 */
export class GarbageCollector extends Controller {
  constructor() {
    super('garbage-collector');
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onChange(e));
  }

  private onChange(e: WatchEvent): void {
    const obj = e.object;
    const meta = obj.metadata;
    if (e.type === 'DELETED') {
      // Dependents of a vanished owner may now be garbage.
      for (const d of this.ctx.store.dependents(meta.uid!)) this.enqueue(d.metadata.uid!);
      // An owner waiting for its dependents re-checks when one goes away.
      for (const r of meta.ownerReferences ?? []) {
        const owner = this.ctx.store.getByUid(r.uid);
        if (owner && isDeletingDependents(owner)) this.enqueue(r.uid);
      }
      return;
    }
    if (meta.deletionTimestamp && (meta.finalizers?.includes(ORPHAN) || meta.finalizers?.includes(FOREGROUND))) {
      this.enqueue(meta.uid!);
      if (isDeletingDependents(obj) && !(e.old && isDeletingDependents(e.old))) {
        // startsWaitingForDependentsDeleted: every dependent is attempted.
        for (const d of this.ctx.store.dependents(meta.uid!)) this.enqueue(d.metadata.uid!);
      }
    }
    if (meta.ownerReferences?.length && (e.type === 'ADDED' || e.old?.metadata.ownerReferences !== meta.ownerReferences) && !this.ownersSolid(obj)) this.enqueue(meta.uid!);
  }

  /**
   * Every owner present (by UID) and not waiting for its dependents: attemptToDelete would keep
   * the object untouched, and any later change of an owner (deleted, replaced, foreground
   * deletion) enqueues its dependents itself. Upstream's graph builder likewise only attempts a
   * new dependent's deletion through an owner it has not observed (a virtual node).
   */
  private ownersSolid(obj: KubeObject): boolean {
    for (const r of obj.metadata.ownerReferences ?? []) {
      const owner = this.lookupOwner(obj, r);
      if (!owner || isDeletingDependents(owner)) return false;
    }
    return true;
  }

  protected reconcile(uid: string): void {
    const obj = this.ctx.store.getByUid(uid);
    if (!obj) return;
    const meta = obj.metadata;
    if (meta.deletionTimestamp && meta.finalizers?.includes(ORPHAN)) return this.orphanDependents(obj);
    if (isDeletingDependents(obj)) return this.processDeletingDependents(obj);
    if (meta.deletionTimestamp) return;
    if (meta.ownerReferences?.length) this.attemptToDelete(obj);
  }

  private orphanDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid!;
    for (const d of this.ctx.store.dependents(uid)) {
      this.ignoreNotFound(() =>
        this.ctx.store.patch(d.kind, d.metadata.namespace, d.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: d.metadata.uid } }, 'strategic', { actor: this.name, origin: 'system' }),
      );
    }
    this.removeFinalizer(owner, ORPHAN);
  }

  private processDeletingDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid!;
    const deps = this.ctx.store.dependents(uid);
    const blocking = deps.filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true));
    if (blocking.length === 0) {
      this.removeFinalizer(owner, FOREGROUND);
      return;
    }
    for (const d of blocking) if (!isDeletingDependents(d)) this.attemptToDelete(d);
  }

  private attemptToDelete(obj: KubeObject): void {
    const meta = obj.metadata;
    if (meta.deletionTimestamp && !isDeletingDependents(obj)) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const r of meta.ownerReferences ?? []) {
      const owner = this.lookupOwner(obj, r);
      if (!owner) dangling.push(r);
      else if (isDeletingDependents(owner)) waiting.push(r);
      else solid.push(r);
    }
    const store = this.ctx.store;
    const opts = { actor: this.name, origin: 'system' as const };
    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // Keep the object; drop references to owners that are gone or going.
      const drop = [...dangling, ...waiting].map((r) => ({ $patch: 'delete', uid: r.uid }));
      this.ignoreNotFound(() => store.patch(obj.kind, meta.namespace, meta.name!, { metadata: { ownerReferences: drop, uid: meta.uid } }, 'strategic', opts));
      return;
    }
    let policy: 'Background' | 'Foreground' | 'Orphan';
    if (waiting.length && store.dependents(meta.uid!).length) policy = 'Foreground';
    else if (meta.finalizers?.includes(ORPHAN)) policy = 'Orphan';
    else if (meta.finalizers?.includes(FOREGROUND)) policy = 'Foreground';
    else policy = 'Background';
    this.ignoreNotFound(() => store.delete(obj.kind, meta.namespace, meta.name!, { propagationPolicy: policy, preconditions: { uid: meta.uid }, actor: this.name }));
  }

  /** The owner by UID; a same-name object with another UID, or one outside the namespace, is absent. */
  private lookupOwner(dep: KubeObject, ref: OwnerReference): KubeObject | undefined {
    const owner = this.ctx.store.getByUid(ref.uid);
    if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return undefined;
    const info = kindInfo(owner.kind);
    if (info?.namespaced && owner.metadata.namespace !== dep.metadata.namespace) return undefined;
    return owner;
  }

  private removeFinalizer(obj: KubeObject, finalizer: string): void {
    const fins = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const metadata: ObjectMeta = { ...obj.metadata, finalizers: fins };
    if (!fins.length) delete metadata.finalizers;
    this.ignoreNotFound(() => this.ctx.store.update({ ...obj, metadata }, { actor: this.name, origin: 'system' }));
  }

  private ignoreNotFound(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof ApiError && (err.reason === 'NotFound' || err.reason === 'Conflict')) return;
      throw err;
    }
  }
}

function isDeletingDependents(o: KubeObject): boolean {
  return !!o.metadata.deletionTimestamp && !!o.metadata.finalizers?.includes(FOREGROUND);
}
