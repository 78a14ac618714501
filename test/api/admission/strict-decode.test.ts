import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/api/admission/index.js';
import { deployment, pod, rejection } from './helpers.js';

describe('strict decoding (fieldValidation=Strict), 400 BadRequest', () => {
  it('one unknown field', () => {
    const e = rejection(deployment({ replcas: 3 }));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replcas"');
    expect(e.causes).toEqual([{ field: 'spec.replcas', type: 'UnknownField', message: 'unknown field "spec.replcas"', path: ['spec', 'replcas'] }]);
  });

  it('several unknown fields, in sorted-key decoding order, with list indices', () => {
    const d = deployment({ zeta: 1 });
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    d.metadata.labelz = { a: 'b' };
    const e = rejection(d);
    expect(e.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.labelz", unknown field "spec.template.spec.containers[0].imagePullPolicyy", unknown field "spec.zeta"',
    );
  });

  it('the seed typo persistentVolumeReclaimpolicy', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'yh-pv1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimpolicy: 'Recycle', storageClassName: 'nfs', nfs: { path: '/data', server: 'nfs' } },
    };
    expect(rejection(pv).message).toBe(
      'PersistentVolume in version "v1" cannot be handled as a PersistentVolume: strict decoding error: unknown field "spec.persistentVolumeReclaimpolicy"',
    );
    expect(validateManifest(pv)).toEqual([
      {
        field: 'spec.persistentVolumeReclaimpolicy',
        type: 'UnknownField',
        message: 'unknown field "spec.persistentVolumeReclaimpolicy"',
        path: ['spec', 'persistentVolumeReclaimpolicy'],
      },
    ]);
  });

  it('unknown fields in nested structs', () => {
    expect(rejection(pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1' }, limitz: {} } }] })).message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].resources.limitz"',
    );
  });
});

describe('JSON type errors (Go encoding/json wording)', () => {
  it('a string for an int32', () => {
    expect(rejection(deployment({ replicas: '3' })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('a number for a string: the path has no list indices, the struct is the innermost one', () => {
    const p = pod({ containers: [{ name: 'a', image: 1.25 }] });
    expect(rejection(p).message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string');
  });

  it('int64 fields, fractions, objects for strings, scalars for lists', () => {
    expect(rejection(pod({ terminationGracePeriodSeconds: 'x' })).message).toContain('json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64');
    expect(rejection(deployment({ replicas: 1.5 })).message).toContain('json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(rejection(pod({ containers: 'app' })).message).toContain('json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container');
    expect(rejection(pod({ nodeSelector: { zone: 1 } })).message).toContain('json: cannot unmarshal number into Go struct field PodSpec.spec.nodeSelector of type string');
    // The seed's `server: {YOUR_NFS_SERVER_URL}` (a YAML flow mapping).
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { nfs: { server: { YOUR_NFS_SERVER_URL: null }, path: '/' } } };
    expect(rejection(pv).message).toBe(
      'PersistentVolume in version "v1" cannot be handled as a PersistentVolume: json: cannot unmarshal object into Go struct field NFSVolumeSource.spec.nfs.server of type string',
    );
  });

  it('a type error wins over unknown fields', () => {
    expect(rejection(deployment({ replicas: '3', replcas: 3 })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('quantities are parsed while decoding', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { memory: '1GB' } } }] });
    expect(rejection(p).message).toBe(
      "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(validateManifest(p)[0]?.path).toEqual(['spec', 'containers', 0, 'resources', 'requests', 'memory']);
  });

  it('IntOrString given a boolean', () => {
    expect(rejection(deployment({ strategy: { rollingUpdate: { maxSurge: true } } })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    );
  });
});

describe('validateManifest', () => {
  it('accepts a valid manifest', () => {
    expect(validateManifest(deployment())).toEqual([]);
  });

  it('semantic errors with paths into the manifest', () => {
    expect(validateManifest(deployment({ replicas: -1 }))).toEqual([
      { field: 'spec.replicas', type: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', path: ['spec', 'replicas'] },
    ]);
  });

  it('kind and apiVersion', () => {
    expect(validateManifest({ apiVersion: 'v1', metadata: { name: 'x' } })).toEqual([
      { field: 'kind', type: 'FieldValueRequired', message: "Required value: Object 'Kind' is missing", path: ['kind'] },
    ]);
    expect(validateManifest({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'x' } })[0]?.message).toBe(
      'Invalid value: "batch/v1beta1": no matches for kind "CronJob" in version "batch/v1beta1"',
    );
  });

  it('missing required properties from the OpenAPI schema are reported only here', () => {
    const errs = validateManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'nginx' }] } });
    expect(errs.map((e) => `${e.field}: ${e.message}`)).toEqual(['spec.containers[0].name: Required value']);
  });
});
