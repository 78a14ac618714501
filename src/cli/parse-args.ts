import { UsageError } from './usage-error.js';

export type Command = 'run' | 'validate' | 'help' | 'version';

/** The command line, parsed. Flags a subcommand does not take are rejected with a UsageError. */
export interface CliArgs {
  command: Command;
  /** `help` for a subcommand: `kscenario help run`, `kscenario run --help`. */
  helpFor?: 'run' | 'validate';
  files: string[];
  json: boolean;
  trace?: string;
  seed?: number;
  root?: string;
  at?: string;
  get?: string;
  /** With --get: `-o wide`, `-n NS`, `-A`, `-l SELECTOR` as kubectl takes them. */
  output?: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  /** `--at D --describe KIND/NAME [-n NS]`: what `kubectl describe` shows at D. */
  describe?: string;
  color?: boolean;
}

interface OptionSpec {
  name: string;
  takesValue: boolean;
  commands: Array<'run' | 'validate'>;
}

const OPTIONS: OptionSpec[] = [
  { name: 'json', takesValue: false, commands: ['run', 'validate'] },
  { name: 'trace', takesValue: true, commands: ['run'] },
  { name: 'seed', takesValue: true, commands: ['run'] },
  { name: 'root', takesValue: true, commands: ['run', 'validate'] },
  { name: 'at', takesValue: true, commands: ['run'] },
  { name: 'get', takesValue: true, commands: ['run'] },
  { name: 'output', takesValue: true, commands: ['run'] },
  { name: 'namespace', takesValue: true, commands: ['run'] },
  { name: 'all-namespaces', takesValue: false, commands: ['run'] },
  { name: 'selector', takesValue: true, commands: ['run'] },
  { name: 'describe', takesValue: true, commands: ['run'] },
  { name: 'color', takesValue: false, commands: ['run', 'validate'] },
  { name: 'no-color', takesValue: false, commands: ['run', 'validate'] },
];

/** kubectl's short flags for the --get options. */
const SHORT: Readonly<Record<string, string>> = { '-o': '--output', '-n': '--namespace', '-A': '--all-namespaces', '-l': '--selector' };

const SEED = /^(0|[1-9][0-9]*)$/;

/** Parse `argv` (without `node` and the script). Throws UsageError on mistakes. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help') return base('help');
  if (first === '--version' || first === '-V') return base('version');
  if (first === 'help') {
    const topic = argv[1];
    if (topic === undefined) return base('help');
    if (topic === 'run' || topic === 'validate') return { ...base('help'), helpFor: topic };
    throw new UsageError(`unknown command "${topic}" (commands: run, validate)`);
  }
  if (first !== 'run' && first !== 'validate') {
    if (first.startsWith('-')) throw new UsageError(`unknown option "${first}" (try "kscenario --help")`);
    throw new UsageError(`unknown command "${first}" (commands: run, validate)`);
  }
  const command = first;
  const out: CliArgs = base(command);
  let onlyFiles = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = SHORT[argv[i]!] ?? argv[i]!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      out.files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { ...base('help'), helpFor: command };
    if (!arg.startsWith('--')) throw new UsageError(`unknown option "${arg}" for "${command}"`, command);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = OPTIONS.find((o) => o.name === name);
    if (!spec || !spec.commands.includes(command)) {
      throw new UsageError(`unknown option "--${name}" for "${command}"`, command);
    }
    let value: string | undefined;
    if (spec.takesValue) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`option "--${name}" needs a value`, command);
      }
      if (value === '') throw new UsageError(`option "--${name}" needs a non-empty value`, command);
    } else if (eq >= 0) {
      throw new UsageError(`option "--${name}" takes no value`, command);
    }
    switch (name) {
      case 'json':
        out.json = true;
        break;
      case 'trace':
        out.trace = value!;
        break;
      case 'seed':
        if (!SEED.test(value!) || !Number.isSafeInteger(Number(value))) {
          throw new UsageError(`option "--seed" needs a non-negative integer, got "${value}"`, command);
        }
        out.seed = Number(value);
        break;
      case 'root':
        out.root = value!;
        break;
      case 'at':
        out.at = value!;
        break;
      case 'get':
        out.get = value!;
        break;
      case 'output':
        out.output = value!;
        break;
      case 'namespace':
        out.namespace = value!;
        break;
      case 'all-namespaces':
        out.allNamespaces = true;
        break;
      case 'selector':
        out.selector = value!;
        break;
      case 'describe':
        out.describe = value!;
        break;
      case 'color':
        out.color = true;
        break;
      case 'no-color':
        out.color = false;
        break;
    }
  }
  if (out.describe !== undefined) {
    if (out.get !== undefined) throw new UsageError('options "--get" and "--describe" do not go together', command);
    if (out.at === undefined) throw new UsageError('option "--describe" goes with --at: --at DURATION --describe KIND/NAME', command);
  }
  if ((out.at === undefined) !== (out.get === undefined && out.describe === undefined)) {
    throw new UsageError('options "--at" and "--get" go together: --at DURATION --get KIND', command);
  }
  for (const [set, flag] of [[out.output, 'output'], [out.namespace, 'namespace'], [out.allNamespaces, 'all-namespaces'], [out.selector, 'selector']] as const) {
    if (set !== undefined && out.get === undefined && !(flag === 'namespace' && out.describe !== undefined)) throw new UsageError(`option "--${flag}" goes with --at DURATION --get KIND`, command);
  }
  if (out.files.length === 0) {
    throw new UsageError(`"${command}" needs at least one FILE or DIR`, command);
  }
  return out;
}

function base(command: Command): CliArgs {
  return { command, files: [], json: false };
}
