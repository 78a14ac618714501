import { describe, expect, it } from 'vitest';
import { capIndexesListOrNone, describeJob } from '../../../src/printers/describe/job-describe.js';
import { describeCronJob } from '../../../src/printers/describe/cronjob-describe.js';
import { Cluster } from '../../../src/cluster/cluster.js';

describe('capIndexesListOrNone (describe.go)', () => {
  it('<none>, the whole list, or the list cut at the first comma past 50 characters', () => {
    expect(capIndexesListOrNone('')).toBe('<none>');
    expect(capIndexesListOrNone('0-2,4')).toBe('0-2,4');
    const long = Array.from({ length: 40 }, (_, i) => String(i * 2)).join(',');
    expect(long.length).toBeGreaterThan(50);
    expect(capIndexesListOrNone(long)).toBe(`${long.slice(0, long.indexOf(',', 50) + 1)}...`);
  });
});

describe('describe job / cronjob (kubectl 1.30)', () => {
  it('prints the Job fields kubectl prints, Completed Indexes only for Indexed Jobs, Controlled By for CronJob Jobs', () => {
    const c = new Cluster({ seed: 1, components: () => [] });
    c.start();
    const job = c.store.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x', namespace: 'default' },
      spec: { completions: 3, completionMode: 'Indexed', activeDeadlineSeconds: 60, ttlSecondsAfterFinished: 100, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const text = describeJob(c.store, job, 0);
    expect(text).toContain('Completions:                 3\nCompletion Mode:             Indexed\nSuspend:                     false\nBackoff Limit:               6\nTTL Seconds After Finished:  100\nActive Deadline Seconds:     60s\nPods Statuses:               0 Active / 0 Succeeded / 0 Failed\nCompleted Indexes:           <none>\n');
    expect(text).not.toContain('Controlled By');
  });

  it('prints a CronJob with <unset> fields and no active jobs', () => {
    const c = new Cluster({ seed: 1, components: () => [] });
    c.start();
    const cj = c.store.create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { schedule: '@hourly', startingDeadlineSeconds: 30, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    });
    const text = describeCronJob(c.store, cj, 0);
    expect(text).toContain('Schedule:                      @hourly\nConcurrency Policy:            Allow\nSuspend:                       False\n');
    expect(text).toContain('Starting Deadline Seconds:     30s\nSelector:                      <unset>\nParallelism:                   <unset>\nCompletions:                   <unset>\n');
    expect(text).toContain('Last Schedule Time:  <unset>\nActive Jobs:         <none>\n');
  });
});
