import { age } from './age.js';
import { accessModesString } from './access-modes.js';
import { quantityCell } from './quantity-cell.js';
import type { KindPrinter } from './kind-printer.js';

/** helper.GetPersistentVolumeClass: the beta annotation wins over spec.storageClassName. */
export function storageClassOf(o: any): string {
  return o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';
}

/**
 * printPersistentVolume. VOLUMEATTRIBUTESCLASS: 1.29 added the column to the table
 * unconditionally (the field itself sits behind the alpha VolumeAttributesClass gate), so a
 * 1.30 API server prints it, as `<unset>` for every PV without the field.
 */
export const pvTable: KindPrinter = {
  columns: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
  wideColumns: ['VOLUMEMODE'],
  row(o, now, wide) {
    const spec = o.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
    const cells = [
      o.metadata.name ?? '',
      quantityCell(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      phase,
      claim,
      storageClassOf(o),
      spec.volumeAttributesClassName || '<unset>',
      o.status?.reason ?? '',
      age(o.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(spec.volumeMode ?? '<unset>');
    return cells;
  },
};

/** printPersistentVolumeClaim: CAPACITY and ACCESS MODES come from status once bound to a volume. */
export const pvcTable: KindPrinter = {
  columns: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
  wideColumns: ['VOLUMEMODE'],
  row(o, now, wide) {
    const spec = o.spec ?? {};
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
    let capacity = '';
    let modes = '';
    if (spec.volumeName) {
      modes = accessModesString(o.status?.accessModes);
      capacity = quantityCell(o.status?.capacity?.storage);
    }
    const cells = [o.metadata.name ?? '', phase, spec.volumeName ?? '', capacity, modes, storageClassOf(o), spec.volumeAttributesClassName || '<unset>', age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(spec.volumeMode ?? '<unset>');
    return cells;
  },
};
