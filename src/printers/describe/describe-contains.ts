/**
 * `describe` + `contains` matching. Column padding depends on the widest label of each block
 * (adding an annotation re-pads every line), so both texts are compared after normalising each
 * line: leading and trailing blanks removed, every run of spaces/tabs inside a line made one
 * space. A wanted text then has to occur in the normalised output as a substring; a multi-line
 * wanted text has to occur as consecutive lines (its first line may be the end of a line, its
 * last line the start of one, as any substring).
 */
export function normaliseDescribeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The wanted texts missing from `output` (empty when all are there). */
export function describeContains(output: string, wanted: readonly string[]): string[] {
  const hay = normaliseDescribeText(output);
  return wanted.filter((w) => !hay.includes(normaliseDescribeText(w)));
}
