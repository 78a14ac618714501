import type { KubeObject, StoreApi } from '../../store/types.js';
import { accessModesString } from '../access-modes.js';
import { storageClassOf } from '../pv-table.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { cmp, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, since } from './describe-format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './prefix-writer.js';
import { quantityString } from './pod-template.js';

/** `%v` of a []string: `[a b]`. */
function goList(v: string[] | undefined): string {
  return `[${(v ?? []).join(' ')}]`;
}

/** printVolumeNodeAffinity: `<none>` or the required terms, one expression per line. */
function printNodeAffinity(w: PrefixWriter, affinity: any): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms: any[] = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs: any[] = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      let e = `${r.key} ${String(r.operator).toLowerCase()}`;
      if (Array.isArray(r.values) && r.values.length > 0) e += ` [${r.values.join(', ')}]`;
      w.write(LEVEL_0, `${e}\n`);
    });
  });
}

/** The volume source lines of a PersistentVolume (the common in-tree kinds; others `<unknown>`). */
function printPVSource(w: PrefixWriter, spec: any): void {
  if (spec.hostPath) w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
  else if (spec.nfs) w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`);
  else if (spec.local) w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`);
  else if (spec.csi) {
    const c = spec.csi;
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${c.driver}\n    FSType:\t${c.fsType ?? ''}\n    VolumeHandle:\t${c.volumeHandle}\n    ReadOnly:\t${c.readOnly === true}\n`);
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    const keys = Object.keys(c.volumeAttributes ?? {}).sort(cmp);
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(LEVEL_2, '\t');
      w.write(LEVEL_2, `${k}=${c.volumeAttributes[k]}\n`);
    });
  } else w.write(LEVEL_1, '<unknown>\n');
}

/** describePersistentVolume (kubectl 1.30 describe.go). */
export function describePersistentVolume(store: StoreApi, pv: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = pv.spec ?? {};
  w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pv)}\n`);
  if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${spec.capacity?.storage !== undefined ? quantityString(spec.capacity.storage) : '0'}\n`);
  printNodeAffinity(w, spec.nodeAffinity);
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  printPVSource(w, spec);
  describeEvents(searchEvents(store, pv), w, now);
  return w.toString();
}

/** describePersistentVolumeClaim (kubectl 1.30 describe.go): the claim, the pods using it, conditions, events. */
export function describePersistentVolumeClaim(store: StoreApi, pvc: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = pvc.spec ?? {};
  const meta = pvc.metadata;
  w.write(LEVEL_0, `Name:\t${meta.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc)}\n`);
  if (meta.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(meta.finalizers)}\n`);
  const bound = !!spec.volumeName;
  w.write(LEVEL_0, `Capacity:\t${bound && pvc.status?.capacity?.storage !== undefined ? quantityString(pvc.status.capacity.storage) : bound ? '0' : ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name}\n`);
  }
  // getPodsForPVC: pods mounting the claim, then pods owning it; printed sorted by name.
  const nsPods = store.list('Pod', { namespace: meta.namespace });
  const users = nsPods.filter((p) => (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === meta.name));
  for (const ref of meta.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata.uid === ref.uid);
    if (owner && !users.includes(owner)) users.push(owner);
  }
  const names = users.map((p) => p.metadata.name!).sort(cmp);
  w.write(LEVEL_0, 'Used By:\t');
  if (names.length === 0) w.writeLine('<none>');
  names.forEach((n, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${n}\n`);
  });
  const conds: any[] = pvc.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  describeEvents(searchEvents(store, pvc), w, now);
  return w.toString();
}
