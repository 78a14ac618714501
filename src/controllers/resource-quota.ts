import { qualifiedResource, resolveKind } from '../api/kinds.js';
import { calculateUsed, checkQuotaRequest, matchingResources, quotaV1Pod } from '../api/admission/resource-quota.js';
import type { AdmissionPlugin } from '../store/store.js';
import { ApiError, type KubeObject, type StoreApi, type WatchEvent } from '../store/types.js';
import { Controller, keyOf, splitKey } from './controller.js';

/** --resource-quota-sync-period default (cmd/kube-controller-manager/app/options/resourcequotacontroller.go). */
export const RESOURCE_QUOTA_SYNC_PERIOD = 5 * 60_000;

const LEGACY_KINDS: Record<string, string> = {
  services: 'Service',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  replicationcontrollers: 'ReplicationController',
  resourcequotas: 'ResourceQuota',
};

/** The kinds whose objects a quota's hard names count. */
function trackedKinds(hard: readonly string[]): string[] {
  const out = new Set<string>();
  if (matchingResources('Pod', hard).length) out.add('Pod');
  for (const h of hard) {
    if (LEGACY_KINDS[h]) out.add(LEGACY_KINDS[h]!);
    if (h.startsWith('services.')) out.add('Service');
    if (h === 'requests.storage' || h.includes('.storageclass.storage.k8s.io/')) out.add('PersistentVolumeClaim');
    if (h.startsWith('count/')) {
      const info = resolveKind(h.slice('count/'.length));
      if (info) out.add(info.kind);
    }
  }
  return [...out].sort();
}

/**
 * The ResourceQuota controller (pkg/controller/resourcequota/resource_quota_controller.go) and
 * the ResourceQuota admission plugin it pairs with (plugin/resourcequota/controller.go):
 *  - sync: status.hard = spec.hard and status.used recalculated over the namespace, when a quota
 *    is created or its spec changes, every 5 minutes (full resync), and on replenishment: an
 *    object deleted, or a pod leaving quota (terminal phase; resource_quota_monitor.go);
 *  - admission: every create (and Service/PVC update) in a namespace with quotas is checked and,
 *    when admitted, charged to status.used at once (the plugin writes the quota before the
 *    object is stored), so creates in one instant see each other.
 */
export class ResourceQuotaController extends Controller {
  private quotas = 0;
  private resyncArmed = false;

  constructor() {
    super('resourcequota-controller');
  }

  protected setup(): void {
    const store = this.ctx.store as StoreApi & { addAdmissionPlugin?: (p: AdmissionPlugin) => void };
    store.addAdmissionPlugin?.(this.plugin());
    this.ctx.store.watch((ev) => this.onEvent(ev));
  }

  private onEvent(ev: WatchEvent): void {
    if (ev.kind === 'ResourceQuota') {
      if (ev.type === 'ADDED') this.quotas++;
      if (ev.type === 'DELETED') this.quotas--;
      if (ev.type !== 'DELETED' && (ev.type === 'ADDED' || JSON.stringify(ev.old?.spec) !== JSON.stringify(ev.object.spec))) this.enqueue(keyOf(ev.object));
      this.armResync();
      return;
    }
    if (this.quotas === 0) return;
    const ns = ev.object.metadata.namespace;
    if (!ns) return;
    let replenish = ev.type === 'DELETED';
    if (ev.type === 'MODIFIED' && ev.kind === 'Pod' && ev.old) replenish = quotaV1Pod(ev.old, this.ctx.engine.now) && !quotaV1Pod(ev.object, this.ctx.engine.now);
    if (ev.type === 'MODIFIED' && ev.kind === 'Service' && ev.old) replenish = (ev.old.spec?.type ?? 'ClusterIP') !== (ev.object.spec?.type ?? 'ClusterIP');
    if (!replenish) return;
    for (const q of this.ctx.store.list('ResourceQuota', { namespace: ns })) {
      if (trackedKinds(Object.keys(q.spec?.hard ?? {})).includes(ev.kind)) this.enqueue(keyOf(q));
    }
  }

  private armResync(): void {
    if (this.resyncArmed || this.quotas === 0) return;
    this.resyncArmed = true;
    this.ctx.engine.after(RESOURCE_QUOTA_SYNC_PERIOD, this.name, 'resync', 'resourcequotas', () => {
      this.resyncArmed = false;
      for (const q of this.ctx.store.list('ResourceQuota')) this.enqueue(keyOf(q));
      this.armResync();
    });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const quota = this.ctx.store.get('ResourceQuota', namespace, name);
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const objects: KubeObject[] = [];
    for (const kind of trackedKinds(Object.keys(hard))) objects.push(...this.ctx.store.list(kind, { namespace }));
    const used = calculateUsed(quota, objects, this.ctx.engine.now);
    const status = { hard: { ...hard }, used };
    if (JSON.stringify(status) === JSON.stringify({ hard: quota.status?.hard, used: quota.status?.used })) return;
    try {
      this.ctx.store.updateStatus({ ...quota, status }, { actor: this.name, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.enqueue(key);
    }
  }

  private plugin(): AdmissionPlugin {
    return {
      name: 'ResourceQuota',
      admit: (obj, ctx) => {
        if (this.quotas === 0 || (obj.kind === 'ResourceQuota' && ctx.operation === 'UPDATE')) return undefined;
        if (ctx.operation === 'UPDATE' && obj.kind !== 'Service' && obj.kind !== 'PersistentVolumeClaim') return undefined;
        const ns = obj.metadata?.namespace;
        if (!ns) return undefined;
        const quotas = ctx.store.list('ResourceQuota', { namespace: ns });
        if (quotas.length === 0) return undefined;
        const d = checkQuotaRequest(quotas, obj, ctx.old, this.ctx.engine.now);
        if (d.forbidden) throw new ApiError(403, 'Forbidden', `${qualifiedResource(obj.kind)} "${obj.metadata?.name ?? ''}" is forbidden: ${d.forbidden}`);
        for (const c of d.charges) {
          const fresh = ctx.store.get('ResourceQuota', ns, c.quota.metadata.name!) ?? c.quota;
          ctx.store.updateStatus({ ...fresh, status: { ...(fresh.status ?? {}), used: c.used } }, { actor: 'kube-apiserver', origin: 'system' });
        }
        return undefined;
      },
    };
  }
}
