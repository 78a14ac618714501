import { age } from './age.js';
import { containerCells, selectorString } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** printCronJob (printBoolPtr: `True`/`False`, `<unset>`): TIMEZONE `<none>` when unset, LAST SCHEDULE `<none>` before the first run. */
export const cronJobTable: KindPrinter = {
  columns: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const spec = o.spec ?? {};
    const st = o.status ?? {};
    const last = st.lastScheduleTime ? age(st.lastScheduleTime, now) : '<none>';
    const cells = [o.metadata.name ?? '', spec.schedule ?? '', spec.timeZone || '<none>', spec.suspend == null ? '<unset>' : spec.suspend ? 'True' : 'False', String((st.active ?? []).length), last, age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(...containerCells(spec.jobTemplate?.spec?.template), selectorString(spec.jobTemplate?.spec?.selector));
    return cells;
  },
};
