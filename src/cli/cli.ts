import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { colourEnabled, makePaint, type Paint } from './colour.js';
import type { CliIo } from './cli-io.js';
import { discoverScenarios } from './discover.js';
import { EXIT_FAIL, EXIT_INTERNAL, EXIT_INVALID, EXIT_PASS } from './exit-codes.js';
import { summaryLine, verdictLine, type CliResult } from './format-result.js';
import { MAIN_HELP, RUN_HELP, VALIDATE_HELP } from './help.js';
import { parseArgs, type CliArgs } from './parse-args.js';
import { formatDiagnostic, loadScenarioFile, runLoadedScenario, type Diagnostic } from './scenario-api.js';
import { UsageError } from './usage-error.js';
import { runGetAt, type GetAtOptions } from './get-at.js';
import { runDescribeAt } from './describe-at.js';
import { packageVersion } from './version.js';

/**
 * The `kscenario` command, in-process: parse `argv`, do the work, return the exit code
 * (see exit-codes.ts). Never throws: anything unexpected becomes one line on stderr and 70.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    return dispatch(argv, io);
  } catch (e) {
    io.stderr(`kscenario: internal error: ${oneLine(e)} (a bug in kscenario; please report it)\n`);
    return EXIT_INTERNAL;
  }
}

function dispatch(argv: readonly string[], io: CliIo): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? `kscenario ${e.command} --help` : 'kscenario --help';
      io.stderr(`kscenario: ${e.message}\nTry "${hint}".\n`);
      return EXIT_INVALID;
    }
    throw e;
  }
  switch (args.command) {
    case 'help':
      io.stdout(args.helpFor === 'run' ? RUN_HELP : args.helpFor === 'validate' ? VALIDATE_HELP : MAIN_HELP);
      return EXIT_PASS;
    case 'version':
      io.stdout(`kscenario ${packageVersion()}\n`);
      return EXIT_PASS;
    case 'validate':
    case 'run':
      return runOrValidate(args, io);
  }
}

function runOrValidate(args: CliArgs, io: CliIo): number {
  const paint = makePaint(colourEnabled(io.isTTY, io.env, args.color));
  const rootAbs = resolve(io.cwd, args.root ?? '.');
  const root = loaderPath(rootAbs, io);
  if (args.root !== undefined && !isDirectory(rootAbs)) {
    io.stderr(`kscenario: --root ${args.root}: no such directory\n`);
    return EXIT_INVALID;
  }
  const found = discoverScenarios(args.files.map((f) => resolve(io.cwd, f)));
  let code = EXIT_PASS;
  for (const m of found.missing) {
    io.stderr(`${display(m, io.cwd)}: FILE_NOT_FOUND: no such file or directory\n`);
    code = EXIT_INVALID;
  }
  for (const d of found.empty) io.stderr(`kscenario: no scenario (a YAML file with "kind: Scenario") under ${display(d, io.cwd)}\n`);
  if (found.files.length === 0) {
    return EXIT_INVALID;
  }
  if (args.at !== undefined && args.describe !== undefined) {
    const opts = { at: args.at, describe: args.describe, ...(args.namespace !== undefined ? { namespace: args.namespace } : {}), ...(args.seed !== undefined ? { seed: args.seed } : {}) };
    return Math.max(code, runDescribeAt(found.files.map((f) => ({ path: loaderPath(f, io), shown: display(f, io.cwd) })), root, opts, io));
  }
  if (args.at !== undefined && args.get !== undefined) {
    const opts: GetAtOptions = { at: args.at, get: args.get };
    if (args.output !== undefined) opts.output = args.output;
    if (args.namespace !== undefined) opts.namespace = args.namespace;
    if (args.allNamespaces) opts.allNamespaces = true;
    if (args.selector !== undefined) opts.selector = args.selector;
    if (args.seed !== undefined) opts.seed = args.seed;
    return Math.max(code, runGetAt(found.files.map((f) => ({ path: loaderPath(f, io), shown: display(f, io.cwd) })), root, opts, io));
  }

  let trace: number | undefined;
  if (args.trace !== undefined) {
    try {
      trace = openSync(resolve(io.cwd, args.trace), 'w');
    } catch (e) {
      io.stderr(`kscenario: --trace ${args.trace}: cannot write: ${oneLine(e)}\n`);
      return EXIT_INVALID;
    }
  }
  const results: CliResult[] = [];
  try {
    for (const file of found.files) {
      const r = args.command === 'validate' ? validateOne(file, root, io) : runOne(file, root, args, io, trace);
      results.push(r);
      if (!args.json) printResult(r, args.command, paint, io);
    }
  } finally {
    if (trace !== undefined) closeSync(trace);
  }
  if (args.json) io.stdout(`${JSON.stringify(results.map((r) => jsonResult(r, args.command)), null, 2)}\n`);
  else if (args.command === 'run') io.stdout(`${summaryLine(results, paint)}\n`);
  else if (results.length > 1) {
    const valid = results.filter((r) => r.verdict === 'pass').length;
    io.stdout(`${results.length} files: ${valid} valid, ${results.length - valid} invalid\n`);
  }

  for (const r of results) code = Math.max(code, exitCodeOf(r));
  return code;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exitCodeOf(r: CliResult): number {
  switch (r.verdict) {
    case 'pass':
      return EXIT_PASS;
    case 'fail':
      return EXIT_FAIL;
    case 'invalid':
      return EXIT_INVALID;
    case 'error':
      return EXIT_INTERNAL;
  }
}

function validateOne(file: string, root: string, io: CliIo): CliResult {
  const shown = display(file, io.cwd);
  const loaded = loadScenarioFile(loaderPath(file, io), root);
  const result = baseResult(shown);
  if (loaded.diagnostics.length > 0) return invalid(result, loaded.diagnostics, io);
  result.name = loaded.name;
  result.verdict = 'pass';
  return result;
}

function runOne(file: string, root: string, args: CliArgs, io: CliIo, trace: number | undefined): CliResult {
  const shown = display(file, io.cwd);
  const result = baseResult(shown);
  const loaded = loadScenarioFile(loaderPath(file, io), root);
  if (loaded.diagnostics.length > 0 || !loaded.run) return invalid(result, loaded.diagnostics, io);
  result.name = loaded.name;
  if (trace !== undefined) writeSync(trace, `# ${shown}\n`);
  const outcome = runLoadedScenario(loaded.run, args.seed, trace === undefined ? undefined : (line) => writeSync(trace, `${line}\n`));
  if (outcome.kind === 'invalid') return invalid(result, outcome.diagnostics, io);
  if (outcome.kind === 'error') {
    io.stderr(`kscenario: error while running ${shown}: ${outcome.message}\n`);
    return { ...result, ...outcome.result, verdict: 'error', failures: [`ERROR ${outcome.message}`], details: { ...result.details, error: outcome.message } };
  }
  return { ...result, ...outcome.result, file: shown };
}

function invalid(result: CliResult, diagnostics: readonly Diagnostic[], io: CliIo): CliResult {
  result.verdict = 'invalid';
  const shown = diagnostics.map((d) => ({ code: d.code, file: display(d.file, io.cwd), line: d.line, col: d.col, message: d.message, path: d.path }));
  result.details = { ...result.details, diagnostics: shown };
  result.diagnostics = shown.map(formatDiagnostic);
  for (const line of result.diagnostics) io.stderr(`${line}\n`);
  return result;
}

function printResult(r: CliResult, command: CliArgs['command'], paint: Paint, io: CliIo): void {
  if (command === 'validate') {
    io.stdout(r.verdict === 'pass' ? `${paint.green('VALID')} ${r.file}\n` : `${paint.yellow('INVALID')} ${r.file}\n`);
    return;
  }
  if (r.timeline.length > 0) {
    io.stdout(`${paint.bold(r.file)}${r.name ? paint.dim(` (${r.name})`) : ''}\n`);
    // FAIL and VIOLATION lines are printed in full (with diffs) after the verdict.
    for (const line of r.timeline) if (!RESULT_LINE.test(line)) io.stdout(`  ${line}\n`);
  }
  io.stdout(`${verdictLine(r, paint)}\n`);
  for (const f of r.failures) io.stdout(`${indent(f, '  ')}\n`);
  for (const v of r.violations) io.stdout(`${indent(v, '  ')}\n`);
}

const RESULT_LINE = /^\s*\S+\s+(FAIL|VIOLATION)\s/;

function jsonResult(r: CliResult, command: CliArgs['command']): Record<string, unknown> {
  if (command === 'validate') return { file: r.file, name: r.name, valid: r.verdict === 'pass', diagnostics: r.details.diagnostics };
  return {
    file: r.file,
    name: r.name,
    verdict: r.verdict,
    seed: r.seed,
    events: r.events,
    virtualTime: r.virtualTime,
    traceDigest: r.traceDigest,
    failures: r.details.failures,
    violations: r.details.violations,
    diagnostics: r.details.diagnostics,
    ...(r.details.error === undefined ? {} : { error: r.details.error }),
  };
}

function baseResult(file: string): CliResult {
  return { file, verdict: 'invalid', failures: [], violations: [], diagnostics: [], timeline: [], details: { failures: [], violations: [], diagnostics: [] } };
}

/**
 * The path handed to the loader: relative to the working directory when the process runs
 * there, so diagnostics and messages name files as the user typed them.
 */
function loaderPath(file: string, io: CliIo): string {
  return io.cwd === process.cwd() ? display(file, io.cwd) : file;
}

/** Paths as the user would type them: relative to the working directory when inside it. */
function display(p: string, cwd: string): string {
  if (!isAbsolute(p)) return p;
  const rel = relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? p : rel.split('\\').join('/');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return msg.split('\n')[0]!;
}
