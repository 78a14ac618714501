import { describe, expect, it } from 'vitest';
import { restartBackoff } from '../../src/invariants/restart-backoff.js';
import type { Violation } from '../../src/invariants/types.js';
import { kubeletCluster, podManifest, S } from './harness.js';

describe('restart-backoff invariant', () => {
  it('holds for the kubelet through CrashLoopBackOff, resets and node restarts', () => {
    const k = kubeletCluster({ images: { crash: { exit: { after: 1 * S, code: 1 } }, slow: { exit: { after: 11 * 60 * S, code: 1 } } } });
    const violations: Violation[] = [];
    restartBackoff().start(k.cluster, (v) => violations.push(v));
    k.create(podManifest('a', { containers: [{ name: 'c', image: 'crash' }] }));
    k.create(podManifest('b', { containers: [{ name: 'c', image: 'slow' }] }));
    k.runTo(20 * 60 * S);
    k.agent().kill();
    k.runTo(21 * 60 * S);
    k.agent().restart();
    k.runTo(40 * 60 * S);
    expect(violations).toEqual([]);
  });

  it('reports a restart inside the back-off window and a wrong next window', () => {
    const k = kubeletCluster();
    const violations: Violation[] = [];
    restartBackoff().start(k.cluster, (v) => violations.push(v));
    const emit = (finishedAt: number, backoff: number) =>
      k.cluster.actions.emit({ component: 'kubelet/node-a', action: 'restart-container', object: 'default/x', data: { uid: 'u', container: 'c', finishedAt, backoff, kubeletStart: 0 } });
    emit(0, 10 * S);
    k.runTo(15 * S);
    emit(10 * S, 20 * S); // waited 5s < 10s
    k.runTo(60 * S);
    emit(30 * S, 30 * S); // expected 40s
    expect(violations.map((v) => v.message)).toEqual([
      'container c of pod default/x restarted 5s after it exited, inside its back-off of 10s',
      'container c of pod default/x: back-off moved to 30s, expected 40s',
    ]);
  });
});
