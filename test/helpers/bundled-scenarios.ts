import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root and the built CLI, for tests that run bundled scenarios. */
export const REPO = join(import.meta.dirname, '../..');
export const CLI = join(REPO, 'dist/src/cli/main.js');

/** Scenario files (YAML with `kind: Scenario`) under `dir`, sorted, skipping `manifests/` folders; paths relative to the repo. */
export function scenarioFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'manifests') scenarioFiles(p, out);
    } else if (/\.ya?ml$/.test(name) && /^kind:\s*Scenario\s*$/m.test(readFileSync(p, 'utf8'))) out.push(relative(REPO, p));
  }
  return out;
}
