/** Where the CLI writes and what it knows of its surroundings (injectable for in-process tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process: write synchronously so output order is kept and nothing is lost on exit. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Collects output in memory (tests). */
export function memoryIo(opts: Partial<Omit<CliIo, 'stdout' | 'stderr'>> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  return io;
}
