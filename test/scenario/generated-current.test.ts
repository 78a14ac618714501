import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenarioArtifacts } from '../../scripts/generate-artifacts.js';

describe('generated/ is current', () => {
  it('generated/scenario.schema.json and generated/scenario.ts match src/scenario/scenario.schema.json (run npm run generate)', async () => {
    const outputs = await generateScenarioArtifacts(readFileSync('src/scenario/scenario.schema.json', 'utf8'));
    expect(Object.keys(outputs).sort()).toEqual(['generated/scenario.schema.json', 'generated/scenario.ts']);
    for (const [path, text] of Object.entries(outputs)) expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run generate`).toBe(text);
  });
  it('every field of the schema has a description', () => {
    const schema = JSON.parse(readFileSync('src/scenario/scenario.schema.json', 'utf8'));
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties) {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          // A bare $ref is described by the definition it points at (editors show that text).
          const ref = typeof v.$ref === 'string' ? schema.definitions[(v.$ref as string).split('/').pop()!] : undefined;
          if (typeof v.description !== 'string' && typeof ref?.description !== 'string') missing.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
      for (const k of ['items', 'additionalProperties']) if (o[k] && typeof o[k] === 'object') walk(o[k], `${path}.${k}`);
      for (const k of ['anyOf', 'oneOf']) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x, i) => walk(x, `${path}.${k}[${i}]`));
      if (o.definitions) for (const [k, v] of Object.entries(o.definitions as Record<string, unknown>)) walk(v, `#${k}`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
  it('objects forbid unknown keys (except Kubernetes manifests and maps)', () => {
    const schema = JSON.parse(readFileSync('src/scenario/scenario.schema.json', 'utf8'));
    const open = Object.entries(schema.definitions as Record<string, Record<string, unknown>>)
      .filter(([, d]) => d.type === 'object' && d.properties && d.additionalProperties !== false)
      .map(([k]) => k)
      .sort();
    expect(open).toEqual(['Manifest', 'WaitForStep']);
  });
});
