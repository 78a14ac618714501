import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { Controller, splitKey } from './controller.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, claimClass } from './pv-matching.js';

export const EXTERNAL_PROVISIONER = 'external-provisioner';

/** csi-translation-lib: in-tree plugin names migrated to CSI drivers (migration GA and on in 1.30). */
const MIGRATED: Record<string, string> = {
  'kubernetes.io/aws-ebs': 'ebs.csi.aws.com',
  'kubernetes.io/gce-pd': 'pd.csi.storage.gke.io',
  'kubernetes.io/azure-disk': 'disk.csi.azure.com',
  'kubernetes.io/azure-file': 'file.csi.azure.com',
  'kubernetes.io/cinder': 'cinder.csi.openstack.org',
  'kubernetes.io/vsphere-volume': 'csi.vsphere.vmware.com',
};

export function inTreeToCSIName(provisioner: string): string | undefined {
  return MIGRATED[provisioner];
}

/**
 * A model of the external provisioners a cluster runs (kubernetes-csi/external-provisioner on
 * sig-storage-lib-external-provisioner): every provisioner the PV controller hands a claim to
 * (annotation volume.kubernetes.io/storage-provisioner not starting with `kubernetes.io/`) is
 * assumed to be installed. shouldProvision: an unbound claim with that annotation (and, for a
 * WaitForFirstConsumer class, volume.kubernetes.io/selected-node). It records `Provisioning`
 * "External provisioner is provisioning volume for claim \"ns/name\"", and after
 * settings.externalProvisionerLatency creates PV `pvc-<claim uid>` (capacity = request, the
 * claim's access modes and volumeMode, the class's reclaimPolicy (default Delete) and
 * mountOptions, a CSI source, claimRef with the claim's uid, annotation
 * pv.kubernetes.io/provisioned-by), then `ProvisioningSucceeded` "Successfully provisioned volume
 * pvc-...". shouldDelete: a Released PV with the Delete policy that it provisioned is deleted
 * after the same latency. Event source: the provisioner's name. Not modelled: topology (node
 * affinity of provisioned PVs), capacity rounding, the external-provisioner finalizer.
 */
export class ExternalProvisioner extends Controller {
  /** Claims (by uid) being provisioned and volumes being deleted. */
  private readonly inFlight = new Set<string>();

  constructor() {
    super(EXTERNAL_PROVISIONER);
  }

  private get store(): StoreApi {
    return this.ctx.store;
  }

  protected setup(): void {
    this.store.watch((e) => this.onEvent(e), ['PersistentVolumeClaim', 'PersistentVolume']);
  }

  private onEvent(e: WatchEvent): void {
    if (e.type === 'DELETED') return;
    const o = e.object;
    if (e.kind === 'PersistentVolumeClaim') {
      if (provisionerOf(o)) this.enqueue(`pvc:${o.metadata.namespace ?? 'default'}/${o.metadata.name}`);
    } else if (o.status?.phase === 'Released') this.enqueue(`pv:${o.metadata.name}`);
  }

  protected reconcile(key: string): void {
    if (key.startsWith('pvc:')) {
      const { namespace, name } = splitKey(key.slice(4));
      const claim = this.store.get('PersistentVolumeClaim', namespace, name);
      if (claim) this.maybeProvision(claim);
    } else {
      const pv = this.store.get('PersistentVolume', undefined, key.slice(3));
      if (pv) this.maybeDelete(pv);
    }
  }

  private maybeProvision(claim: KubeObject): void {
    const provisioner = provisionerOf(claim);
    if (!provisioner || claim.spec?.volumeName || claim.metadata.deletionTimestamp) return;
    const uid = claim.metadata.uid!;
    if (this.inFlight.has(uid)) return;
    const sc = this.store.get('StorageClass', undefined, claimClass(claim));
    if (!sc) return;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && claim.metadata.annotations?.[ANN_SELECTED_NODE] === undefined) return;
    const pvName = `pvc-${uid}`;
    if (this.store.get('PersistentVolume', undefined, pvName)) return;
    this.inFlight.add(uid);
    const ns = claim.metadata.namespace ?? 'default';
    this.ctx.events.record(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${claim.metadata.name}"`, provisioner);
    this.ctx.engine.after(this.ctx.settings.externalProvisionerLatency, EXTERNAL_PROVISIONER, 'provisioned', `${ns}/${claim.metadata.name}`, () => {
      this.inFlight.delete(uid);
      const cur = this.store.get('PersistentVolumeClaim', ns, claim.metadata.name!);
      if (!cur || cur.metadata.uid !== uid || cur.spec?.volumeName) return;
      const spec: Record<string, unknown> = {
        accessModes: cur.spec?.accessModes,
        capacity: { storage: cur.spec?.resources?.requests?.storage ?? '0' },
        claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: cur.metadata.name, uid, apiVersion: 'v1', resourceVersion: cur.metadata.resourceVersion },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: cur.spec?.volumeMode ?? 'Filesystem',
        csi: { driver: provisioner, volumeHandle: pvName, fsType: 'ext4' },
      };
      if (sc.mountOptions) spec.mountOptions = sc.mountOptions;
      const pv: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: provisioner } },
        spec,
      };
      try {
        this.store.create(pv, { actor: provisioner });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.ctx.events.record(cur, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${e.message}`, provisioner);
        return;
      }
      this.ctx.events.record(cur, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, provisioner);
    });
  }

  private maybeDelete(pv: KubeObject): void {
    const by = pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
    if (!by || by.startsWith('kubernetes.io/')) return;
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) return;
    const uid = pv.metadata.uid!;
    if (this.inFlight.has(uid)) return;
    this.inFlight.add(uid);
    const name = pv.metadata.name!;
    this.ctx.engine.after(this.ctx.settings.externalProvisionerLatency, EXTERNAL_PROVISIONER, 'deleted', name, () => {
      this.inFlight.delete(uid);
      const cur = this.store.get('PersistentVolume', undefined, name);
      if (!cur || cur.metadata.uid !== uid || cur.status?.phase !== 'Released' || cur.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
      this.ctx.actions.emit({ component: EXTERNAL_PROVISIONER, action: 'delete-volume', object: name, data: { phase: cur.status?.phase, policy: 'Delete' } });
      try {
        this.store.delete('PersistentVolume', undefined, name, { actor: by, preconditions: { uid } });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    });
  }
}

function provisionerOf(claim: KubeObject): string | undefined {
  const a = claim.metadata.annotations ?? {};
  const p = a[ANN_STORAGE_PROVISIONER] ?? a[ANN_BETA_STORAGE_PROVISIONER];
  if (!p || p.startsWith('kubernetes.io/')) return undefined;
  return p;
}
