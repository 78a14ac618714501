import { stringify } from 'yaml';
import type { Assertion } from '../../../generated/scenario.js';

/** One-line flow-YAML rendering of an assertion for messages: `{count: {kind: Pod}, equals: 3}`. */
export function describeAssertion(a: Assertion): string {
  return stringify(a, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
