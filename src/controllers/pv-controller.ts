import type { KubeObject, StoreApi, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import type { Timer } from '../engine/engine.js';
import { Controller } from './controller.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkVolumeSatisfyClaim,
  claimClass,
  defaultClass,
  findByClaim,
  isVolumeBoundToClaim,
  volumeModeMismatch,
  podClaimNames,
} from './pv-matching.js';
import { defaultStorageClassPlugin } from '../api/admission/default-storage-class.js';
import type { AdmissionPlugin } from '../store/store.js';
import { inTreeToCSIName } from './pv-external-provisioner.js';

export const PV_CONTROLLER = 'persistentvolume-controller';

/*
 * The PersistentVolume binder, reclaimer and provisioning trigger
 * (pkg/controller/volume/persistentvolume/pv_controller.go, pv_controller_base.go).
 *
 * Timing: claims and volumes are synced on every watch change (controller latency), a deleted
 * claim syncs its volume at once (deleteClaim), a deleted volume syncs its claim (deleteVolume),
 * and every --pvclaimbinder-sync-period (15s, on the grid 0, 15s, 30s... from controller start)
 * resync() enqueues every claim then every volume. A Pending claim waiting for a PV that is
 * created later is therefore bound at the next resync tick, as upstream. The tick is only armed
 * while PVs or PVCs exist (a cluster without storage gets no trace lines from it).
 *
 * Operations that upstream runs in goroutines (scheduleOperation): delete and provisioning
 * triggers run inline; the Recycle scrub takes settings.pvRecycleDuration (a recycler pod
 * `recycler-for-<pv>` is not created as an object; its events are forwarded as upstream's
 * newRecyclerEventRecorder does, "Recycler pod: ...").
 */
export class PersistentVolumeController extends Controller {
  private resyncTimer: Timer | undefined;
  /** Running operations by name (scheduleOperation de-duplication). */
  private readonly running = new Set<string>();

  constructor() {
    super(PV_CONTROLLER);
  }

  private get store(): StoreApi {
    return this.ctx.store;
  }

  protected setup(): void {
    const store = this.ctx.store as StoreApi & { addAdmissionPlugin?: (p: AdmissionPlugin) => void };
    store.addAdmissionPlugin?.(defaultStorageClassPlugin);
    for (const c of this.store.list('PersistentVolumeClaim')) this.enqueue(claimKey(c));
    for (const v of this.store.list('PersistentVolume')) this.enqueue(volumeKey(v.metadata.name!));
    this.store.watch((e) => this.onEvent(e), ['PersistentVolume', 'PersistentVolumeClaim']);
    this.armResync();
  }

  private onEvent(e: WatchEvent): void {
    const o = e.object;
    if (e.kind === 'PersistentVolumeClaim') {
      if (e.type === 'DELETED') {
        // deleteClaim: sync the volume now so it is Released without waiting for the resync.
        if (o.spec?.volumeName) this.enqueue(volumeKey(o.spec.volumeName));
      } else this.enqueue(claimKey(o));
    } else if (e.type === 'DELETED') {
      // deleteVolume: the claim learns at once that its volume is gone (ClaimLost).
      const ref = o.spec?.claimRef;
      if (ref?.name) this.enqueue(`pvc:${ref.namespace ?? 'default'}/${ref.name}`);
    } else this.enqueue(volumeKey(o.metadata.name!));
    this.armResync();
  }

  /** resync(): every claim, then every volume, each sync period. */
  private armResync(): void {
    if (this.resyncTimer && !this.resyncTimer.cancelled) return;
    if (this.store.count('PersistentVolume') + this.store.count('PersistentVolumeClaim') === 0) return;
    const period = this.ctx.settings.pvClaimBinderSyncPeriod;
    const next = (Math.floor(this.ctx.engine.now / period) + 1) * period;
    this.resyncTimer = this.ctx.engine.at(next, PV_CONTROLLER, 'resync', '', () => {
      this.resyncTimer = undefined;
      for (const c of this.store.list('PersistentVolumeClaim')) this.enqueue(claimKey(c));
      for (const v of this.store.list('PersistentVolume')) this.enqueue(volumeKey(v.metadata.name!));
      this.armResync();
    });
  }

  protected reconcile(key: string): void {
    if (key.startsWith('pvc:')) {
      const rest = key.slice(4);
      const i = rest.indexOf('/');
      const claim = this.store.get('PersistentVolumeClaim', rest.slice(0, i), rest.slice(i + 1));
      if (claim) this.syncClaim(claim);
    } else {
      const volume = this.store.get('PersistentVolume', undefined, key.slice(3));
      if (volume) this.syncVolume(volume);
    }
  }

  // ------------------------------------------------------------------ claims

  private syncClaim(claim: KubeObject): void {
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) this.syncUnboundClaim(claim);
    else this.syncBoundClaim(claim);
  }

  private volumesSorted(): KubeObject[] {
    return this.store.list('PersistentVolume');
  }

  private syncUnboundClaim(claim: KubeObject): void {
    const volumeName: string | undefined = claim.spec?.volumeName;
    if (!volumeName) {
      const delay = this.isDelayBindingMode(claim);
      if (delay === 'error') return;
      const volume = findByClaim(claim, this.volumesSorted(), delay);
      if (volume) {
        this.bind(volume, claim);
        return;
      }
      // RetroactiveDefaultStorageClass (GA in 1.28): an unbound claim without a class gets the default one.
      if (this.assignDefaultStorageClass(claim)) return;
      if (delay && claim.metadata.annotations?.[ANN_SELECTED_NODE] === undefined) {
        this.emitEventForUnboundDelayBindingClaim(claim);
      } else if (claimClass(claim) !== '') {
        this.provisionClaim(claim);
        return;
      } else {
        this.ctx.events.record(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', PV_CONTROLLER);
      }
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const volume = this.store.get('PersistentVolume', undefined, volumeName);
    if (!volume) {
      // The user asked for a PV that does not exist: retry later.
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (!volume.spec?.claimRef) {
      const why = checkVolumeSatisfyClaim(volume, claim);
      if (why !== undefined) {
        this.ctx.events.record(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volume.metadata.name}": ${why}`, PV_CONTROLLER);
        this.updateClaimStatus(claim, 'Pending', undefined);
      } else this.bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      this.bind(volume, claim);
      return;
    }
    // The PV is claimed by someone else.
    this.ctx.events.record(claim, 'Warning', 'FailedBinding', `volume "${volume.metadata.name}" already bound to a different claim.`, PV_CONTROLLER);
    if (claim.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) this.updateClaimStatus(claim, 'Pending', undefined);
  }

  private syncBoundClaim(claim: KubeObject): void {
    const volumeName: string | undefined = claim.spec?.volumeName;
    if (!volumeName) {
      this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.store.get('PersistentVolume', undefined, volumeName);
    if (!volume) {
      this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata.uid) {
      this.bind(volume, claim);
      return;
    }
    this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** IsDelayBindingMode (pv_helpers.go): a missing class is Immediate; a class without a mode is an error. */
  private isDelayBindingMode(claim: KubeObject): boolean | 'error' {
    const name = claimClass(claim);
    if (name === '') return false;
    const sc = this.store.get('StorageClass', undefined, name);
    if (!sc) return false;
    if (sc.volumeBindingMode === undefined) return 'error';
    return sc.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** assignDefaultStorageClass: only for claims with neither spec.storageClassName nor the beta annotation. */
  private assignDefaultStorageClass(claim: KubeObject): boolean {
    if (claim.spec?.storageClassName != null) return false;
    if (claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return false;
    const def = defaultClass(this.store.list('StorageClass'));
    if (!def) return false;
    return this.write(() => this.store.update({ ...claim, spec: { ...claim.spec, storageClassName: def.metadata.name } }, { actor: PV_CONTROLLER })) !== undefined;
  }

  /** emitEventForUnboundDelayBindingClaim: WaitForFirstConsumer, or WaitForPodScheduled naming unscheduled pods. */
  private emitEventForUnboundDelayBindingClaim(claim: KubeObject): void {
    const ns = claim.metadata.namespace ?? 'default';
    const names = this.store
      .list('Pod', { namespace: ns })
      .filter((p) => !p.spec?.nodeName && podClaimNames(p).includes(claim.metadata.name!))
      .map((p) => p.metadata.name!);
    let reason = 'WaitForFirstConsumer';
    let message = 'waiting for first consumer to be created before binding';
    if (names.length > 0) {
      reason = 'WaitForPodScheduled';
      message = names.length > 1 ? `waiting for pods ${names.join(',')} to be scheduled` : `waiting for pod ${names[0]} to be scheduled`;
    }
    this.ctx.events.record(claim, 'Normal', reason, message, PV_CONTROLLER);
  }

  /**
   * provisionClaim + findProvisionablePlugin + provisionClaimOperationExternal. In 1.30 no
   * in-tree provisioner is usable: migrated plugins (aws-ebs, gce-pd, azure-disk, azure-file,
   * cinder, vsphere-volume) go to their CSI driver, other `kubernetes.io/` names have no
   * plugin, and any other name is an external provisioner (simulated by ExternalProvisioner).
   */
  private provisionClaim(claim: KubeObject): void {
    const name = claimClass(claim);
    const sc = this.store.get('StorageClass', undefined, name);
    if (!sc) {
      this.ctx.events.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`, PV_CONTROLLER);
      return;
    }
    const provisioner: string = sc.provisioner ?? '';
    let external = provisioner;
    if (provisioner.startsWith('kubernetes.io/')) {
      const csi = inTreeToCSIName(provisioner);
      if (csi === undefined) {
        const msg =
          provisioner === 'kubernetes.io/host-path'
            ? 'Failed to create provisioner: Provisioning in volume plugin "kubernetes.io/host-path" is disabled'
            : `no volume plugin matched name: ${provisioner}`;
        this.ctx.events.record(claim, 'Warning', 'ProvisioningFailed', msg, PV_CONTROLLER);
        return;
      }
      external = csi;
    }
    const op = `provision-${claimKey(claim)}[${claim.metadata.uid}]`;
    if (this.running.has(op)) return;
    // setClaimProvisioner: the annotations external provisioners watch for.
    let current = claim;
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== external || ann[ANN_BETA_STORAGE_PROVISIONER] !== external) {
      const updated = this.write(() =>
        this.store.update({ ...claim, metadata: { ...claim.metadata, annotations: { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: external, [ANN_STORAGE_PROVISIONER]: external } } }, { actor: PV_CONTROLLER }),
      );
      if (!updated) return;
      current = updated;
    }
    this.ctx.events.record(
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${external}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      PV_CONTROLLER,
    );
  }

  // ------------------------------------------------------------------ volumes

  private syncVolume(volume: KubeObject): void {
    const ref = volume.spec?.claimRef;
    if (!ref) {
      this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by the user to a claim that has not bound yet: the claim sync does it.
      this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    let claim = this.store.get('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name);
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      let v: KubeObject | undefined = volume;
      if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
        this.ctx.actions.emit({ component: PV_CONTROLLER, action: 'release', object: volume.metadata.name!, data: { policy: volume.spec?.persistentVolumeReclaimPolicy } });
        v = this.updateVolumePhase(volume, 'Released', '');
        if (!v) return;
      }
      this.reclaimVolume(v);
      return;
    }
    if (!claim.spec?.volumeName) {
      if (volumeModeMismatch(claim, volume)) {
        this.ctx.events.record(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`, PV_CONTROLLER);
        this.ctx.events.record(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`, PV_CONTROLLER);
        return;
      }
      // Bound volume, pending claim: the claim sync finishes the binding (speeds up provisioning).
      this.enqueue(claimKey(claim));
      return;
    }
    if (claim.spec.volumeName === volume.metadata.name) {
      this.updateVolumePhase(volume, 'Bound', '');
      return;
    }
    // The claim is bound to another volume.
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== undefined && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      let v: KubeObject | undefined = volume;
      if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
        v = this.updateVolumePhase(volume, 'Released', '');
        if (!v) return;
      }
      this.reclaimVolume(v);
      return;
    }
    this.unbindVolume(volume);
  }

  /** reclaimVolume: Retain does nothing; Recycle and Delete run as operations. */
  private reclaimVolume(volume: KubeObject): void {
    if (volume.metadata.annotations?.['pv.kubernetes.io/migrated-to']) return;
    const policy = volume.spec?.persistentVolumeReclaimPolicy;
    const name = volume.metadata.name!;
    if (policy === 'Retain') return;
    if (policy === 'Recycle') {
      const op = `recycle-${name}[${volume.metadata.uid}]`;
      if (this.running.has(op)) return;
      this.recycleVolumeOperation(volume, op);
      return;
    }
    if (policy === 'Delete') {
      this.deleteVolumeOperation(volume);
      return;
    }
    this.updateVolumePhaseWithEvent(volume, 'Failed', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
  }

  /** isVolumeReleased: claimRef with a uid whose claim is gone (or bound to another volume). */
  private isVolumeReleased(volume: KubeObject): boolean {
    const ref = volume.spec?.claimRef;
    if (!ref || !ref.uid) return false;
    const claim = this.store.get('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name);
    if (claim && claim.metadata.uid === ref.uid) return !!claim.spec?.volumeName && claim.spec.volumeName !== volume.metadata.name;
    return true;
  }

  /**
   * recycleVolumeOperation: only nfs and hostPath have a recycler (pkg/volume/nfs, host_path);
   * otherwise Failed with VolumeFailedRecycle "No recycler plugin found for the volume!". The
   * recycler pod (pkg/volume/util/recyclerclient) runs `pv-recycler` and its events reach the PV
   * as "Recycler pod: <message>"; after the scrub the PV gets VolumeRecycled and is unbound.
   */
  private recycleVolumeOperation(volume: KubeObject, op: string): void {
    if (!this.isVolumeReleased(volume)) return;
    const spec = volume.spec ?? {};
    if (!spec.nfs && !spec.hostPath) {
      this.updateVolumePhaseWithEvent(volume, 'Failed', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
      return;
    }
    const name = volume.metadata.name!;
    this.running.add(op);
    this.ctx.actions.emit({ component: PV_CONTROLLER, action: 'recycle', object: name, data: { policy: spec.persistentVolumeReclaimPolicy } });
    const node = this.store.list('Node').find((n) => !n.spec?.unschedulable && (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
    const pod = `recycler-for-${name}`;
    if (node) {
      this.ctx.events.record(volume, 'Normal', 'RecyclerPod', `Recycler pod: Successfully assigned default/${pod} to ${node.metadata.name}`, PV_CONTROLLER);
      this.ctx.events.record(volume, 'Normal', 'RecyclerPod', 'Recycler pod: Created container pv-recycler', PV_CONTROLLER);
      this.ctx.events.record(volume, 'Normal', 'RecyclerPod', 'Recycler pod: Started container pv-recycler', PV_CONTROLLER);
    }
    this.ctx.engine.after(this.ctx.settings.pvRecycleDuration, PV_CONTROLLER, 'recycled', name, () => {
      this.running.delete(op);
      const cur = this.store.get('PersistentVolume', undefined, name);
      if (!cur || cur.metadata.uid !== volume.metadata.uid || !this.isVolumeReleased(cur)) return;
      this.ctx.events.record(cur, 'Normal', 'VolumeRecycled', 'Volume recycled', PV_CONTROLLER);
      this.unbindVolume(cur);
    });
  }

  /**
   * deleteVolumeOperation + doDeleteVolume + findDeletablePlugin: an externally provisioned
   * volume waits for its provisioner; hostPath deletes under /tmp/.+ only; other sources have no
   * deleter in kube-controller-manager and the volume goes Failed (VolumeFailedDelete).
   */
  private deleteVolumeOperation(volume: KubeObject): void {
    if (volume.metadata.deletionTimestamp) return;
    if (!this.isVolumeReleased(volume)) return;
    const name = volume.metadata.name!;
    const err = this.deleterError(volume);
    if (err === 'external') return;
    if (err !== undefined) {
      this.updateVolumePhaseWithEvent(volume, 'Failed', 'VolumeFailedDelete', err);
      return;
    }
    this.ctx.actions.emit({ component: PV_CONTROLLER, action: 'delete-volume', object: name, data: { phase: volume.status?.phase, policy: volume.spec?.persistentVolumeReclaimPolicy } });
    this.write(() => this.store.delete('PersistentVolume', undefined, name, { actor: PV_CONTROLLER, preconditions: { uid: volume.metadata.uid! } }));
  }

  private deleterError(volume: KubeObject): string | 'external' | undefined {
    const name = volume.metadata.name!;
    const by = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
    if (by) {
      if (!by.startsWith('kubernetes.io/')) return 'external';
      if (by !== 'kubernetes.io/host-path') return `no volume plugin matched name: ${by}`;
    }
    const spec = volume.spec ?? {};
    if (spec.hostPath) {
      const path = String(spec.hostPath.path ?? '');
      return /\/tmp\/.+/.test(path) ? undefined : `host_path deleter only supports /tmp/.+ but received provided ${path}`;
    }
    // FindDeletablePluginBySpec: kube-controller-manager has plugins for nfs, csi, iscsi, fc and
    // flexVolume that cannot delete; for other sources (local...) it has no plugin at all.
    const known = spec.nfs || spec.csi || spec.iscsi || spec.fc || spec.rbd || spec.flexVolume;
    return `error getting deleter volume plugin for volume "${name}": ${known ? 'no deletable volume plugin matched' : 'no volume plugin matched'}`;
  }

  /** unbindVolume: clear the claimRef the controller set (only its uid when the user pre-bound it), then Available. */
  private unbindVolume(volume: KubeObject): void {
    const ann = { ...(volume.metadata.annotations ?? {}) };
    let spec: any;
    let metadata = volume.metadata;
    if (ann[ANN_BOUND_BY_CONTROLLER] !== undefined) {
      const { claimRef: _drop, ...rest } = volume.spec;
      spec = rest;
      delete ann[ANN_BOUND_BY_CONTROLLER];
      metadata = { ...volume.metadata };
      if (Object.keys(ann).length === 0) delete metadata.annotations;
      else metadata.annotations = ann;
    } else {
      const { uid: _uid, ...ref } = volume.spec.claimRef;
      spec = { ...volume.spec, claimRef: ref };
    }
    const updated = this.write(() => this.store.update({ ...volume, metadata, spec }, { actor: PV_CONTROLLER }));
    if (updated) this.updateVolumePhase(updated, 'Available', '');
  }

  // ------------------------------------------------------------------ binding

  /** bind: volume claimRef, volume phase Bound, claim volumeName + annotations, claim phase Bound. */
  private bind(volume: KubeObject, claim: KubeObject): void {
    this.ctx.actions.emit({ component: PV_CONTROLLER, action: 'bind', object: volume.metadata.name!, data: { claim: claimKey(claim).slice(4) } });
    let v = this.bindVolumeToClaim(volume, claim);
    if (!v) return;
    v = this.updateVolumePhase(v, 'Bound', '');
    if (!v) return;
    let c = this.bindClaimToVolume(claim, v);
    if (!c) return;
    c = this.updateClaimStatus(c, 'Bound', v);
  }

  private bindVolumeToClaim(volume: KubeObject, claim: KubeObject): KubeObject | undefined {
    const ref = volume.spec?.claimRef;
    const want = {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata.namespace ?? 'default',
      name: claim.metadata.name,
      uid: claim.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: claim.metadata.resourceVersion,
    };
    let dirty = false;
    let spec = volume.spec;
    let metadata = volume.metadata;
    // GetBindVolumeToClaim: set claimRef when missing or without this claim's uid.
    if (!ref || ref.name !== want.name || ref.namespace !== want.namespace || ref.uid !== want.uid) {
      spec = { ...spec, claimRef: want };
      dirty = true;
    }
    if (!isVolumeBoundToClaim(volume, claim) && metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) {
      metadata = { ...metadata, annotations: { ...(metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' } };
      dirty = true;
    }
    if (!dirty) return volume;
    return this.write(() => this.store.update({ ...volume, metadata, spec }, { actor: PV_CONTROLLER }));
  }

  private bindClaimToVolume(claim: KubeObject, volume: KubeObject): KubeObject | undefined {
    let dirty = false;
    let spec = claim.spec;
    const ann = { ...(claim.metadata.annotations ?? {}) };
    if (spec?.volumeName !== volume.metadata.name) {
      spec = { ...spec, volumeName: volume.metadata.name };
      if (ann[ANN_BOUND_BY_CONTROLLER] === undefined) ann[ANN_BOUND_BY_CONTROLLER] = 'yes';
      dirty = true;
    }
    if (ann[ANN_BIND_COMPLETED] === undefined) {
      ann[ANN_BIND_COMPLETED] = 'yes';
      dirty = true;
    }
    if (!dirty) return claim;
    return this.write(() => this.store.update({ ...claim, metadata: { ...claim.metadata, annotations: ann }, spec }, { actor: PV_CONTROLLER }));
  }

  // ------------------------------------------------------------------ status writes

  private updateClaimStatus(claim: KubeObject, phase: string, volume: KubeObject | undefined): KubeObject | undefined {
    const st: any = { ...(claim.status ?? {}) };
    let dirty = false;
    if (st.phase !== phase) {
      st.phase = phase;
      dirty = true;
    }
    if (!volume) {
      if (st.accessModes !== undefined) {
        delete st.accessModes;
        dirty = true;
      }
      if (st.capacity !== undefined) {
        delete st.capacity;
        dirty = true;
      }
    } else {
      if (JSON.stringify(st.accessModes ?? null) !== JSON.stringify(volume.spec?.accessModes ?? null)) {
        st.accessModes = volume.spec?.accessModes;
        dirty = true;
      }
      // Capacity is set when the claim becomes Bound, not afterwards (a resize may differ on purpose).
      if ((claim.status?.phase ?? '') !== phase) {
        const cap = volume.spec?.capacity?.storage;
        if (cap !== undefined && String(claim.status?.capacity?.storage ?? '') !== String(cap)) {
          st.capacity = volume.spec.capacity;
          dirty = true;
        }
      }
    }
    if (!dirty) return claim;
    return this.write(() => this.store.updateStatus({ ...claim, status: st }, { actor: PV_CONTROLLER }));
  }

  private updateClaimStatusWithEvent(claim: KubeObject, phase: string, reason: string, message: string): void {
    if (claim.status?.phase === phase) return;
    const updated = this.updateClaimStatus(claim, phase, undefined);
    if (updated) this.ctx.events.record(updated, 'Warning', reason, message, PV_CONTROLLER);
  }

  private updateVolumePhase(volume: KubeObject, phase: string, message: string): KubeObject | undefined {
    if (volume.status?.phase === phase) return volume;
    const st: any = { ...(volume.status ?? {}), phase };
    if (message) st.message = message;
    else delete st.message;
    return this.write(() => this.store.updateStatus({ ...volume, status: st }, { actor: PV_CONTROLLER }));
  }

  private updateVolumePhaseWithEvent(volume: KubeObject, phase: string, reason: string, message: string): void {
    if (volume.status?.phase === phase) return;
    const updated = this.updateVolumePhase(volume, phase, message);
    if (updated) this.ctx.events.record(updated, 'Warning', reason, message, PV_CONTROLLER);
  }

  /** An API write; a conflict or a vanished object is retried by the next sync (nothing saved). */
  private write<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ApiError) return undefined;
      throw e;
    }
  }
}

function claimKey(c: KubeObject): string {
  return `pvc:${c.metadata.namespace ?? 'default'}/${c.metadata.name}`;
}

function volumeKey(name: string): string {
  return `pv:${name}`;
}
