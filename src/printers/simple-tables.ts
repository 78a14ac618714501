import { age } from './age.js';
import { quantityCell } from './quantity-cell.js';
import type { KindPrinter } from './kind-printer.js';

const AGE = (o: any, now: number) => age(o.metadata.creationTimestamp, now);
const count = (m: unknown) => Object.keys((m as object) ?? {}).length;

/** printConfigMap: DATA counts data and binaryData keys. */
export const configMapTable: KindPrinter = {
  columns: ['NAME', 'DATA', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', String(count(o.data) + count(o.binaryData)), AGE(o, now)],
};

/** printSecret. */
export const secretTable: KindPrinter = {
  columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', o.type ?? '', String(count(o.data)), AGE(o, now)],
};

/** printNamespace. */
export const namespaceTable: KindPrinter = {
  columns: ['NAME', 'STATUS', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', o.status?.phase ?? '', AGE(o, now)],
};

/** printServiceAccount. */
export const serviceAccountTable: KindPrinter = {
  columns: ['NAME', 'SECRETS', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', String((o.secrets ?? []).length), AGE(o, now)],
};

/** printPriorityClass (PREEMPTIONPOLICY since 1.27's table). */
export const priorityClassTable: KindPrinter = {
  columns: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', String(o.value ?? 0), String(Boolean(o.globalDefault)), AGE(o, now), o.preemptionPolicy ?? ''],
};

/** printStorageClass: `(default)` after the default class's name; Delete / Immediate / false when unset. */
export const storageClassTable: KindPrinter = {
  columns: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
  wideColumns: [],
  row(o, now) {
    const ann = o.metadata.annotations ?? {};
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    const name = isDefault ? `${o.metadata.name} (default)` : (o.metadata.name ?? '');
    return [name, o.provisioner ?? '', o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', String(Boolean(o.allowVolumeExpansion)), AGE(o, now)];
  },
};

/** printPodDisruptionBudget: `N/A` for the bound that is not set. */
export const pdbTable: KindPrinter = {
  columns: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
  wideColumns: [],
  row(o, now) {
    const s = o.spec ?? {};
    return [o.metadata.name ?? '', s.minAvailable != null ? String(s.minAvailable) : 'N/A', s.maxUnavailable != null ? String(s.maxUnavailable) : 'N/A', String(o.status?.disruptionsAllowed ?? 0), AGE(o, now)];
  },
};

/** printLimitRange: the creation time itself (RFC 3339, UTC). */
export const limitRangeTable: KindPrinter = {
  columns: ['NAME', 'CREATED AT'],
  wideColumns: [],
  row: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''],
};

/** printResourceQuota: `resource: used/hard` pairs in resource-name order; `limits.*` in LIMIT. */
export const resourceQuotaTable: KindPrinter = {
  columns: ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
  wideColumns: [],
  row(o, now) {
    const hard: Record<string, unknown> = o.status?.hard ?? {};
    const used: Record<string, unknown> = o.status?.used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const pieces = r.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(`${r}: ${quantityCell(used[r])}/${quantityCell(hard[r])}`);
    }
    return [o.metadata.name ?? '', AGE(o, now), req.join(', '), lim.join(', ')];
  },
};

/** printLease. */
export const leaseTable: KindPrinter = {
  columns: ['NAME', 'HOLDER', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', AGE(o, now)],
};

/** printControllerRevision: CONTROLLER as `daemonset.apps/name`. */
export const controllerRevisionTable: KindPrinter = {
  columns: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
  wideColumns: [],
  row(o, now) {
    const ref = (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
    let controller = '<none>';
    if (ref) {
      const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [o.metadata.name ?? '', controller, String(o.revision ?? 0), AGE(o, now)];
  },
};
