import { age } from './age.js';
import { containerCells, int, selectorString } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** printReplicaSet: DESIRED spec.replicas, CURRENT status.replicas, READY status.readyReplicas. */
export const replicaSetTable: KindPrinter = {
  columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const st = o.status ?? {};
    const cells = [o.metadata.name ?? '', int(o.spec?.replicas), int(st.replicas), int(st.readyReplicas), age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(...containerCells(o.spec?.template), selectorString(o.spec?.selector));
    return cells;
  },
};
