import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { memoryIo } from '../../src/cli/cli-io.js';
import { parseArgs } from '../../src/cli/parse-args.js';
import { UsageError } from '../../src/cli/usage-error.js';

const REPO = join(import.meta.dirname, '../..');
const CLI = join(REPO, 'dist/src/cli/main.js');
const ESC = '\u001b[';

const PASSING = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata:
  name: passing
spec:
  steps:
    - apply:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        data: {k: v}
    - wait: 1m30s
    - expect:
        - object: cm/a
          matches: {data: {k: v}}
`;
const FAILING = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata:
  name: failing
spec:
  steps:
    - apply:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        data: {k: v}
    - wait: 10s
    - expect:
        - object: cm/a
          matches: {data: {k: other}}
`;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kscenario-cli-'));
  mkdirSync(join(tmp, 'suite/nested/manifests'), { recursive: true });
  writeFileSync(join(tmp, 'suite/passing.yaml'), PASSING);
  writeFileSync(join(tmp, 'suite/nested/failing.yaml'), FAILING);
  // Not scenarios: skipped when a directory is searched.
  writeFileSync(join(tmp, 'suite/nested/manifests/looks-like.yaml'), PASSING);
  writeFileSync(join(tmp, 'suite/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  writeFileSync(join(tmp, 'suite/notes.txt'), 'kind: Scenario\n');
  mkdirSync(join(tmp, 'empty'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(argv: string[], opts: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  const io = memoryIo({ cwd: tmp, isTTY: opts.isTTY ?? false, env: opts.env ?? {} });
  const code = runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('argument parsing', () => {
  it('reads run options in both --opt value and --opt=value forms', () => {
    expect(parseArgs(['run', '--json', '--seed', '7', '--trace=t.txt', '--root', 'r', 'a.yaml', 'dir'])).toEqual({
      command: 'run',
      files: ['a.yaml', 'dir'],
      json: true,
      seed: 7,
      trace: 't.txt',
      root: 'r',
    });
    expect(parseArgs(['run', '--', '--odd-name.yaml']).files).toEqual(['--odd-name.yaml']);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate" (commands: run, validate)'],
    [['run'], '"run" needs at least one FILE or DIR'],
    [['run', '--seed', '-1', 'a'], 'option "--seed" needs a non-negative integer, got "-1"'],
    [['run', '--seed', '1.5', 'a'], 'option "--seed" needs a non-negative integer, got "1.5"'],
    [['run', '--seed'], 'option "--seed" needs a value'],
    [['run', '--bogus', 'a'], 'unknown option "--bogus" for "run"'],
    [['validate', '--trace', 't', 'a'], 'unknown option "--trace" for "validate"'],
    [['run', '--json=yes', 'a'], 'option "--json" takes no value'],
    [['run', '--at', '5m', 'a'], 'options "--at" and "--get" go together: --at DURATION --get KIND'],
    [['run', '-x', 'a'], 'unknown option "-x" for "run"'],
  ])('rejects %j: %s', (argv, message) => {
    let err: unknown;
    try {
      parseArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(message);
  });
});

describe('kscenario (in-process)', () => {
  it('--help, -h, no arguments and help print the tool help with the exit codes (exit 0)', () => {
    for (const argv of [['--help'], ['-h'], [], ['help']]) {
      const r = cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage:\n  kscenario run [options] FILE|DIR...');
      expect(r.out).toContain('70  internal error');
      expect(r.err).toBe('');
    }
  });

  it('each subcommand has its own help', () => {
    for (const argv of [['run', '--help'], ['run', '-h'], ['help', 'run'], ['run', 'x.yaml', '--help']]) {
      const r = cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: kscenario run \[options\] FILE\|DIR\.\.\./);
      expect(r.out).toContain('--trace FILE');
    }
    const v = cli(['validate', '-h']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^Usage: kscenario validate /);
  });

  it('--version prints the package version', () => {
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
    expect(cli(['--version'])).toEqual({ code: 0, out: `kscenario ${version}\n`, err: '' });
  });

  it('usage errors are one line plus a hint on stderr, exit 2', () => {
    expect(cli(['run', '--seed', 'x', 'a.yaml'])).toEqual({
      code: 2,
      out: '',
      err: 'kscenario: option "--seed" needs a non-negative integer, got "x"\nTry "kscenario run --help".\n',
    });
    expect(cli(['launch']).err).toBe('kscenario: unknown command "launch" (commands: run, validate)\nTry "kscenario --help".\n');
  });

  it('a missing file is FILE_NOT_FOUND on stderr, exit 2', () => {
    const r = cli(['run', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('nope.yaml: FILE_NOT_FOUND: no such file or directory\n');
  });

  it('a directory without scenarios is exit 2', () => {
    const r = cli(['run', 'empty']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kscenario: no scenario (a YAML file with "kind: Scenario") under empty\n');
  });

  it('a passing scenario: timeline, verdict line with events and virtual time, summary, exit 0', () => {
    const r = cli(['run', 'suite/passing.yaml']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('suite/passing.yaml (passing)');
    expect(lines.some((l) => /^ {2}\s*0s\s+apply\s+configmap\/a created$/.test(l)), r.out).toBe(true);
    expect(lines.at(-2)).toMatch(/^PASS suite\/passing\.yaml \(\d+ events?, 1m30s virtual\)$/);
    expect(lines.at(-1)).toBe('1 scenario: 1 passed, 0 failed, 0 invalid');
  });

  it('a directory is searched recursively; manifests/ folders, other kinds and non-YAML files are skipped', () => {
    const r = cli(['run', '--json', 'suite']);
    const results = JSON.parse(r.out) as Array<{ file: string; verdict: string }>;
    expect(results.map((x) => [x.file, x.verdict])).toEqual([
      ['suite/nested/failing.yaml', 'fail'],
      ['suite/passing.yaml', 'pass'],
    ]);
    expect(r.code).toBe(1);
  });

  it('a failed expectation: FAIL verdict with the diff, exit 1', () => {
    const r = cli(['run', 'suite/nested/failing.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL suite\/nested\/failing\.yaml \(\d+ events?, 10s virtual\)$/m);
    expect(r.out).toContain('  FAIL at 10s in steps[2] expect: ');
    expect(r.out).toContain('data.k: expected "other"');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 scenario: 0 passed, 1 failed, 0 invalid');
  });

  it('--json prints machine-readable results and nothing else on stdout', () => {
    const r = cli(['run', '--json', '--seed', '3', 'suite/passing.yaml']);
    expect(r.code).toBe(0);
    const [res] = JSON.parse(r.out);
    expect(res).toMatchObject({ file: 'suite/passing.yaml', name: 'passing', verdict: 'pass', seed: 3, virtualTime: 90_000, failures: [], violations: [], diagnostics: [] });
    expect(res.traceDigest).toMatch(/^[0-9a-f]{8}-\d+$/);
  });

  it('--json gives failures and diagnostics as structured values', () => {
    const f = cli(['run', '--json', 'suite/nested/failing.yaml']);
    expect(f.code).toBe(1);
    const [failing] = JSON.parse(f.out);
    expect(failing.verdict).toBe('fail');
    expect(failing.failures).toHaveLength(1);
    expect(failing.failures[0]).toMatchObject({ step: 'steps[2] expect', time: 10_000 });
    expect(failing.failures[0].diff).toContain('data.k: expected "other"');
    writeFileSync(join(tmp, 'bad-seed.yaml'), 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: bad-seed\nspec:\n  seed: -1\n  steps: []\n');
    const v = cli(['validate', '--json', 'bad-seed.yaml']);
    expect(v.code).toBe(2);
    const [res] = JSON.parse(v.out);
    expect(res.valid).toBe(false);
    expect(res.diagnostics).toEqual([expect.objectContaining({ code: 'SCHEMA', file: 'bad-seed.yaml', line: 6, col: 9, path: 'spec.seed' })]);
  });

  it('--trace writes every trace line, the same ones the digest covers', () => {
    const r = cli(['run', '--json', '--trace', 'trace.txt', 'suite/passing.yaml']);
    const [res] = JSON.parse(r.out);
    const lines = readFileSync(join(tmp, 'trace.txt'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('# suite/passing.yaml');
    const body = lines.slice(1);
    expect(body.length).toBe(Number(res.traceDigest.split('-')[1]));
    for (const l of body) expect(l).toMatch(/^\d+\t\S+\t\S+\t.*/);
    expect(body.some((l) => /\tscenario\t(create|apply)\tConfigMap\/default\/a/.test(l))).toBe(true);
  });

  it('--trace to an unwritable path is exit 2', () => {
    const r = cli(['run', '--trace', 'no/such/dir/t.txt', 'suite/passing.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kscenario: --trace no\/such\/dir\/t\.txt: cannot write: /);
  });

  it('--at D --get KIND prints the kubectl table at virtual time D (exit 0)', () => {
    expect(cli(['run', '--at', '1m', '--get', 'cm', 'suite/passing.yaml'])).toEqual({ code: 0, out: 'NAME   DATA   AGE\na      1      60s\n', err: '' });
    expect(cli(['run', '--at', '2m', '--get', 'configmaps', '-o', 'wide', 'suite/passing.yaml']).out).toBe('NAME   DATA   AGE\na      1      2m\n');
    expect(cli(['run', '--at', '5s', '--get', 'pods', 'suite/passing.yaml'])).toEqual({ code: 0, out: '', err: 'No resources found in default namespace.\n' });
    expect(cli(['run', '--at', '5s', '--get', 'cm', '-o', 'yaml', 'suite/passing.yaml'])).toEqual({ code: 2, out: '', err: 'kscenario: --output yaml: only "wide" is supported\n' });
    expect(cli(['run', '--at', '1m', '--get', 'cm/a', 'suite/passing.yaml'])).toEqual({ code: 0, out: 'NAME   DATA   AGE\na      1      60s\n', err: '' });
    expect(cli(['run', '--at', '1m', '--get', 'cm/b', 'suite/passing.yaml'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): configmaps "b" not found\n' });
    expect(cli(['run', '-o', 'wide', 'suite/passing.yaml']).err).toBe('kscenario: option "--output" goes with --at DURATION --get KIND\nTry "kscenario run --help".\n');
  });

  it('validate loads and checks without running: VALID line, exit 0; invalid files exit 2', () => {
    expect(cli(['validate', 'suite/passing.yaml'])).toEqual({ code: 0, out: 'VALID suite/passing.yaml\n', err: '' });
    writeFileSync(join(tmp, 'bad.yaml'), 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: bad\nspec:\n  steps:\n    - wait: soon\n');
    const r = cli(['validate', 'bad.yaml', 'suite/passing.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('bad.yaml:7:13: INVALID_DURATION: invalid duration "soon": time: invalid duration "soon" (use Go style: 500ms, 30s, 1m30s, 2h) (at spec.steps[0].wait)\n');
    expect(r.out).toBe('INVALID bad.yaml\nVALID suite/passing.yaml\n2 files: 1 valid, 1 invalid\n');
  });

  it('manifest paths must stay inside --root, which defaults to the working directory', () => {
    const cases = join(REPO, 'test/bad-input/cases');
    const io = memoryIo({ cwd: cases });
    expect(runCli(['validate', 'path-outside-root.yaml'], io)).toBe(2);
    expect(io.err).toBe(
      'path-outside-root.yaml:8:14: PATH_OUTSIDE_ROOT: manifest path "../../etc/passwd" resolves to ' +
        `${join(REPO, 'test/etc/passwd')}, outside the root ${cases} (use --root to widen it) (at spec.steps[0].apply)\n`,
    );
    const wide = memoryIo({ cwd: cases });
    expect(runCli(['validate', '--root', REPO, 'path-outside-root.yaml'], wide)).toBe(2);
    expect(wide.err).toMatch(/^path-outside-root\.yaml:8:14: MANIFEST_NOT_FOUND: /);
    const missingRoot = memoryIo({ cwd: cases });
    expect(runCli(['validate', '--root', 'no-such-dir', 'path-outside-root.yaml'], missingRoot)).toBe(2);
    expect(missingRoot.err).toBe('kscenario: --root no-such-dir: no such directory\n');
  });

  it('colours only on a terminal without NO_COLOR, or when forced', () => {
    expect(cli(['run', 'suite/passing.yaml'], { isTTY: true }).out).toContain(`${ESC}32mPASS${ESC}39m`);
    expect(cli(['run', 'suite/passing.yaml'], { isTTY: true, env: { NO_COLOR: '1' } }).out).not.toContain(ESC);
    expect(cli(['run', 'suite/passing.yaml'], { isTTY: true, env: { NO_COLOR: '' } }).out).not.toContain(ESC);
    expect(cli(['run', 'suite/passing.yaml'], { isTTY: false }).out).not.toContain(ESC);
    expect(cli(['run', '--color', 'suite/passing.yaml'], { isTTY: false }).out).toContain(ESC);
    expect(cli(['run', '--no-color', 'suite/passing.yaml'], { isTTY: true }).out).not.toContain(ESC);
  });

  it('anything unexpected becomes one line and exit 70, never a stack trace', () => {
    const io = memoryIo({ cwd: tmp });
    io.stdout = () => {
      throw new TypeError('stdout exploded');
    };
    expect(runCli(['--version'], io)).toBe(70);
    expect(io.err).toBe('kscenario: internal error: TypeError: stdout exploded (a bug in kscenario; please report it)\n');
  });
});

describe('the built kscenario binary', () => {
  it('a reader that closes the pipe early gets no EPIPE stack trace', () => {
    const p = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" run --json scenarios/store | head -c 1 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], { cwd: REPO, encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.stdout).toMatch(/^rc=[01]\n$/);
  });

  it('starts with a node shebang', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('exit codes 0, 1, 2 and the verdict lines, in a child process', () => {
    const run = (...argv: string[]) => spawnSync(process.execPath, [CLI, ...argv], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const pass = run('run', 'suite/passing.yaml');
    expect(pass.status).toBe(0);
    expect(pass.stdout).toMatch(/^PASS suite\/passing\.yaml \(\d+ events?, 1m30s virtual\)$/m);
    expect(run('run', 'suite').status).toBe(1);
    const missing = run('validate', 'missing.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('missing.yaml: FILE_NOT_FOUND: no such file or directory\n');
    const usage = run('run', '--seed');
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });
});
