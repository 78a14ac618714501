import type { Component } from '../cluster/context.js';
import { PersistentVolumeController } from './pv-controller.js';
import { ExternalProvisioner } from './pv-external-provisioner.js';
import { PVCProtectionController } from './pvc-protection.js';
import { PVProtectionController } from './pv-protection.js';
import { EphemeralVolumeController } from './ephemeral-volume.js';

/**
 * The storage components, in start order: the protection controllers (whose start registers the
 * StorageObjectInUseProtection admission plugin), the PV controller (DefaultStorageClass
 * admission), the simulated external provisioner and the ephemeral volume controller.
 */
export function storageComponents(): Component[] {
  return [new PVCProtectionController(), new PVProtectionController(), new PersistentVolumeController(), new ExternalProvisioner(), new EphemeralVolumeController()];
}
