import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/api/admission/index.js';

// Load-time validation judges the object after defaulting, as the API server does: a field the
// defaults fill in is not "Required" (pkg/apis/batch/v1/defaults.go SetDefaults_Job sets a
// podFailurePolicy onPodConditions pattern's status to "True").
describe('validateManifest after defaulting', () => {
  const job = (pattern: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: {
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [pattern] }] },
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
  });

  it('accepts an onPodConditions pattern without status (the docs example)', () => {
    expect(validateManifest(job({ type: 'DisruptionTarget' }))).toEqual([]);
  });

  it('still reports a required field no default fills (the pattern type)', () => {
    expect(validateManifest(job({ status: 'True' })).map((e) => `${e.field}: ${e.type}`)).toEqual(['spec.podFailurePolicy.rules[0].onPodConditions[0].type: FieldValueRequired']);
  });
});
