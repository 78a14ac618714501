import { describe, expect, it } from 'vitest';
import { newBackoffRecord, remainingBackoff, podFinishedTime } from '../../src/controllers/job-util.js';
import { toTimestamp } from '../../src/api/time.js';
import type { KubeObject } from '../../src/store/types.js';

function pod(phase: string, finishedAtMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${finishedAtMs}` },
    status: { phase, containerStatuses: [{ name: 'c', state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: toTimestamp(finishedAtMs) } } }] },
  };
}

describe('Job pod failure back-off (backoff_utils.go)', () => {
  it('waits 10s, 20s, 40s ... from the last failure, capped at 10 minutes', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => remainingBackoff({ failuresAfterLastSuccess: n, lastFailureTime: 0 }, 0));
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000]);
  });

  it('counts the time already passed since the failure; none is left once it is over', () => {
    const rec = { failuresAfterLastSuccess: 2, lastFailureTime: 5_000 };
    expect(remainingBackoff(rec, 15_000)).toBe(10_000);
    expect(remainingBackoff(rec, 25_000)).toBe(0);
    expect(remainingBackoff(rec, 26_000)).toBe(0);
    expect(remainingBackoff({ failuresAfterLastSuccess: 0, lastFailureTime: undefined }, 0)).toBe(0);
  });

  it('a success resets the count; failures after the last success still count', () => {
    let rec = newBackoffRecord(undefined, [], [pod('Failed', 5_000), pod('Failed', 7_000)], 10_000);
    expect(rec).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: 7_000 });
    rec = newBackoffRecord(rec, [pod('Succeeded', 20_000)], [pod('Failed', 15_000), pod('Failed', 25_000)], 30_000);
    expect(rec).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: 25_000 });
    rec = newBackoffRecord(rec, [pod('Succeeded', 40_000)], [], 40_000);
    expect(rec).toEqual({ failuresAfterLastSuccess: 0, lastFailureTime: undefined });
  });

  it('a pod without a terminated container finishes at its deletion time plus grace period', () => {
    const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', deletionTimestamp: toTimestamp(10_000), deletionGracePeriodSeconds: 30 }, status: { phase: 'Running' } };
    expect(podFinishedTime(p, 99_000)).toBe(40_000);
    expect(podFinishedTime({ ...p, metadata: { name: 'x' } }, 99_000)).toBe(99_000);
  });
});
