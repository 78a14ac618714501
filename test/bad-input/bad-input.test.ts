import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Diagnostic } from '../../src/scenario/index.js';

// The bad-input corpus: every file under cases/ is broken in one way, and cases.json says which
// diagnostic (code, line:col, file) the loader must report. Run in-process through the loader,
// and a sample through the built CLI (exit code 2, `file:line:col: CODE: message (at path)` on
// stderr, never a stack trace). Tests run after `npm run build` (see package.json "test").
const REPO = join(import.meta.dirname, '../..');
const DIR = 'test/bad-input/cases';
const CLI = join(REPO, 'dist/src/cli/main.js');

interface Case {
  file: string;
  code: string;
  at: string;
  in?: string;
  phase?: 'load' | 'run';
  message?: string;
}
const { cases } = JSON.parse(readFileSync(join(REPO, 'test/bad-input/cases.json'), 'utf8')) as { cases: Case[] };

function diagnosticsOf(c: Case): Diagnostic[] {
  const path = `${DIR}/${c.file}`;
  const loaded = loadScenario(path, { root: DIR });
  if (c.phase !== 'run') return loaded.diagnostics;
  expect(loaded.diagnostics, 'a run-time case must load cleanly').toEqual([]);
  return runScenario(loaded.scenario!).diagnostics;
}

const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`).join('\n');

describe('bad-input corpus (in-process loader)', () => {
  it('has at least 30 cases, one per file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.code} at ${c.in ?? c.file}:${c.at}`, () => {
      const ds = diagnosticsOf(c);
      const [line, col] = c.at.split(':').map(Number);
      const file = `${DIR}/${c.in ?? c.file}`;
      const hit = ds.find((d) => d.code === c.code && d.line === line && d.col === col && d.file === file);
      expect(hit, `expected ${file}:${c.at}: ${c.code}; got:\n${show(ds)}`).toBeDefined();
      if (c.message !== undefined) expect(hit!.message).toContain(c.message);
      for (const d of ds) {
        expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(d.line).toBeGreaterThan(0);
        expect(d.col).toBeGreaterThan(0);
      }
    });
  }
});

describe('generated bad inputs (too big to commit)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'kscenario-bad-'));
    // 20 MB: a valid scenario padded with a long comment block.
    const head = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: huge\nspec:\n  steps:\n    - wait: 1s\n';
    const pad = `# ${'x'.repeat(98)}\n`.repeat(200_000);
    writeFileSync(join(tmp, 'huge.yaml'), head + pad);
    // 100,000 aliases of one anchor in one list.
    const aliases = Array.from({ length: 1000 }, () => `    - [${Array.from({ length: 100 }, () => '*a').join(', ')}]`).join('\n');
    writeFileSync(
      join(tmp, 'aliases.yaml'),
      `apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: aliases\n  description: &a boom\nspec:\n  steps:\n    - wait: 1s\n  many:\n${aliases}\n`,
    );
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a 20 MB file is FILE_TOO_LARGE, without parsing it', () => {
    const r = loadScenario(join(tmp, 'huge.yaml'), { root: tmp });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FILE_TOO_LARGE']);
    expect(r.scenario).toBeUndefined();
  });

  it('100,000 aliases are YAML_ALIAS_LIMIT', () => {
    const r = loadScenario(join(tmp, 'aliases.yaml'), { root: tmp });
    expect(r.diagnostics.map((d) => d.code)).toContain('YAML_ALIAS_LIMIT');
    expect(r.scenario).toBeUndefined();
  });

  it('through the CLI both exit 2 with one positioned line each and no stack trace', () => {
    for (const f of ['huge.yaml', 'aliases.yaml']) {
      const p = spawnSync(process.execPath, [CLI, 'validate', '--root', tmp, join(tmp, f)], { encoding: 'utf8' });
      expect(p.status, p.stderr).toBe(2);
      expect(p.stderr).toMatch(/: (FILE_TOO_LARGE|YAML_ALIAS_LIMIT): /);
      expect(p.stderr + p.stdout).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    }
  });
});

describe('bad-input corpus through the built CLI', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${relative(REPO, CLI)} is missing: run "npm run build" first`);
  });

  const sample = [
    'yaml-tab-indent.yaml',
    'yaml-duplicate-key.yaml',
    'unknown-field-spec.yaml',
    'invalid-scenario-name.yaml',
    'negative-duration-wait.yaml',
    'path-outside-root.yaml',
    'seed-raw-pv1.yaml',
    'unknown-image.yaml',
    'unknown-kind-target.yaml',
    'unknown-invariant.yaml',
    'scenario.json',
    'empty.yaml',
  ];
  for (const file of sample) {
    const c = cases.find((x) => x.file === file)!;
    it(`kscenario validate ${file} exits 2 with ${c.in ?? file}:${c.at}: ${c.code}`, () => {
      const p = spawnSync(process.execPath, [CLI, 'validate', '--root', DIR, `${DIR}/${file}`], { cwd: REPO, encoding: 'utf8' });
      expect(p.status, p.stderr).toBe(2);
      const lines = p.stderr.trimEnd().split('\n');
      const want = `${DIR}/${c.in ?? file}:${c.at}: ${c.code}: `;
      expect(lines.some((l) => l.startsWith(want)), p.stderr).toBe(true);
      // Every stderr line is a diagnostic: file:line:col: CODE: message [(at path)]
      for (const l of lines) expect(l).toMatch(/^[^:\s][^:]*:\d+:\d+: [A-Z][A-Z0-9_]*: .+$/);
      expect(p.stdout).toMatch(new RegExp(`^INVALID ${DIR}/${file.replace('.', '\\.')}$`, 'm'));
      expect(p.stderr + p.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
    });
  }

  it('kscenario run of a scenario invalid at run time exits 2 with the diagnostic', () => {
    const p = spawnSync(process.execPath, [CLI, 'run', '--root', DIR, `${DIR}/time-in-past.yaml`], { cwd: REPO, encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(2);
    expect(p.stderr).toContain(`${DIR}/time-in-past.yaml:9:11: TIME_IN_PAST: `);
    expect(p.stderr).toContain('(at spec.steps[1].at)');
  });

  it('kscenario validate --json of the whole corpus directory: every scenario file is invalid (but the run-time case)', () => {
    const p = spawnSync(process.execPath, [CLI, 'validate', '--json', '--root', DIR, DIR], { cwd: REPO, encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(2);
    const results = JSON.parse(p.stdout) as Array<{ file: string; valid: boolean; diagnostics: string[] }>;
    // Directory mode takes only files with kind: Scenario, and never the manifests/ folder.
    const expected = cases
      .filter((c) => /^kind:\s*Scenario\s*$/m.test(readFileSync(join(REPO, DIR, c.file), 'utf8')))
      .map((c) => `${DIR}/${c.file}`)
      .sort();
    expect(results.map((r) => r.file).sort()).toEqual(expected);
    for (const r of results) {
      expect(r.valid, r.file).toBe(r.file.endsWith('time-in-past.yaml'));
      if (!r.valid) expect(r.diagnostics.length, r.file).toBeGreaterThan(0);
    }
  });
});
