/**
 * Go's text/tabwriter as kubectl describe configures it (describe.go tabbedString:
 * `out.Init(buf, 0, 8, 2, ' ', 0)`: minwidth 0, padding 2, pad char ' ', no flags).
 *
 * Cells are tab-terminated; the text after a line's last tab is not a cell and is never padded.
 * A column block is a run of consecutive lines that all have a cell in that column; its width is
 * the widest cell + padding. A line without a tab ends every block (so `Containers:` or
 * `Events:` lines split the output into separately aligned parts, as in real output).
 * Widths count runes (utf8.RuneCount), as Go does.
 */

const PADDING = 2;
const MIN_WIDTH = 0;

function runeWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lay out tab-separated text exactly as the tabwriter would on Flush. */
export function tabwrite(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        out += c;
        if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j]! - runeWidth(c)));
      }
      // The last buffered line has no newline (text/tabwriter writeLines).
      if (i + 1 < lines.length) out += '\n';
    }
  };

  // text/tabwriter (*Writer).format, recursion over columns.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      let line = lines[t]!;
      if (column >= line.length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = MIN_WIDTH;
      for (; t < line1; t++) {
        line = lines[t]!;
        if (column >= line.length - 1) break;
        const w = runeWidth(line[column]!) + PADDING;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
