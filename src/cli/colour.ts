/** ANSI colours for the terminal, or plain text when colours are off. */
export interface Paint {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function makePaint(enabled: boolean): Paint {
  if (!enabled) return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** Colours only on a terminal with NO_COLOR unset (https://no-color.org), unless forced by a flag. */
export function colourEnabled(isTTY: boolean, env: Record<string, string | undefined>, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined) return false;
  return isTTY;
}
