/**
 * How long a preStop hook keeps the kubelet before SIGTERM (kuberuntime_container.go
 * executePreStopHook: the kubelet waits for the hook, at most the grace period; the caller
 * caps it). The model runs no processes, so it reads the time off the hook:
 * - `sleep: {seconds: N}` (PodLifecycleSleepAction): N seconds.
 * - `exec`: the sum of the `sleep` commands it runs: `["sleep", "10"]`, `["/bin/sleep", "5s"]`,
 *   or a shell (`sh`/`bash`/`ash`/`dash` with `-c SCRIPT`) whose script holds `sleep N` commands
 *   separated by `;`, `&&`, `||`, `|`, `&` or newlines; other commands take no time. GNU sleep
 *   arguments: seconds with optional fraction and suffix s/m/h/d, several summed, `infinity`.
 *   Loops and conditionals are not interpreted (each `sleep` counts once).
 * - `httpGet` / `tcpSocket`: instant.
 * Undefined when there is no hook.
 */
export function preStopDuration(preStop: any): number | undefined {
  if (!preStop) return undefined;
  if (preStop.sleep) return (preStop.sleep.seconds ?? 0) * 1000;
  if (preStop.exec) return execDuration(preStop.exec.command ?? []);
  return 0;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

function base(cmd: string): string {
  return cmd.slice(cmd.lastIndexOf('/') + 1);
}

/** Duration of an exec hook's argv (ms; Infinity for `sleep infinity`). */
export function execDuration(argv: readonly string[]): number {
  if (argv.length === 0) return 0;
  let args = argv;
  // `busybox sh -c ...` / `busybox sleep 5`
  if (base(args[0]!) === 'busybox' && args.length > 1) args = args.slice(1);
  const cmd = base(args[0]!);
  if (cmd === 'sleep') return sleepArgs(args.slice(1));
  if (SHELLS.has(cmd)) {
    const c = args.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    if (c < 0 || c + 1 >= args.length) return 0;
    return scriptDuration(args[c + 1]!);
  }
  return 0;
}

/** Sum of the `sleep` commands of a shell script. */
export function scriptDuration(script: string): number {
  let total = 0;
  for (const part of script.split(/;|&&|\|\||\||&|\n/)) {
    const words = part.trim().replace(/^(then|do|else|\{|\()\s+/, '').split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const w0 = words[0]!.replace(/^exec$/, '');
    const cmd = base(w0 === '' ? words[1] ?? '' : w0);
    const rest = w0 === '' ? words.slice(2) : words.slice(1);
    if (cmd === 'sleep') total += sleepArgs(rest.map((w) => w.replace(/^["']|["']$/g, '')));
  }
  return total;
}

const UNIT: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** GNU sleep: each argument a number with an optional s/m/h/d suffix, summed; `infinity`. */
function sleepArgs(args: readonly string[]): number {
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) continue;
    total += Math.round(Number(m[1]) * UNIT[m[2]!]!);
  }
  return total;
}
