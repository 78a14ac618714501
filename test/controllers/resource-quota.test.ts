import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ApiError, type KubeObject } from '../../src/store/types.js';
import { calculateUsed, checkQuotaRequest, objectUsage, prettyPrint } from '../../src/api/admission/resource-quota.js';

const quota = (hard: Record<string, string>, used?: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'q', namespace: 'default' },
  spec: { hard, ...spec },
  status: { hard, ...(used ? { used } : {}) },
});
const pod = (resources: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx', resources }], ...extra },
});

// pkg/quota/v1/evaluator/core/pods.go and plugin/pkg/admission/resourcequota/controller.go
describe('ResourceQuota evaluation', () => {
  it('pod usage: pods, count/pods, cpu/memory requests and limits (requests summed, init containers maxed)', () => {
    const p: KubeObject = {
      ...pod({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } }),
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
          { name: 'b', resources: { requests: { cpu: '250m' } } },
        ],
        initContainers: [{ name: 'i', resources: { requests: { cpu: '1' } } }],
      },
    };
    expect(prettyPrint(objectUsage(p, 0))).toBe('count/pods=1,cpu=1,limits.memory=128Mi,memory=64Mi,pods=1,requests.cpu=1,requests.memory=64Mi');
  });

  it('terminal pods keep only their object count', () => {
    expect(prettyPrint(objectUsage({ ...pod({ requests: { cpu: '1' } }), status: { phase: 'Succeeded' } }, 0))).toBe('count/pods=1');
  });

  it('exceeded quota names only the exceeded resources', () => {
    const d = checkQuotaRequest([quota({ pods: '3', 'requests.cpu': '1' }, { pods: '3', 'requests.cpu': '300m' })], pod({ requests: { cpu: '100m' } }), undefined, 0);
    expect(d.forbidden).toBe('exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3');
  });

  it('an admitted pod is charged to status.used', () => {
    const d = checkQuotaRequest([quota({ pods: '3', 'requests.memory': '1Gi' }, { pods: '1', 'requests.memory': '512Mi' })], pod({ requests: { memory: '256Mi' } }), undefined, 0);
    expect(d.forbidden).toBeUndefined();
    expect(d.charges.map((c) => c.used)).toEqual([{ pods: '2', 'requests.memory': '768Mi' }]);
  });

  it('a quota on cpu requires every container to request cpu (the must-specify rule)', () => {
    const d = checkQuotaRequest([quota({ 'requests.cpu': '1', 'limits.memory': '1Gi' }, { 'requests.cpu': '0', 'limits.memory': '0' })], pod(), undefined, 0);
    expect(d.forbidden).toBe('failed quota: q: must specify limits.memory for: app; requests.cpu for: app');
  });

  it('a quota whose usage is not computed yet refuses with status unknown', () => {
    const d = checkQuotaRequest([quota({ pods: '3' })], pod(), undefined, 0);
    expect(d.forbidden).toBe('status unknown for quota: q, resources: pods');
  });

  it('scopes: a BestEffort quota ignores Burstable pods', () => {
    const q = quota({ pods: '0' }, { pods: '0' }, { scopes: ['BestEffort'] });
    expect(checkQuotaRequest([q], pod({ requests: { cpu: '100m' } }), undefined, 0).forbidden).toBeUndefined();
    expect(checkQuotaRequest([q], pod(), undefined, 0).forbidden).toBe('exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
  });

  it('object counts: count/deployments.apps and the legacy services name', () => {
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: {} };
    expect(prettyPrint(objectUsage(dep, 0))).toBe('count/deployments.apps=1');
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] } };
    expect(prettyPrint(objectUsage(svc, 0))).toBe('count/services=1,services=1,services.nodeports=2');
    expect(calculateUsed(quota({ 'count/deployments.apps': '2' }), [dep, dep], 0)).toEqual({ 'count/deployments.apps': '2' });
  });
});

describe('ResourceQuota controller + admission in a cluster', () => {
  it('computes status on create, charges creates at once, refuses the 3rd pod, replenishes on delete', () => {
    const c = new Cluster({ seed: 1, nodes: [{ name: 'n', count: 1 }] });
    c.start();
    const opts = { actor: 'test' };
    c.store.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '2' } } }, opts);
    c.engine.run({ until: 1000 });
    expect(c.store.get('ResourceQuota', 'default', 'q')!.status).toEqual({ hard: { pods: '2' }, used: { pods: '0' } });
    const mk = (n: string) => c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, opts);
    mk('a');
    mk('b');
    expect(c.store.get('ResourceQuota', 'default', 'q')!.status.used).toEqual({ pods: '2' });
    let err: unknown;
    try {
      mk('c');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    c.store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0, actor: 'test' });
    c.engine.run({ until: 5000 });
    expect(c.store.get('ResourceQuota', 'default', 'q')!.status.used).toEqual({ pods: '1' });
    expect(() => mk('c')).not.toThrow();
  });
});
