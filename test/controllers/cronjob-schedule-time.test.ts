import { describe, expect, it } from 'vitest';
import { mostRecentScheduleTime } from '../../src/controllers/cronjob.js';
import { parseCronSchedule } from '../../src/controllers/cron-schedule.js';
import { EPOCH_MS, toTimestamp } from '../../src/api/time.js';
import type { KubeObject } from '../../src/store/types.js';

const MIN = 60_000;

function cj(spec: Record<string, unknown> = {}, lastScheduleMs?: number): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', creationTimestamp: toTimestamp(0) },
    spec: { schedule: '*/1 * * * *', ...spec },
    status: lastScheduleMs === undefined ? {} : { lastScheduleTime: toTimestamp(lastScheduleMs) },
  };
}

describe('mostRecentScheduleTime (cronjob/utils.go)', () => {
  const every = parseCronSchedule('*/1 * * * *');

  it('nothing due before the first time after creation', () => {
    expect(mostRecentScheduleTime(cj(), EPOCH_MS + 59_999, every, true).mostRecent).toBeUndefined();
    expect(mostRecentScheduleTime(cj(), EPOCH_MS + MIN, every, true).mostRecent).toBe(EPOCH_MS + MIN);
  });

  it('only the latest missed time, never a backlog; more than 100 missed is "many"', () => {
    const r = mostRecentScheduleTime(cj(), EPOCH_MS + 50 * MIN + 30_000, every, true);
    expect(r).toMatchObject({ mostRecent: EPOCH_MS + 50 * MIN, many: false });
    const late = mostRecentScheduleTime(cj(), EPOCH_MS + 101 * MIN, every, true);
    expect(late).toMatchObject({ mostRecent: EPOCH_MS + 101 * MIN, many: true });
    expect(mostRecentScheduleTime(cj(), EPOCH_MS + 100 * MIN, every, true).many).toBe(false);
  });

  it('startingDeadlineSeconds moves the earliest time considered, so few are missed', () => {
    const r = mostRecentScheduleTime(cj({ startingDeadlineSeconds: 200 }), EPOCH_MS + 500 * MIN, every, true);
    expect(r).toMatchObject({ mostRecent: EPOCH_MS + 500 * MIN, many: false });
  });

  it('counts from lastScheduleTime', () => {
    expect(mostRecentScheduleTime(cj({}, 3 * MIN), EPOCH_MS + 3 * MIN + 59_000, every, true).mostRecent).toBeUndefined();
    expect(mostRecentScheduleTime(cj({}, 3 * MIN), EPOCH_MS + 5 * MIN, every, true).mostRecent).toBe(EPOCH_MS + 5 * MIN);
  });
});
