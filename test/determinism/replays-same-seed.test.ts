import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/scenario/index.js';
import { CLI, REPO, scenarioFiles } from '../helpers/bundled-scenarios.js';

// DESIGN.md: same seed, byte-identical trace. Every bundled scenario (scenarios/**/*.yaml with
// kind: Scenario) is run twice in this process and once more by the built CLI in a fresh
// process; the trace digests must all agree (the hash is stable across process restarts).

const FILES = scenarioFiles(join(REPO, 'scenarios'));
const digests = new Map<string, { digest: string; events: number }>();

function runInProcess(file: string, seed?: number): { digest: string; events: number; lines: number } {
  const loaded = loadScenario(join(REPO, file), { root: REPO });
  expect(loaded.diagnostics, file).toEqual([]);
  const r = runScenario(loaded.scenario!, seed === undefined ? { trace: true } : { seed, trace: true });
  return { digest: r.traceDigest, events: r.events, lines: r.trace!.length };
}

describe('same seed, same trace', () => {
  it('finds the bundled scenarios', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of FILES) {
    it(`${file}: two in-process runs give the same trace digest`, () => {
      const a = runInProcess(file);
      const b = runInProcess(file);
      expect(b.digest).toBe(a.digest);
      expect(b.events).toBe(a.events);
      // The digest counts every trace line: a run that traced nothing would prove nothing.
      expect(a.lines).toBeGreaterThan(0);
      expect(a.digest).toBe(`${a.digest.split('-')[0]}-${a.lines}`);
      digests.set(file, { digest: a.digest, events: a.events });
    });
  }

  it('the built CLI (a fresh process) reports the same digests as the in-process runs', () => {
    if (!existsSync(CLI)) throw new Error('dist/src/cli/main.js is missing: run "npm run build" first');
    const p = spawnSync(process.execPath, [CLI, 'run', '--json', ...FILES], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect([0, 1], p.stderr).toContain(p.status);
    const results = JSON.parse(p.stdout) as Array<{ file: string; traceDigest: string; events: number }>;
    expect(results.map((r) => r.file)).toEqual(FILES);
    for (const r of results) {
      const mine = digests.get(r.file) ?? runInProcess(r.file);
      expect({ file: r.file, digest: r.traceDigest, events: r.events }).toEqual({ file: r.file, digest: mine.digest, events: mine.events });
    }
  });

  it('a different seed is honoured (--seed reaches the engine) and is itself reproducible', () => {
    // gc-background creates no random names itself, but the seed feeds uids and the trace.
    const file = FILES.find((f) => f.endsWith('gc-background.yaml')) ?? FILES[0]!;
    const a = runInProcess(file, 12345);
    const b = runInProcess(file, 12345);
    expect(b.digest).toBe(a.digest);
    const p = spawnSync(process.execPath, [CLI, 'run', '--json', '--seed', '12345', file], { cwd: REPO, encoding: 'utf8' });
    const [r] = JSON.parse(p.stdout) as Array<{ traceDigest: string; seed: number }>;
    expect(r!.seed).toBe(12345);
    expect(r!.traceDigest).toBe(a.digest);
  });
});
