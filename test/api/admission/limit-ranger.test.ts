import { describe, expect, it } from 'vitest';
import { admit } from '../../../src/api/admission/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { createCtx, pod, rejection } from './helpers.js';

const lr = (item: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: 'default' }, spec: { limits: [{ type: 'Container', ...item }] } });
const withLR = (ranges: KubeObject[]) => ({ ...createCtx(), store: { get: () => undefined, list: (kind: string) => (kind === 'LimitRange' ? ranges : []) } });

describe('LimitRanger', () => {
  it('fills missing requests and limits and says so in an annotation', () => {
    const ctx = withLR([lr({ default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } })]);
    const p = admit(pod({ containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: '128Mi' } } }] }), ctx);
    expect(p.spec.containers[0].resources).toEqual({ limits: { memory: '128Mi', cpu: '500m' }, requests: { memory: '128Mi', cpu: '100m' } });
    expect(p.metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu request for container app; cpu limit for container app' });
    expect(p.status.qosClass).toBe('Burstable');
  });

  it('min and max are enforced with a 403', () => {
    const ctx = withLR([lr({ min: { cpu: '100m' }, max: { memory: '1Gi' } })]);
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m' }, limits: { memory: '2Gi' } } }] }), ctx);
    expect(e.code).toBe(403);
    expect(e.message).toBe('pods "p" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
    expect(rejection(pod(), ctx).message).toBe(
      'pods "p" is forbidden: [minimum cpu usage per Container is 100m.  No request is specified, maximum memory usage per Container is 1Gi.  No limit is specified]',
    );
  });

  it('max limit to request ratio', () => {
    const ctx = withLR([lr({ maxLimitRequestRatio: { cpu: '2' } })]);
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' }, limits: { cpu: '500m' } } }] }), ctx);
    expect(e.message).toBe('pods "p" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000');
  });
});
