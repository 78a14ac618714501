import { humanDuration } from '../api/index.js';
import { fromTimestamp } from '../api/index.js';
import { age } from './age.js';
import { containerCells, int, selectorString } from './format.js';
import type { KindPrinter } from './kind-printer.js';

function hasCondition(o: any, type: string): boolean {
  return (o.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
}

/**
 * printJob (1.30 added STATUS): Complete / Failed / Terminating / Suspended / FailureTarget /
 * Running. COMPLETIONS is `succeeded/completions`, or `succeeded/1 of parallelism` for a work
 * queue Job. DURATION runs from startTime to completionTime (or now).
 */
export const jobTable: KindPrinter = {
  columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const spec = o.spec ?? {};
    const st = o.status ?? {};
    let completions: string;
    if (spec.completions != null) completions = `${int(st.succeeded)}/${spec.completions}`;
    else if ((spec.parallelism ?? 1) > 1) completions = `${int(st.succeeded)}/1 of ${spec.parallelism}`;
    else completions = `${int(st.succeeded)}/1`;
    let duration = '';
    if (st.startTime) {
      const end = st.completionTime ? fromTimestamp(st.completionTime) : now;
      duration = humanDuration(end - fromTimestamp(st.startTime));
    }
    let status = 'Running';
    if (hasCondition(o, 'Complete')) status = 'Complete';
    else if (hasCondition(o, 'Failed')) status = 'Failed';
    else if (o.metadata.deletionTimestamp) status = 'Terminating';
    else if (hasCondition(o, 'Suspended')) status = 'Suspended';
    else if (hasCondition(o, 'FailureTarget')) status = 'FailureTarget';
    const cells = [o.metadata.name ?? '', status, completions, duration, age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(...containerCells(spec.template), selectorString(spec.selector));
    return cells;
  },
};
