import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../src/scenario/loader.js';

// The loader is the edge where untrusted text enters: whatever it is fed (random text, or the
// bundled scenarios with lines deleted, duplicated, re-indented, truncated or sprinkled with
// junk), it must return normally with well-formed diagnostics, never throw and never hang.
const ROOT = join(import.meta.dirname, '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const scenarioFiles = yamlFiles(join(ROOT, 'scenarios')).filter((f) => /^kind:\s*Scenario\s*$/m.test(readFileSync(f, 'utf8')));
const corpusFiles = yamlFiles(join(ROOT, 'test/bad-input/cases')).filter((f) => !f.includes('/manifests/'));
const BASES = [...scenarioFiles, ...corpusFiles].map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

/** Manifests resolve in memory (the files as they are now), so runs do no I/O. */
const FILES = new Map<string, string>();
for (const f of [...yamlFiles(join(ROOT, 'scenarios')), ...yamlFiles(join(ROOT, 'test/bad-input/cases'))]) FILES.set(relative(ROOT, f), readFileSync(f, 'utf8'));
for (const f of readdirSync(join(ROOT, 'scenarios/seeds/manifests'))) FILES.set(`scenarios/seeds/manifests/${f}`, readFileSync(join(ROOT, 'scenarios/seeds/manifests', f), 'utf8'));
const readFile = (p: string): string | undefined => FILES.get(relative(ROOT, join(ROOT, p)).split('\\').join('/')) ?? FILES.get(p);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'swap'; at: number; with: number };

const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(':', '- ', '\t', '{', '}', '[', ']', '&a ', '*a', '!!binary ', '"', "'", '#', '\n', '---\n', '|', '>', '%YAML 1.1\n', '@', '`', '\u00a0', '\uff1a', '\u0000'),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = lines.length === 0 ? 0 : m.at % lines.length;
  const ci = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.op) {
    case 'delete':
      lines.splice(li, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'indent': {
      const l = lines[li] ?? '';
      lines[li] = m.by >= 0 ? ' '.repeat(m.by) + l : l.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, ci) + m.text + text.slice(ci);
    case 'replace':
      return text.slice(0, ci) + m.char + text.slice(ci + 1);
    case 'truncate':
      return text.slice(0, ci);
    case 'swap': {
      const lj = lines.length === 0 ? 0 : m.with % lines.length;
      const a = lines[li] ?? '';
      lines[li] = lines[lj] ?? '';
      lines[lj] = a;
      return lines.join('\n');
    }
  }
}

function checkLoad(text: string, file: string): void {
  let result: ReturnType<typeof loadScenarioText>;
  try {
    result = loadScenarioText(text, file, { root: '.', readFile });
  } catch (e) {
    throw new Error(`loader threw on ${file} (${text.length} chars): ${(e as Error).stack}\n--- text ---\n${text.slice(0, 2000)}`);
  }
  expect(Array.isArray(result.diagnostics)).toBe(true);
  for (const d of result.diagnostics) {
    expect(typeof d.code).toBe('string');
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(typeof d.file).toBe('string');
    expect(Number.isInteger(d.line) && d.line >= 0).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 0).toBe(true);
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(typeof d.path).toBe('string');
  }
  // A scenario comes back exactly when there is nothing to report.
  expect(result.scenario === undefined).toBe(result.diagnostics.length > 0);
}

describe('the loader never throws, whatever text it gets', () => {
  it('has bundled scenarios and corpus files to mutate', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(8);
    expect(corpusFiles.length).toBeGreaterThanOrEqual(30);
  });

  it('mutated bundled scenarios and corpus files give diagnostics, never exceptions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, ms) => {
        const text = ms.reduce(mutate, base.text);
        checkLoad(text, base.file);
      }),
      { seed: 20240417, numRuns: 400 },
    );
  });

  it('mutated manifest files (read through the loader) give diagnostics, never exceptions', () => {
    // Scenarios whose apply steps name manifest files, and those files.
    const withFiles = BASES.filter((b) => /^\s+- apply: manifests\//m.test(b.text) && b.file.startsWith('scenarios/'));
    expect(withFiles.length).toBeGreaterThan(0);
    // The in-memory manifests really are what the loader reads: breaking one is reported there.
    const probe = withFiles[0]!;
    const probeKey = join(dirname(probe.file), [...probe.text.matchAll(/^\s+- apply: (manifests\/\S+)/gm)][0]![1]!);
    const saved = FILES.get(probeKey)!;
    FILES.set(probeKey, 'kind: [');
    try {
      const r = loadScenarioText(probe.text, probe.file, { root: '.', readFile });
      expect(r.diagnostics.some((d) => d.file.endsWith(probeKey) && d.code === 'YAML_SYNTAX'), JSON.stringify(r.diagnostics)).toBe(true);
    } finally {
      FILES.set(probeKey, saved);
    }
    fc.assert(
      fc.property(fc.constantFrom(...withFiles), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, pick, ms) => {
        const refs = [...base.text.matchAll(/^\s+- apply: (manifests\/\S+)/gm)].map((m) => m[1]!);
        const ref = refs[pick % refs.length]!;
        const key = join(dirname(base.file), ref);
        const original = FILES.get(key);
        expect(original, key).toBeDefined();
        FILES.set(key, ms.reduce(mutate, original!));
        try {
          checkLoad(base.text, base.file);
        } finally {
          FILES.set(key, original!);
        }
      }),
      { seed: 99, numRuns: 300 },
    );
  });

  it('random text gives diagnostics, never exceptions', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(fc.oneof(junk, fc.constantFrom('apiVersion: kscenario.dev/v1alpha1', 'kind: Scenario', 'spec:', '  steps:', '    - wait: 1s', 'metadata: {name: x}')), { maxLength: 30 }).map((parts) => parts.join('\n')),
        ),
        (text) => checkLoad(text, 'random.yaml'),
      ),
      { seed: 7, numRuns: 400 },
    );
  });

  it('the unmutated bundled scenarios load without diagnostics', () => {
    for (const base of BASES.filter((b) => b.file.startsWith('scenarios/'))) {
      const r = loadScenarioText(base.text, base.file, { root: '.', readFile });
      expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`), base.file).toEqual([]);
    }
  });
});
