import { stringify } from 'yaml';
import type { Assertion } from '../../../generated/scenario.js';

/** One-line flow-YAML rendering of an assertion for messages: `{count: {kind: Pod}, equals: 3}`. */
export function describeAssertion(a: Assertion): string {
  const s = stringify(a, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  // Long `matches` bodies are in the diff anyway: keep the headline readable.
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
