/**
 * `npm run generate`: the scenario JSON Schema (src/scenario/scenario.schema.json) is the single
 * source of the scenario format. This copies it to generated/scenario.schema.json (for editors'
 * `yaml-language-server: $schema=` modelines) and compiles it with json-schema-to-typescript into
 * generated/scenario.ts. `--check` exits 1 when generated/ is stale instead of writing.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenarioArtifacts } from './generate-artifacts.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const outputs = await generateScenarioArtifacts(readFileSync(join(root, 'src/scenario/scenario.schema.json'), 'utf8'));
let stale = false;
for (const [rel, text] of Object.entries(outputs)) {
  const path = join(root, rel);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) {
    console.error(`${rel} is stale: run npm run generate`);
    stale = true;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${rel}`);
  }
}
if (stale) process.exit(1);
