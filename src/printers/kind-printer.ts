import type { KubeObject } from '../store/types.js';

/**
 * One kind's table handler, like a TableHandler in printers.go AddHandlers: the column names
 * (Priority 0), the extra `-o wide` columns (Priority 1) and the cells of one object.
 */
export interface KindPrinter {
  columns: readonly string[];
  wideColumns: readonly string[];
  /** The whole `-o wide` header when the wide columns are not simply appended (events). */
  wideHeader?: readonly string[];
  /** Cells for the object at virtual time `now`; with `wide`, also the wide cells. */
  row(obj: KubeObject, now: number, wide: boolean): string[];
}
