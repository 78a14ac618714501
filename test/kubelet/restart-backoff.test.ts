import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

describe('container restart back-off', () => {
  it('restarts a crashing container at once, then after 10s, 20s, 40s ... 300s (CrashLoopBackOff)', () => {
    const k = kubeletCluster({ images: { crash: { exit: { after: 1 * S, code: 1 } } } });
    const restarts: Array<{ at: number; delay: number }> = [];
    k.cluster.actions.subscribe((a) => {
      if (a.action === 'restart-container') restarts.push({ at: k.cluster.engine.now, delay: a.data!.delay as number });
    });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'crash' }] }));
    k.runTo(1 * S);
    // first exit at 1s: restarted at once (no back-off entry yet)
    expect(k.cs('web').restartCount).toBe(1);
    expect(k.cs('web').lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', startedAt: ts(0), finishedAt: ts(1 * S) });
    k.runTo(2 * S);
    // second exit at 2s: back-off 10s
    const pod = k.pod('web')!;
    expect(k.cs('web').state).toEqual({
      waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=web pod=web_default(${pod.metadata.uid})` },
    });
    expect(pod.status.phase).toBe('Running');
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    k.runTo(30 * 60 * S);
    expect(restarts.map((r) => r.delay / S)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300, 300].slice(0, restarts.length));
    expect(restarts.length).toBeGreaterThanOrEqual(9);
    const back = k.events('web', 'BackOff')[0]!;
    expect(back.message).toBe(`Back-off restarting failed container web in pod web_default(${pod.metadata.uid})`);
    expect(k.cs('web').state.waiting?.message ?? '').toMatch(/^back-off 5m0s restarting failed container=web/);
  });

  it('resets to a fresh back-off after a run longer than 10 minutes', () => {
    const k = kubeletCluster({ images: { slow: { exit: { after: 11 * 60 * S, code: 2 } } } });
    const delays: number[] = [];
    k.cluster.actions.subscribe((a) => {
      if (a.action === 'restart-container') delays.push(a.data!.delay as number);
    });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'slow' }] }));
    k.runTo(60 * 60 * S);
    // every run lasts 11m > 2 × 5m since the last back-off update: the entry has expired each time.
    expect(delays).toEqual([0, 0, 0, 0, 0]);
    expect(k.cs('web').restartCount).toBe(5);
  });

  it('keeps doubling while runs are shorter than 10 minutes', () => {
    const k = kubeletCluster({ images: { mid: { exit: { after: 4 * 60 * S, code: 2 } } } });
    const delays: number[] = [];
    k.cluster.actions.subscribe((a) => {
      if (a.action === 'restart-container') delays.push(a.data!.delay as number);
    });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'mid' }] }));
    k.runTo(40 * 60 * S);
    expect(delays.map((d) => d / S)).toEqual([0, 10, 20, 40, 80, 160, 300]);
  });
});
