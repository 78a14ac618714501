import { describe, expect, it } from 'vitest';
import { EnvError, envValue, expand, makeEnvironmentVariables, podHostname, type EnvInputs } from '../../src/kubelet/env.js';
import type { KubeObject } from '../../src/store/types.js';
import { fakeStore } from '../scenario/fake-store.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cm = (name: string, data: Record<string, string>, ns = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
const secret = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) });
const svc = (name: string, ns: string, clusterIP: string, ports: any[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { clusterIP, ports } });
const pod = (spec: any, meta: any = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'u-1', labels: { app: 'web', tier: 'front' }, ...meta }, spec: { nodeName: 'node-a', enableServiceLinks: true, ...spec } });

function inputs(objects: KubeObject[], warnings: string[] = []): EnvInputs {
  return { store: fakeStore(objects), podIP: '10.244.0.5', hostIP: '192.168.0.10', nodeName: 'node-a', allocatable: { cpu: '2', memory: '4Gi' }, warn: (r, m) => warnings.push(`${r}: ${m}`) };
}

describe('expand (third_party/forked/golang/expansion)', () => {
  const map: Record<string, string> = { A: 'a', B: 'b' };
  const look = (n: string) => map[n];
  it('replaces known references and keeps unknown ones', () => {
    expect(expand('$(A)-$(B)-$(C)', look)).toBe('a-b-$(C)');
  });
  it('$$ escapes, a lone $ and an unclosed reference stay', () => {
    expect(expand('$$(A) $x $(A', look)).toBe('$(A) $x $(A');
    expect(expand('cost: 5$', look)).toBe('cost: 5$');
    expect(expand('$$$(A)', look)).toBe('$a');
  });
});

describe('makeEnvironmentVariables', () => {
  it('env overrides envFrom; prefix; secret values decoded; services; HOSTNAME', () => {
    const objs = [cm('cfg', { MODE: 'a', color: 'blue' }), secret('s', { TOKEN: 't0p' }), svc('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]), svc('redis-primary', 'default', '10.96.0.20', [{ port: 6379 }])];
    const e = makeEnvironmentVariables(
      pod({}),
      { name: 'app', envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 's' }, prefix: 'S_' }], env: [{ name: 'MODE', value: 'override-$(color)' }] },
      inputs(objs),
    );
    expect(envValue(e, 'MODE')).toBe('override-blue');
    expect(envValue(e, 'S_TOKEN')).toBe('t0p');
    expect(envValue(e, 'HOSTNAME')).toBe('web-0');
    expect(envValue(e, 'KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
    expect(envValue(e, 'KUBERNETES_SERVICE_PORT')).toBe('443');
    expect(envValue(e, 'KUBERNETES_SERVICE_PORT_HTTPS')).toBe('443');
    expect(envValue(e, 'KUBERNETES_PORT')).toBe('tcp://10.96.0.1:443');
    expect(envValue(e, 'KUBERNETES_PORT_443_TCP_ADDR')).toBe('10.96.0.1');
    expect(envValue(e, 'REDIS_PRIMARY_SERVICE_HOST')).toBe('10.96.0.20');
    expect(envValue(e, 'REDIS_PRIMARY_PORT_6379_TCP')).toBe('tcp://10.96.0.20:6379');
    expect(envValue(e, 'REDIS_PRIMARY_PORT_6379_TCP_PROTO')).toBe('tcp');
  });
  it('enableServiceLinks false keeps only the kubernetes service; headless services give nothing', () => {
    const objs = [svc('kubernetes', 'default', '10.96.0.1', [{ port: 443 }]), svc('db', 'default', '10.96.0.9', [{ port: 5432 }]), svc('hl', 'default', 'None', [{ port: 1 }])];
    const off = makeEnvironmentVariables(pod({ enableServiceLinks: false }), { name: 'app' }, inputs(objs));
    expect(envValue(off, 'DB_SERVICE_HOST')).toBeUndefined();
    expect(envValue(off, 'KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
    const on = makeEnvironmentVariables(pod({}), { name: 'app' }, inputs(objs));
    expect(envValue(on, 'DB_SERVICE_HOST')).toBe('10.96.0.9');
    expect(envValue(on, 'HL_SERVICE_HOST')).toBeUndefined();
  });
  it('missing references: upstream messages; optional ones are skipped', () => {
    const inp = inputs([cm('cfg', { a: '1' }), secret('s', { a: '1' })]);
    const run = (env: any[]) => () => makeEnvironmentVariables(pod({}), { name: 'app', env }, inp);
    expect(run([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'a' } } }])).toThrow(new EnvError('configmap "nope" not found'));
    expect(run([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b' } } }])).toThrow(new EnvError("couldn't find key b in ConfigMap default/cfg"));
    expect(run([{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'a' } } }])).toThrow(new EnvError('secret "nope" not found'));
    expect(run([{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'b' } } }])).toThrow(new EnvError("couldn't find key b in Secret default/s"));
    expect(() => makeEnvironmentVariables(pod({}), { name: 'app', envFrom: [{ configMapRef: { name: 'nope' } }] }, inp)).toThrow(new EnvError('configmap "nope" not found'));
    const e = makeEnvironmentVariables(
      pod({}),
      { name: 'app', envFrom: [{ secretRef: { name: 'nope', optional: true } }], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b', optional: true } } }] },
      inp,
    );
    expect(envValue(e, 'X')).toBeUndefined();
  });
  it('envFrom keys that are no valid variable names are skipped with an event (1.30)', () => {
    const warnings: string[] = [];
    const e = makeEnvironmentVariables(pod({}), { name: 'app', envFrom: [{ configMapRef: { name: 'cfg' } }] }, inputs([cm('cfg', { '1st': 'x', ok: 'y', '2nd': 'z' })], warnings));
    expect(envValue(e, 'ok')).toBe('y');
    expect(envValue(e, '1st')).toBeUndefined();
    expect(warnings).toEqual(['InvalidEnvironmentVariableNames: Keys [1st, 2nd] from the EnvFrom configMap default/cfg were skipped since they are considered invalid environment variable names.']);
  });
  it('fieldRef: metadata, labels (FormatMap), IPs, node', () => {
    const env = [
      { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
      { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
      { name: 'NONE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['x']" } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ];
    const e = makeEnvironmentVariables(pod({}), { name: 'app', env }, inputs([]));
    expect(['NAME', 'UID', 'LABELS', 'TIER', 'NONE', 'POD_IP', 'HOST_IP', 'NODE'].map((n) => envValue(e, n))).toEqual(['web-0', 'u-1', 'app="web"\ntier="front"', 'front', '', '10.244.0.5', '192.168.0.10', 'node-a']);
  });
  it('resourceFieldRef: ceil by divisor; unset limits from node allocatable; unset requests 0', () => {
    const c = { name: 'app', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } } };
    const env = [
      { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
      { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'MEM_LIM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } },
      { name: 'EPH_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.ephemeral-storage' } } },
    ];
    const e = makeEnvironmentVariables(pod({}), { ...c, env }, inputs([]));
    expect(['CPU_REQ', 'CPU_REQ_M', 'CPU_LIM', 'MEM_LIM_MI', 'MEM_REQ', 'EPH_REQ'].map((n) => envValue(e, n))).toEqual(['1', '250', '2', '128', '67108864', '0']);
  });
  it('hostname: spec.hostname, 63-character cut, hostNetwork takes the node name', () => {
    expect(podHostname(pod({ hostname: 'db' }), 'n')).toBe('db');
    expect(podHostname(pod({}, { name: `${'a'.repeat(62)}-b` }), 'n')).toBe('a'.repeat(62));
    expect(podHostname(pod({ hostNetwork: true }), 'node-a')).toBe('node-a');
  });
});
