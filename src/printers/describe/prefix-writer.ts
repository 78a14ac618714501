import { tabwrite } from './tab-writer.js';

/**
 * describe.go PrefixWriter: `write(level, text)` prefixes the text with two spaces per level
 * (LEVEL_0..LEVEL_4); `writeLine(text)` is WriteLine (Sprintln, no prefix). `toString()` is
 * tabbedString: everything written, laid out by the tabwriter.
 */
export class PrefixWriter {
  private buf = '';

  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }

  writeLine(text = ''): void {
    this.buf += text + '\n';
  }

  toString(): string {
    return tabwrite(this.buf);
  }
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
