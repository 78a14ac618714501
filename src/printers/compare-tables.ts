import type { Table } from './table.js';

/** Result of matching an expected kubectl table against a printed one. */
export interface TableComparison {
  ok: boolean;
  /** The first difference, e.g. `row 2 (web-1) column STATUS: expected "Running", got "Pending"`. */
  message: string;
}

/** Split a table line into cells: two or more spaces separate columns (single spaces stay inside a cell). */
export function splitCells(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push({ text: m[0], start: m.index });
  return out;
}

/** `*` matches anything (also inside a cell: `web-*` for a random suffix); everything else literally. */
export function cellMatches(pattern: string, actual: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === actual;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(actual);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.length > 0);
}

/**
 * Place the expected tokens of one row into the actual columns. Same count: one to one. Fewer
 * (kubectl prints empty cells, e.g. PV CLAIM, that leave no token): by the header's column
 * starts when the tokens line up with them, else against the non-empty actual cells.
 */
function align(tokens: { text: string; start: number }[], actual: string[], headerStarts: number[]): { pattern: string; col: number }[] | undefined {
  if (tokens.length === actual.length) return tokens.map((t, i) => ({ pattern: t.text, col: i }));
  if (headerStarts.length === actual.length && tokens.every((t) => headerStarts.includes(t.start))) {
    const placed = new Map(tokens.map((t) => [headerStarts.indexOf(t.start), t.text]));
    return actual.map((_, i) => ({ pattern: placed.get(i) ?? '', col: i }));
  }
  const nonEmpty = actual.map((c, i) => ({ c, i })).filter((x) => x.c !== '');
  if (tokens.length === nonEmpty.length) return tokens.map((t, k) => ({ pattern: t.text, col: nonEmpty[k]!.i }));
  return undefined;
}

/** Compare an expected table (as a user pastes kubectl's output) cell by cell with the printed one. */
export function compareTables(expected: string, actual: Table): TableComparison {
  const exp = lines(expected);
  if (exp.length === 0) return { ok: false, message: 'the expected table is empty' };
  const headerTokens = splitCells(exp[0]!);
  const header = headerTokens.map((t) => t.text);
  // Output pasted from an older kubectl may lack a column 1.30 prints that it did not
  // (VOLUMEATTRIBUTESCLASS of pv/pvc, added in 1.29): without it, the other columns are compared.
  if (header.length < actual.columns.length) {
    const picked = subsequence(header, actual.columns);
    const dropped = picked ? actual.columns.filter((_, i) => !picked.includes(i)) : [];
    if (picked && dropped.every((c) => VERSION_COLUMNS.has(c))) {
      actual = { columns: picked.map((i) => actual.columns[i]!), rows: actual.rows.map((r) => picked.map((i) => r[i] ?? '')) };
    }
  }
  if (header.length !== actual.columns.length || header.some((h, i) => !cellMatches(h, actual.columns[i]!))) {
    return { ok: false, message: `header: expected ${header.join(' | ')}, got ${actual.columns.join(' | ')}` };
  }
  const rows = exp.slice(1);
  if (rows.length !== actual.rows.length) {
    return { ok: false, message: `expected ${rows.length} row${rows.length === 1 ? '' : 's'}, got ${actual.rows.length}` };
  }
  const starts = headerTokens.map((t) => t.start);
  for (let r = 0; r < rows.length; r++) {
    const cells = actual.rows[r]!;
    const placed = align(splitCells(rows[r]!), cells, starts);
    const label = `row ${r + 1} (${cells[0] ?? ''})`;
    if (!placed) return { ok: false, message: `${label}: expected ${splitCells(rows[r]!).length} cells, got ${cells.length} (${cells.map((c) => c || '""').join(' | ')})` };
    for (const { pattern, col } of placed) {
      if (!cellMatches(pattern, cells[col]!)) {
        return { ok: false, message: `${label} column ${actual.columns[col]}: expected "${pattern}", got "${cells[col]}"` };
      }
    }
  }
  return { ok: true, message: `${actual.rows.length} row${actual.rows.length === 1 ? '' : 's'} match` };
}

/** Columns an expected table may leave out: ones older kubectl releases did not print. */
const VERSION_COLUMNS: ReadonlySet<string> = new Set(['VOLUMEATTRIBUTESCLASS']);

/** Indexes of `want` (exact names) in `have`, in order, or undefined. */
function subsequence(want: string[], have: string[]): number[] | undefined {
  const out: number[] = [];
  let j = 0;
  for (const w of want) {
    while (j < have.length && have[j] !== w) j++;
    if (j === have.length) return undefined;
    out.push(j++);
  }
  return out;
}
