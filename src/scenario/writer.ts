/**
 * Scenario → YAML text that loads back to the same document (used for shrunk fast-check
 * counterexamples). Only the document is written; `source` is not.
 */
import { stringify } from 'yaml';
import type { Scenario } from './types.js';
import { MANIFEST_YAML_VERSION, dropTimeTags } from './yaml-source.js';

export function writeScenarioYaml(s: Scenario, opts: { schemaPath?: string } = {}): string {
  const doc = { apiVersion: s.apiVersion, kind: s.kind, metadata: s.metadata, spec: s.spec };
  const head = `# yaml-language-server: $schema=${opts.schemaPath ?? '../generated/scenario.schema.json'}\n`;
  return head + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, version: MANIFEST_YAML_VERSION, customTags: dropTimeTags as never });
}
