/** Where the CLI writes and what it knows of its surroundings (injectable for in-process tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * The real process. A reader that goes away (`kscenario run scenarios | head`) closes the pipe:
 * further output is dropped quietly instead of dying with an EPIPE stack trace.
 */
export function processIo(): CliIo {
  let stdoutOpen = true;
  let stderrOpen = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`kscenario: cannot write to stdout: ${e.message}\n`);
    stdoutOpen = false;
  });
  process.stderr.on('error', () => {
    stderrOpen = false;
  });
  return {
    stdout: (t) => {
      if (stdoutOpen) process.stdout.write(t);
    },
    stderr: (t) => {
      if (stderrOpen) process.stderr.write(t);
    },
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
