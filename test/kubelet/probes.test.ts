import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

const livenessExec = podManifest('test-liveness-exec', {
  containers: [
    {
      name: 'liveness',
      image: 'busybox',
      args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600'],
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
    },
  ],
});

describe('probes', () => {
  it('liveness failure kills and restarts the container (seed 003 test-liveness-exec)', () => {
    const k = kubeletCluster({ images: { busybox: { healthyFor: 30 * S } } });
    k.create(livenessExec);
    k.runTo(29 * S);
    expect(k.events('test-liveness-exec', 'Unhealthy')).toEqual([]);
    k.runTo(39 * S);
    expect(k.events('test-liveness-exec', 'Unhealthy')[0]).toMatchObject({ message: 'Liveness probe failed: ', count: 2, first: ts(30 * S), last: ts(35 * S) });
    expect(k.cs('test-liveness-exec').restartCount).toBe(0);
    k.runTo(40 * S);
    expect(k.events('test-liveness-exec', 'Killing')).toMatchObject([{ message: 'Container liveness failed liveness probe, will be restarted', first: ts(40 * S) }]);
    const c = k.cs('test-liveness-exec');
    expect(c.restartCount).toBe(1);
    expect(c.state.running.startedAt).toBe(ts(40 * S));
    expect(c.ready).toBe(true);
    expect(k.pod('test-liveness-exec')!.status.phase).toBe('Running');
    // second run: healthy until 70s, failures at 70/75/80, killed at 80, back-off 10s, restarted at 90s
    k.runTo(85 * S);
    expect(k.cs('test-liveness-exec').state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(k.cs('test-liveness-exec').lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: ts(40 * S), finishedAt: ts(80 * S) });
    k.runTo(90 * S);
    expect(k.cs('test-liveness-exec')).toMatchObject({ restartCount: 2, state: { running: { startedAt: ts(90 * S) } } });
  });

  it('readiness failure flips Ready without a restart', () => {
    const k = kubeletCluster();
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }] }));
    k.runTo(1 * S);
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: ts(0) });
    const key = 'default/web';
    expect(k.agent().failProbe(key, 'web', 'readiness', 60 * S)).toBe(true);
    k.runTo(19 * S);
    expect(k.cond('web', 'Ready')!.status).toBe('True');
    k.runTo(30 * S);
    // failures at 10, 20, 30 → not ready at 30s (failureThreshold 3)
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', lastTransitionTime: ts(30 * S) });
    expect(k.events('web', 'Unhealthy')[0]).toMatchObject({ message: 'Readiness probe failed: HTTP probe failed with statuscode: 500', count: 3 });
    k.runTo(60 * S);
    expect(k.cond('web', 'Ready')!.status).toBe('True');
    expect(k.cond('web', 'Ready')!.lastTransitionTime).toBe(ts(60 * S));
    expect(k.cs('web').restartCount).toBe(0);
  });

  it('startup probe gates liveness and readiness', () => {
    const k = kubeletCluster({ images: { slow: { readyAfter: 25 * S } } });
    k.create(
      podManifest('app', {
        containers: [
          {
            name: 'app',
            image: 'slow',
            startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 10, failureThreshold: 5 },
            livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 },
          },
        ],
      }),
    );
    k.runTo(29 * S);
    expect(k.cs('app')).toMatchObject({ started: false, ready: false });
    expect(k.events('app', 'Unhealthy')[0]).toMatchObject({ message: 'Startup probe failed: dial tcp 10.244.0.2:80: connect: connection refused', count: 3 });
    k.runTo(30 * S);
    // startup passes at 30s; readiness runs at once (manual trigger) and passes
    expect(k.cs('app')).toMatchObject({ started: true, ready: true });
    expect(k.cond('app', 'Ready')!.lastTransitionTime).toBe(ts(30 * S));
  });

  it('startup probe failure kills the container', () => {
    const k = kubeletCluster({ images: { never: { readyAfter: 3600 * S } } });
    k.create(podManifest('app', { containers: [{ name: 'app', image: 'never', startupProbe: { exec: { command: ['true'] }, periodSeconds: 10, failureThreshold: 3 } }] }));
    k.runTo(20 * S);
    expect(k.events('app', 'Killing')[0]).toMatchObject({ message: 'Container app failed startup probe, will be restarted', first: ts(20 * S) });
    expect(k.cs('app').restartCount).toBe(1);
  });

  it('healProbe ends a failProbe; crash exits the process now', () => {
    const k = kubeletCluster();
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'nginx', livenessProbe: { httpGet: { path: '/', port: 80 } } }] }));
    k.runTo(5 * S);
    k.agent().failProbe('default/web', 'web', 'liveness', undefined);
    k.runTo(25 * S);
    k.agent().healProbe('default/web', 'web', 'liveness');
    k.runTo(60 * S);
    expect(k.cs('web').restartCount).toBe(0);
    expect(k.events('web', 'Unhealthy')[0]!.count).toBe(2);
    expect(k.agent().crash('default/web', 'web', 3)).toBe(true);
    k.runTo(60 * S);
    expect(k.cs('web')).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: ts(60 * S) } } });
    expect(k.agent().crash('default/nope', 'web', 1)).toBe(false);
  });
});
