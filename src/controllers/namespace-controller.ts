import { Controller } from './controller.js';
import { KINDS } from '../api/kinds.js';
import { ApiError, type KubeObject } from '../store/types.js';
import { toTimestamp, fromTimestamp } from '../api/time.js';

interface Finalizer {
  finalizeNamespace(name: string, finalizers: string[], opts?: { actor?: string }): KubeObject;
}

const NAMESPACED_KINDS = KINDS.filter((k) => k.namespaced).map((k) => k.kind);

/**
 * The namespace controller (pkg/controller/namespace/deletion/namespaced_resources_deleter.go):
 * for a namespace with deletionTimestamp it deletes every namespaced object, waits until none
 * is left (pods end their grace period first), then removes the `kubernetes` spec finalizer
 * through namespaces/finalize and deletes the namespace for good.
 */
export class NamespaceController extends Controller {
  constructor() {
    super('namespace-controller');
  }

  protected setup(): void {
    const store = this.ctx.store;
    store.watch((e) => {
      if (e.kind === 'Namespace') {
        if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) this.enqueue(e.object.metadata.name!);
        return;
      }
      // Content leaving a terminating namespace lets it finish.
      if (e.type === 'DELETED' && e.object.metadata.namespace) {
        const ns = store.get('Namespace', undefined, e.object.metadata.namespace);
        if (ns?.metadata.deletionTimestamp) this.enqueue(ns.metadata.name!);
      }
    });
  }

  protected reconcile(name: string): void {
    const store = this.ctx.store;
    const ns = store.get('Namespace', undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    let estimate = 0;
    const now = this.ctx.engine.now;
    for (const kind of NAMESPACED_KINDS) {
      for (const obj of store.list(kind, { namespace: name })) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) {
          try {
            const left = store.delete(kind, name, obj.metadata.name!, { propagationPolicy: 'Background', actor: this.name });
            if (!left) remaining--;
            else if (left.metadata.deletionTimestamp) estimate = Math.max(estimate, fromTimestamp(left.metadata.deletionTimestamp) - now);
          } catch (err) {
            if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
            remaining--;
          }
        } else estimate = Math.max(estimate, fromTimestamp(obj.metadata.deletionTimestamp) - now);
      }
    }
    this.setConditions(ns, remaining > 0);
    if (remaining > 0) {
      // deleteAllContent's estimate: check again when the longest grace period has run out.
      if (estimate > 0) this.enqueueAfter(name, estimate + 1000);
      return;
    }
    const cur = store.get('Namespace', undefined, name);
    if (!cur) return;
    const fins: string[] = (cur.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes');
    if ((cur.spec?.finalizers ?? []).includes('kubernetes')) (store as unknown as Finalizer).finalizeNamespace(name, fins, { actor: this.name });
    if (fins.length === 0) {
      try {
        store.delete('Namespace', undefined, name, { actor: this.name });
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
      }
    }
  }

  /** status.conditions as the 1.30 namespace controller reports them (updateNamespaceStatusFunc). */
  private setConditions(ns: KubeObject, contentRemaining: boolean): void {
    const cur = this.ctx.store.get('Namespace', undefined, ns.metadata.name!);
    if (!cur) return;
    const ts = toTimestamp(this.ctx.engine.now);
    const prev: any[] = cur.status?.conditions ?? [];
    const want: Array<[string, string, string, string]> = [
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      contentRemaining
        ? ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining']
        : ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
    ];
    const conditions = want.map(([type, status, reason, message]) => {
      const p = prev.find((c) => c.type === type);
      const lastTransitionTime = p && p.status === status ? p.lastTransitionTime : ts;
      return { type, status, lastTransitionTime, reason, message };
    });
    const status = { ...(cur.status ?? {}), conditions };
    this.ctx.store.updateStatus({ ...cur, status }, { actor: this.name, origin: 'system' });
  }
}
