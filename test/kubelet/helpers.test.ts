import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/kubelet/backoff.js';
import { getPhase } from '../../src/kubelet/get-phase.js';
import { expandNodes, nodeInternalIP, podCIDRFor } from '../../src/kubelet/node-status.js';
import { formatPod, imageRepository, isLatestTag, normalizeImage } from '../../src/kubelet/runtime.js';

describe('kubelet helpers', () => {
  it('expands node counts and defaults capacity; allocatable defaults to capacity', () => {
    const n = expandNodes([{ name: 'a', capacity: { cpu: '4' }, allocatable: { memory: '3Gi' } }, { name: 'w', count: 2, labels: { zone: 'b' } }]);
    expect(n.map((x) => `${x.index}:${x.name}`)).toEqual(['0:a', '1:w-0', '2:w-1']);
    expect(n[0]!.capacity).toEqual({ cpu: '4', memory: '4Gi', pods: '110' });
    expect(n[0]!.allocatable).toEqual({ cpu: '4', memory: '3Gi', pods: '110' });
    expect(n[2]!.labels).toEqual({ zone: 'b' });
  });

  it('node addresses and pod CIDRs', () => {
    expect(nodeInternalIP(0)).toBe('172.18.0.2');
    expect(nodeInternalIP(300)).toBe('172.18.1.46');
    expect(podCIDRFor(3, '10.244.0.0/16')).toBe('10.244.3.0/24');
    expect(podCIDRFor(256, '10.244.0.0/16')).toBe('10.245.0.0/24');
  });

  it('image references as containerd reports them', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(normalizeImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImage('registry.k8s.io/pause:3.9')).toBe('registry.k8s.io/pause:3.9');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(imageRepository('nginx:1.25')).toBe('docker.io/library/nginx');
    expect(isLatestTag('nginx')).toBe(true);
    expect(isLatestTag('nginx:latest')).toBe(true);
    expect(isLatestTag('localhost:5000/app')).toBe(true);
    expect(isLatestTag('nginx:1.25')).toBe(false);
    expect(formatPod({ metadata: { name: 'web', namespace: 'prod', uid: 'u1' } })).toBe('web_prod(u1)');
  });

  it('flowcontrol.Backoff: doubling, cap, expiry after 2 x max', () => {
    const b = new Backoff(10, 300);
    expect(b.isInBackOffSince('k', 0, 5)).toBe(false);
    b.next('k', 0, 0);
    expect(b.get('k')).toBe(10);
    expect(b.isInBackOffSince('k', 100, 109)).toBe(true);
    expect(b.isInBackOffSince('k', 100, 110)).toBe(false);
    for (let i = 0; i < 10; i++) b.next('k', 1, 1);
    expect(b.get('k')).toBe(300);
    b.next('k', 602, 602);
    expect(b.get('k')).toBe(10); // 602 - lastUpdate 1 > 600: expired, starts over
    b.gc(1203);
    expect(b.get('k')).toBe(0);
  });

  it('getPhase (kubelet_pods.go) for sidecars, init failures and terminal pods', () => {
    const run = { state: { running: {} } };
    const exit = (code: number) => ({ state: { terminated: { exitCode: code } } });
    const spec = (restartPolicy: string, extra: object = {}) => ({ restartPolicy, containers: [{ name: 'a' }, { name: 'b' }], ...extra });
    expect(getPhase(spec('Never'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...run }], false)).toBe('Running');
    expect(getPhase(spec('Never'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(1) }], false)).toBe('Failed');
    expect(getPhase(spec('OnFailure'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(1) }], false)).toBe('Running');
    expect(getPhase(spec('Always'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(0) }], false)).toBe('Running');
    expect(getPhase(spec('Always'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(0) }], true)).toBe('Succeeded');
    expect(getPhase(spec('Always'), [], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(137) }], true)).toBe('Failed');
    expect(getPhase(spec('Always'), [], [{ name: 'a', state: { waiting: {} } }, { name: 'b', ...run }], false)).toBe('Pending');
    const withInit = spec('Never', { initContainers: [{ name: 'i' }] });
    expect(getPhase(withInit, [{ name: 'i', ...exit(1) }], [{ name: 'a', state: { waiting: {} } }, { name: 'b', state: { waiting: {} } }], false)).toBe('Failed');
    const sidecar = spec('Never', { initContainers: [{ name: 's', restartPolicy: 'Always' }] });
    expect(getPhase(sidecar, [{ name: 's', state: { running: {} }, started: false }], [], false)).toBe('Pending');
    expect(getPhase(sidecar, [{ name: 's', ...run }], [{ name: 'a', ...exit(0) }, { name: 'b', ...exit(0) }], false)).toBe('Running');
  });
});
