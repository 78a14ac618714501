import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S } from './harness.js';
import { fileAt } from '../../src/kubelet/container-view.js';
import { envValue } from '../../src/kubelet/env.js';
import type { KubeObject } from '../../src/store/types.js';

const cm = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

function setup(seed = 1) {
  const h = kubeletCluster({ seed });
  const file = (pod: string, path: string) => {
    const w = h.agent().worker(pod)!;
    const rec = w.records.find((r) => !r.init)!;
    const r = fileAt(path, rec.spec, w.volumes, rec.current?.subPaths);
    return r.kind === 'file' ? r.content : r.kind;
  };
  const env = (pod: string, name: string) => envValue(h.agent().worker(pod)!.records[0]!.current!.env!, name);
  const edit = (name: string, data: Record<string, string>) => {
    const cur = h.cluster.store.get('ConfigMap', 'default', name)!;
    h.cluster.store.update({ ...cur, data }, { actor: 'test' });
  };
  return { ...h, file, env, edit };
}

const volPod = (name: string, cmName = 'cfg', extra: Record<string, any> = {}) =>
  podManifest(name, {
    containers: [{ name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }],
    volumes: [{ name: 'cfg', configMap: { name: cmName } }],
    ...extra,
  });

/** Virtual time at which the file first shows `want`, scanning second by second. */
function firstSeen(h: ReturnType<typeof setup>, pod: string, path: string, want: string, from: number, to: number): number | undefined {
  for (let t = from; t <= to; t += S) {
    h.runTo(t);
    if (h.file(pod, path) === want) return t;
  }
  return undefined;
}

describe('ConfigMap volume refresh at periodic pod syncs', () => {
  it('an edit shows 60s to 90s after the last sync (PLEG at 1s), on a whole second, the same for the same seed', () => {
    const times: number[] = [];
    for (const seed of [1, 1, 2, 3]) {
      const h = setup(seed);
      h.create(cm('cfg', { k: 'v1' }));
      h.create(volPod('p'));
      h.runTo(0);
      expect(h.file('p', '/cfg/k')).toBe('v1');
      h.runTo(10 * S);
      h.edit('cfg', { k: 'v2' });
      const t = firstSeen(h, 'p', '/cfg/k', 'v2', 10 * S, 100 * S)!;
      expect(t).toBeGreaterThanOrEqual(61 * S);
      expect(t).toBeLessThanOrEqual(91 * S);
      times.push(t);
    }
    expect(times[0]).toBe(times[1]);
    expect(new Set(times).size).toBeGreaterThan(1);
  });
  it('a ConfigMap deleted under a running pod: files stay, FailedMount at the next sync', () => {
    const h = setup();
    h.create(cm('cfg', { k: 'v1' }));
    h.create(volPod('p'));
    h.runTo(S);
    h.cluster.store.delete('ConfigMap', 'default', 'cfg', { actor: 'test' });
    h.runTo(95 * S);
    expect(h.file('p', '/cfg/k')).toBe('v1');
    expect(h.cs('p').state.running).toBeDefined();
    expect(h.events('p', 'FailedMount').map((e) => e.message)).toEqual(['MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found']);
  });
});

describe('first mount failures', () => {
  it('FailedMount on each reconciler retry, the 2m3s wait times out, the sync retries after 10s', () => {
    const h = setup();
    h.create(volPod('p', 'late'));
    h.runTo(122 * S);
    const failed = h.events('p', 'FailedMount');
    // Attempts at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5, 63.5s: one aggregated event.
    expect(failed).toEqual([expect.objectContaining({ message: 'MountVolume.SetUp failed for volume "cfg" : configmap "late" not found', count: 8 })]);
    h.runTo(123 * S);
    expect(h.events('p', 'FailedMount').map((e) => e.message)).toContain('Unable to attach or mount volumes: unmounted volumes=[cfg], unattached volumes=[], failed to process volumes=[]: context deadline exceeded');
    expect(h.cs('p').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    // The next mount attempt is at 63.5 + 64 = 127.5s; the ConfigMap exists by then, but the
    // sync that gave up at 123s waits for its back-off: it runs again at 133s.
    h.create(cm('late', { k: 'ok' }));
    h.runTo(132 * S);
    expect(h.cs('p').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    h.runTo(133 * S);
    expect(h.cs('p').state.running.startedAt).toBe('2024-04-17T00:02:13Z');
    expect(h.file('p', '/cfg/k')).toBe('ok');
  });
});

describe('environment at container creation', () => {
  it('CreateContainerConfigError until the key exists; the restarted container sees later edits', () => {
    const h = setup();
    h.create(cm('cfg', { other: 'x' }));
    h.create(podManifest('p', { containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }] }));
    h.runTo(S);
    expect(h.cs('p').state).toEqual({ waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key k in ConfigMap default/cfg" } });
    expect(h.pod('p')!.status.phase).toBe('Pending');
    expect(h.events('p', 'Failed').map((e) => e.message)).toEqual(["Error: couldn't find key k in ConfigMap default/cfg"]);
    h.edit('cfg', { k: 'one' });
    h.runTo(9 * S);
    expect(h.cs('p').state.waiting.reason).toBe('CreateContainerConfigError');
    h.runTo(10 * S);
    expect(h.cs('p').state.running).toBeDefined();
    expect(h.env('p', 'K')).toBe('one');
    h.edit('cfg', { k: 'two' });
    h.runTo(300 * S);
    expect(h.env('p', 'K')).toBe('one');
    h.agent().crash('default/p', 'app', 1);
    expect(h.cs('p').restartCount).toBe(1);
    expect(h.env('p', 'K')).toBe('two');
  });
});

describe('immutable objects (the kubelet stops watching them)', () => {
  it('a deleted immutable ConfigMap is still seen while a pod on the node references it', () => {
    const h = setup();
    h.create({ ...cm('frozen', { k: 'v1' }), immutable: true });
    const envPod = (name: string) => podManifest(name, { containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'frozen', key: 'k' } } }] }] });
    h.create(envPod('a'));
    h.runTo(S);
    expect(h.env('a', 'K')).toBe('v1');
    h.cluster.store.delete('ConfigMap', 'default', 'frozen', { actor: 'test' });
    h.create({ ...cm('frozen', { k: 'v2' }) });
    h.agent().crash('default/a', 'app', 1);
    expect(h.env('a', 'K')).toBe('v1');
    h.create(envPod('b'));
    h.runTo(2 * S);
    expect(h.env('b', 'K')).toBe('v1');
    // Once no pod on the node references it, the kubelet forgets its copy.
    h.cluster.store.delete('Pod', 'default', 'a', { actor: 'test', gracePeriodSeconds: 0 });
    h.cluster.store.delete('Pod', 'default', 'b', { actor: 'test', gracePeriodSeconds: 0 });
    h.runTo(3 * S);
    h.create(envPod('c'));
    h.runTo(4 * S);
    expect(h.env('c', 'K')).toBe('v2');
  });
  it('a mutable ConfigMap is read fresh', () => {
    const h = setup();
    h.create(cm('live', { k: 'v1' }));
    h.create(podManifest('a', { containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'live', key: 'k' } } }] }] }));
    h.runTo(S);
    h.cluster.store.delete('ConfigMap', 'default', 'live', { actor: 'test' });
    h.agent().crash('default/a', 'app', 1);
    expect(h.cs('a').state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "live" not found' });
  });
});

describe('service link variables', () => {
  it('a service created after the container started shows only in the next run', () => {
    const h = setup();
    h.create(podManifest('p', { containers: [{ name: 'app', image: 'nginx:1.25' }] }));
    h.runTo(S);
    expect(h.env('p', 'CACHE_SERVICE_HOST')).toBeUndefined();
    const svc = h.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cache', namespace: 'default' }, spec: { clusterIP: '10.96.0.50', selector: { app: 'cache' }, ports: [{ name: 'redis', port: 6379 }] } });
    const ip = svc.spec.clusterIP;
    expect(ip).toBe('10.96.0.50');
    h.runTo(2 * S);
    expect(h.env('p', 'CACHE_SERVICE_HOST')).toBeUndefined();
    h.agent().crash('default/p', 'app', 1);
    expect(h.env('p', 'CACHE_SERVICE_HOST')).toBe(ip);
    expect(h.env('p', 'CACHE_SERVICE_PORT_REDIS')).toBe('6379');
    expect(h.env('p', 'CACHE_PORT')).toBe(`tcp://${ip}:6379`);
  });
});

describe('downward API volume', () => {
  it('a label change syncs the pod at once and rewrites the labels file', () => {
    const h = setup();
    h.create(
      podManifest('p', {
        containers: [{ name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'info', mountPath: '/etc/podinfo' }] }],
        volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }],
      }),
    );
    h.runTo(S);
    expect(h.file('p', '/etc/podinfo/labels')).toBe('');
    const cur = h.pod('p')!;
    h.cluster.store.update({ ...cur, metadata: { ...cur.metadata, labels: { tier: 'web', app: 'shop' } } }, { actor: 'test' });
    h.runTo(S);
    expect(h.file('p', '/etc/podinfo/labels')).toBe('app="shop"\ntier="web"');
  });
});

describe('preStop exec hooks', () => {
  it('the sleep is waited for before SIGTERM, at most the grace period', () => {
    const h = kubeletCluster({ images: { 'slow:v1': { stop: 4 * S } } });
    h.create(podManifest('p', { terminationGracePeriodSeconds: 10, containers: [{ name: 'app', image: 'slow:v1', lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 3'] } } } }] }));
    h.create(podManifest('q', { terminationGracePeriodSeconds: 10, containers: [{ name: 'app', image: 'slow:v1', lifecycle: { preStop: { exec: { command: ['sleep', '30'] } } } }] }));
    h.runTo(S);
    h.cluster.store.delete('Pod', 'default', 'p', { actor: 'test' });
    h.cluster.store.delete('Pod', 'default', 'q', { actor: 'test' });
    // p: hook 3s, then SIGTERM; the process stops 4s later: gone at 1 + 3 + 4 = 8s.
    h.runTo(8 * S - 1);
    expect(h.pod('p')).toBeDefined();
    h.runTo(8 * S);
    expect(h.pod('p')).toBeUndefined();
    // q: hook cut at the 10s grace, 2s minimum left, killed then: gone at 1 + 10 + 2 = 13s.
    h.runTo(13 * S - 1);
    expect(h.pod('q')).toBeDefined();
    h.runTo(13 * S);
    expect(h.pod('q')).toBeUndefined();
  });
});
