import { age } from './age.js';
import { containerCells, int, selectorString } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** printDeployment: READY is readyReplicas/spec.replicas; UP-TO-DATE and AVAILABLE from status. */
export const deploymentTable: KindPrinter = {
  columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const st = o.status ?? {};
    const cells = [o.metadata.name ?? '', `${int(st.readyReplicas)}/${int(o.spec?.replicas)}`, int(st.updatedReplicas), int(st.availableReplicas), age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(...containerCells(o.spec?.template), selectorString(o.spec?.selector));
    return cells;
  },
};
