import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

describe('kubelet pod startup', () => {
  it('registers the node and its lease', () => {
    const k = kubeletCluster({ nodes: [{ name: 'w', count: 2 }] });
    const n = k.cluster.store.get('Node', undefined, 'w-1')!;
    expect(n.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'w-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    expect(n.status.capacity).toEqual({ cpu: '2', memory: '4Gi', pods: '110' });
    expect(n.spec.podCIDR).toBe('10.244.1.0/24');
    expect(n.status.addresses).toEqual([{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'w-1' }]);
    expect(n.status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      'MemoryPressure=False/KubeletHasSufficientMemory',
      'DiskPressure=False/KubeletHasNoDiskPressure',
      'PIDPressure=False/KubeletHasSufficientPID',
      'Ready=True/KubeletReady',
    ]);
    const lease = k.cluster.store.get('Lease', 'kube-node-lease', 'w-0')!;
    expect(lease.spec.renewTime).toBe('2024-04-17T00:00:00.000000Z');
    k.runTo(35 * S);
    expect(k.cluster.store.get('Lease', 'kube-node-lease', 'w-0')!.spec.renewTime).toBe('2024-04-17T00:00:30.000000Z');
  });

  it('pulls, creates and starts: full timeline', () => {
    const k = kubeletCluster({ images: { 'web:v2': { pull: 3 * S, start: 2 * S } } });
    k.runTo(1 * S);
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'web:v2', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } }] }));
    k.runTo(1 * S);
    let p = k.pod('web')!;
    expect(p.status.phase).toBe('Pending');
    expect(k.cs('web').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(p.status.podIP).toBe('10.244.0.2');
    expect(p.status.hostIP).toBe('172.18.0.2');
    expect(p.status.startTime).toBe(ts(1 * S));
    expect(p.status.qosClass).toBe('BestEffort');
    k.runTo(4 * S);
    p = k.pod('web')!;
    expect(p.status.phase).toBe('Running');
    expect(k.cs('web').state).toEqual({ running: { startedAt: ts(4 * S) } });
    expect(k.cs('web').ready).toBe(false);
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    // Worker ticks at 1s, 11s, ...; process serves at 6s; first passing probe at 11s.
    k.runTo(10 * S);
    expect(k.cs('web').ready).toBe(false);
    k.runTo(11 * S);
    expect(k.cs('web').ready).toBe(true);
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: ts(11 * S) });
    const ev = k.events('web');
    expect(ev.map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Pulling: Pulling image "web:v2"',
      'Pulled: Successfully pulled image "web:v2" in 3s (3s including waiting). Image size: ' + ev[1]!.message.split('Image size: ')[1],
      'Created: Created container web',
      'Started: Started container web',
      'Unhealthy: Readiness probe failed: Get "http://10.244.0.2:80/": dial tcp 10.244.0.2:80: connect: connection refused',
    ]);
    expect(p.status.conditions.map((c: any) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('IfNotPresent skips the pull when the image is on the node', () => {
    const k = kubeletCluster({ images: { 'nginx:1.25': { pull: 5 * S } } });
    k.create(podManifest('a', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(5 * S);
    k.create(podManifest('b', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(6 * S);
    expect(k.events('b', 'Pulled')[0]!.message).toBe('Container image "nginx:1.25" already present on machine');
    expect(k.cs('b').state.running.startedAt).toBe(ts(5 * S));
    expect(k.pod('b')!.status.podIP).toBe('10.244.0.3');
  });

  it('pulls queued behind a pull of the same image take no time; other images wait their turn', () => {
    const k = kubeletCluster({ images: { 'nginx:1.25': { pull: 5 * S }, 'redis:7': { pull: 2 * S } } });
    k.create(podManifest('a', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.create(podManifest('b', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.create(podManifest('r', { containers: [{ name: 'c', image: 'redis:7' }] }));
    k.create(podManifest('c', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(10 * S);
    const pulled = (p: string) => k.events(p, 'Pulled')[0]!.message.replace(/ Image size: \d+ bytes\.$/, '');
    expect(pulled('a')).toBe('Successfully pulled image "nginx:1.25" in 5s (5s including waiting).');
    expect(pulled('b')).toBe('Successfully pulled image "nginx:1.25" in 0s (5s including waiting).');
    expect(pulled('r')).toBe('Successfully pulled image "redis:7" in 2s (7s including waiting).');
    expect(pulled('c')).toBe('Successfully pulled image "nginx:1.25" in 0s (7s including waiting).');
    expect(['a', 'b', 'r', 'c'].map((p) => k.cs(p).state.running.startedAt)).toEqual([ts(5 * S), ts(5 * S), ts(7 * S), ts(7 * S)]);
  });

  it('hostNetwork pods use the node IP', () => {
    const k = kubeletCluster();
    k.create(podManifest('hn', { hostNetwork: true, containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.create(podManifest('pn', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(1 * S);
    expect(k.pod('hn')!.status).toMatchObject({ podIP: '172.18.0.2', podIPs: [{ ip: '172.18.0.2' }] });
    expect(k.pod('pn')!.status.podIP).toBe('10.244.0.2');
  });
});
