import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/scenario/index.js';
import { CLI, REPO, scenarioFiles } from '../helpers/bundled-scenarios.js';

// Every bundled scenario passes: they are the examples users read, so each must hold exactly
// as written. Failures print the runner's own failure text and the timeline.
const FILES = scenarioFiles(join(REPO, 'scenarios'));

describe('bundled scenarios', () => {
  it('there are at least 8 store scenarios and the seed-manifest cases', () => {
    expect(FILES.filter((f) => f.startsWith('scenarios/store/')).length).toBeGreaterThanOrEqual(8);
    expect(FILES.filter((f) => f.startsWith('scenarios/seeds/')).length).toBeGreaterThanOrEqual(3);
  });

  for (const file of FILES) {
    it(`${file} starts with the schema modeline for its folder`, () => {
      const first = readFileSync(join(REPO, file), 'utf8').split('\n')[0];
      const depth = file.split('/').length - 1;
      expect(first).toBe(`# yaml-language-server: $schema=${'../'.repeat(depth)}generated/scenario.schema.json`);
    });

    it(`${file} passes`, () => {
      const loaded = loadScenario(join(REPO, file), { root: REPO });
      expect(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`)).toEqual([]);
      const r = runScenario(loaded.scenario!);
      const why = [
        ...r.failures.map((f) => `${f.step}: ${f.message}${f.diff ? `\n${f.diff}` : ''}`),
        ...r.violations.map((v) => `${v.invariant}: ${v.message}`),
        ...r.diagnostics.map((d) => `${d.code}: ${d.message}`),
        r.error ?? '',
        ...r.timeline,
      ].join('\n');
      expect(r.verdict, why).toBe('pass');
    });
  }

  it('kscenario run scenarios/ passes them all and prints one verdict line each', () => {
    const p = spawnSync(process.execPath, [CLI, 'run', 'scenarios'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(p.status, p.stdout + p.stderr).toBe(0);
    const verdicts = p.stdout.split('\n').filter((l) => /^(PASS|FAIL|ERROR|INVALID) /.test(l));
    expect(verdicts.map((l) => l.split(' ')[1])).toEqual(FILES);
    for (const l of verdicts) expect(l).toMatch(/^PASS \S+ \(\d+ events?, [0-9hms.]+ virtual\)$/);
    expect(p.stdout.trimEnd().split('\n').at(-1)).toBe(`${FILES.length} scenarios: ${FILES.length} passed, 0 failed, 0 invalid`);
    expect(p.stderr).toBe('');
  });
});
