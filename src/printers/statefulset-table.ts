import { age } from './age.js';
import { containerCells, int } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** printStatefulSet: READY is readyReplicas/spec.replicas; wide adds containers and images (no selector). */
export const statefulSetTable: KindPrinter = {
  columns: ['NAME', 'READY', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES'],
  row(o, now, wide) {
    const cells = [o.metadata.name ?? '', `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(...containerCells(o.spec?.template));
    return cells;
  },
};
