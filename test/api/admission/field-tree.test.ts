import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/api/kinds.js';

const REPO = join(import.meta.dirname, '../../..');
const tree = JSON.parse(readFileSync(join(REPO, 'generated/k8s-fields.json'), 'utf8')) as {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
};

describe('generated/k8s-fields.json', () => {
  it('is what scripts/gen-k8s-fields.ts generates now', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), join(REPO, 'scripts/gen-k8s-fields.ts'), '--stdout'], { encoding: 'utf8', cwd: REPO });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(REPO, 'generated/k8s-fields.json'), 'utf8'));
  });

  it('covers every modelled kind', () => {
    expect(Object.keys(tree.kinds).sort()).toEqual(KINDS.map((k) => k.kind).sort());
  });

  it('has the shapes the walker relies on', () => {
    expect(tree.types['apps/v1.DeploymentSpec']).toMatchObject({ replicas: 'int32', selector: 'meta/v1.LabelSelector', template: 'core/v1.PodTemplateSpec' });
    expect(tree.types['core/v1.PodSpec']).toMatchObject({ containers: '[]core/v1.Container', nodeSelector: 'map[string]string', terminationGracePeriodSeconds: 'int64' });
    expect(tree.types['core/v1.ResourceRequirements']).toMatchObject({ limits: 'map[string]quantity' });
    expect(tree.types['apps/v1.RollingUpdateDeployment']).toEqual({ maxSurge: 'intstr', maxUnavailable: 'intstr' });
    expect(tree.types['meta/v1.ObjectMeta']).toMatchObject({ creationTimestamp: 'time', managedFields: '[]meta/v1.ManagedFieldsEntry' });
    expect(tree.types['apps/v1.ControllerRevision']).toMatchObject({ data: 'any' });
  });
});
