/**
 * kubectl's table layout: printers.GetNewTabWriter (k8s.io/cli-runtime/pkg/printers/tabwriter.go)
 * is a text/tabwriter with minwidth 6, padding 3 and pad char ' '. Every column but the last is
 * padded to max(6, widest cell + 3); the last cell of a row is printed as is. Headers are the
 * column names upper-cased (printers/tableprinter.go printHeader).
 */

/** A printed table: upper-case headers and rows of cells (strings, already formatted). */
export interface Table {
  columns: string[];
  rows: string[][];
}

const MIN_WIDTH = 6;
const PADDING = 3;

/** Width as text/tabwriter counts it (runes, not UTF-16 units). */
function cellWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lay the table out like kubectl's tabwriter; each line ends with '\n'. */
export function formatTable(t: Table, noHeaders = false): string {
  const lines = noHeaders ? t.rows : [t.columns, ...t.rows];
  if (lines.length === 0) return '';
  const ncols = Math.max(...lines.map((l) => l.length));
  const widths: number[] = [];
  for (let c = 0; c < ncols - 1; c++) {
    let w = MIN_WIDTH;
    for (const l of lines) {
      const cell = l[c];
      if (cell !== undefined && c < l.length - 1) w = Math.max(w, cellWidth(cell) + PADDING);
    }
    widths.push(w);
  }
  let out = '';
  for (const l of lines) {
    let line = '';
    for (let c = 0; c < l.length; c++) {
      const cell = l[c]!;
      line += c === l.length - 1 ? cell : cell + ' '.repeat(widths[c]! - cellWidth(cell));
    }
    out += line + '\n';
  }
  return out;
}
