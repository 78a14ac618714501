import { age } from './age.js';
import { containerCells, formatLabels, int, selectorString } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** printDaemonSet: the status counters, NODE SELECTOR as labels.FormatLabels of the template's nodeSelector. */
export const daemonSetTable: KindPrinter = {
  columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const st = o.status ?? {};
    const cells = [
      o.metadata.name ?? '',
      int(st.desiredNumberScheduled),
      int(st.currentNumberScheduled),
      int(st.numberReady),
      int(st.updatedNumberScheduled),
      int(st.numberAvailable),
      formatLabels(o.spec?.template?.spec?.nodeSelector),
      age(o.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(...containerCells(o.spec?.template), selectorString(o.spec?.selector));
    return cells;
  },
};
