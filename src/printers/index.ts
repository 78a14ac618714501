/** kubectl-style output: `kubectl get` tables per kind. */
export { formatTable, type Table } from './table.js';
export { age } from './age.js';
export { getTable, getTables, ALL_KINDS, type GetRequest, type GetResult } from './get-table.js';
export { PRINTERS } from './printers.js';
export type { KindPrinter } from './kind-printer.js';
export { podCells } from './pod-table.js';
export { compareTables, type TableComparison } from './compare-tables.js';
export { describeObject, DESCRIBERS, describeContains, normaliseDescribeText, type DescribeResult } from './describe/index.js';
