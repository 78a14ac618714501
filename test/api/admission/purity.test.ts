import { describe, expect, it } from 'vitest';
import { admit, applyDefaults, validateManifest } from '../../../src/api/admission/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { createCtx, deepFreeze, deployment, pod, rejection, settings, updateCtx } from './helpers.js';

const samples = (): KubeObject[] => [
  pod({ containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } }, resources: { limits: { cpu: '1' } } }], volumes: [{ name: 'v' }] }),
  deployment(),
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } }, volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { a: 'b' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' } } },
];

describe('inputs are never mutated', () => {
  it('admit (user and system), applyDefaults and validateManifest leave frozen inputs intact', () => {
    for (const s of samples()) {
      const before = JSON.stringify(s);
      const frozen = deepFreeze(s);
      const out = admit(frozen, createCtx('user'));
      admit(frozen, createCtx('system'));
      applyDefaults(frozen, settings);
      validateManifest(frozen);
      expect(JSON.stringify(frozen)).toBe(before);
      expect(out).not.toBe(frozen);
      // Idempotent: admitting the admitted object again changes nothing.
      expect(admit(deepFreeze(out), createCtx('user'))).toEqual(out);
    }
  });

  it('rejected updates leave both objects intact', () => {
    const old = deepFreeze(admit(deployment(), createCtx()));
    const next = deepFreeze({ ...old, spec: { ...old.spec, selector: { matchLabels: { app: 'z' } } } });
    const a = JSON.stringify(old);
    const b = JSON.stringify(next);
    rejection(next, updateCtx(old));
    expect(JSON.stringify(old)).toBe(a);
    expect(JSON.stringify(next)).toBe(b);
  });
});

describe('origin system is cheap', () => {
  it('skips decoding and semantic validation, keeps the name rule', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x', bogus: 1, resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }] });
    expect(() => admit(p, createCtx('system'))).not.toThrow();
    expect(rejection(pod({}, 'Bad_Name'), createCtx('system')).message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('returns system updates as they are', () => {
    const p = admit(pod(), createCtx());
    const st = { ...p, status: { phase: 'Running' } };
    expect(admit(st, { operation: 'UPDATE', origin: 'system', settings, old: p })).toBe(st);
  });

  it('shares the parts it does not change', () => {
    const p = pod({ affinity: { nodeAffinity: {} }, volumes: [{ name: 'v', emptyDir: {} }] });
    const out = admit(p, createCtx('system'));
    expect(out.spec.affinity).toBe(p.spec.affinity);
    expect(out.spec.volumes[0]).toBe(p.spec.volumes[0]);
    expect(out.metadata).toBe(p.metadata);
  });
});
