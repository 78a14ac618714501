import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md determinism rules: nothing in the model reads the wall clock, Math.random, the
// environment or the file system, or uses timers or promises. Only src/cli/ (and the loader's
// documented file-reading edge) may do I/O.
const ROOT = join(import.meta.dirname, '../..');
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDate\.now\b/, 'Date.now'],
  [/\bnew Date\(/, 'new Date('],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timer'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bprocess\.env\b/, 'process.env'],
  [/\bnew Promise\b|\basync\s+function\b|\bawait\s/, 'promise/async'],
  [/from ['"](node:)?fs(\/promises)?['"]/, 'fs import'],
];
const ALLOWED_IO = [/^src\/cli\//, /^src\/scenario\/load-file\.ts$/];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('the model has no ambient inputs', () => {
  it('src/ (outside cli/) uses no wall clock, Math.random, timers, promises, env or fs', () => {
    const hits: string[] = [];
    for (const file of walk(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED_IO.some((r) => r.test(rel))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          for (const [re, what] of FORBIDDEN) if (re.test(code)) hits.push(`${rel}:${i + 1}: ${what}: ${line.trim()}`);
        });
    }
    expect(hits, hits.join('\n')).toEqual([]);
  });
});
