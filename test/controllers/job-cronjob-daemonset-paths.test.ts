import { describe, expect, it } from 'vitest';
import { Cluster, DEFAULT_IMAGE } from '../../src/cluster/cluster.js';
import type { ImageBehaviour } from '../../src/cluster/context.js';
import type { KubeObject } from '../../src/store/types.js';

function cluster(images: Record<string, Partial<ImageBehaviour>>, nodes = [{ name: 'node', count: 1 }]): Cluster {
  const map = new Map<string, ImageBehaviour>();
  for (const [k, v] of Object.entries(images)) map.set(k, { ...DEFAULT_IMAGE, ...v });
  const c = new Cluster({ seed: 3, nodes, images: map });
  c.start();
  return c;
}

function job(name: string, spec: Record<string, unknown>, image: string, restartPolicy = 'Never'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'c', image }] } } },
  };
}

const pods = (c: Cluster, sel: string) => c.store.list('Pod', { namespace: 'default', labelSelector: sel });
const cond = (o: KubeObject | undefined, type: string) => (o?.status?.conditions ?? []).find((x: any) => x.type === type);
const events = (c: Cluster, reason: string) => c.store.list('Event').filter((e) => e.reason === reason).map((e) => e.message);

describe('Job paths', () => {
  it('OnFailure: container restarts count against backoffLimit', () => {
    const c = cluster({ crash: { exit: { after: 1000, code: 1 } } });
    c.store.create(job('flaky', { backoffLimit: 2 }, 'crash', 'OnFailure'));
    c.engine.run({ until: 120_000 });
    const j = c.store.get('Job', 'default', 'flaky')!;
    expect(cond(j, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    // One pod only: OnFailure restarts the container in place.
    expect(events(c, 'SuccessfulCreate')).toHaveLength(1);
  });

  it('suspend deletes the active pods; resume creates them again and restarts startTime', () => {
    const c = cluster({ run: {} });
    c.store.create(job('s', { parallelism: 2, completions: 4 }, 'run'));
    c.engine.run({ until: 5_000 });
    expect(pods(c, 'batch.kubernetes.io/job-name=s')).toHaveLength(2);
    let j = c.store.get('Job', 'default', 's')!;
    c.store.update({ ...j, spec: { ...j.spec, suspend: true } });
    c.engine.run({ until: 40_000 });
    j = c.store.get('Job', 'default', 's')!;
    expect(cond(j, 'Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    expect(pods(c, 'batch.kubernetes.io/job-name=s').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(j.status.active).toBeUndefined();
    c.store.update({ ...j, spec: { ...j.spec, suspend: false } });
    c.engine.run({ until: 41_000 });
    j = c.store.get('Job', 'default', 's')!;
    expect(cond(j, 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(j.status.startTime).toBe('2024-04-17T00:00:40Z');
    expect(j.status.active).toBe(2);
    expect(events(c, 'Suspended')).toEqual(['Job suspended']);
    expect(events(c, 'Resumed')).toEqual(['Job resumed']);
  });

  it('ttlSecondsAfterFinished deletes the finished Job and its pods', () => {
    const c = cluster({ quick: { exit: { after: 2000, code: 0 } } });
    c.store.create(job('t', { ttlSecondsAfterFinished: 30 }, 'quick'));
    c.engine.run({ until: 32_999 });
    const j = c.store.get('Job', 'default', 't')!;
    expect(j.status.completionTime).toBe('2024-04-17T00:00:03Z');
    expect(c.store.get('Job', 'default', 't')).toBeDefined();
    expect(c.store.get('Job', 'default', 't')!.metadata.deletionTimestamp).toBeUndefined();
    c.engine.run({ until: 33_000 });
    expect(c.store.get('Job', 'default', 't')).toBeUndefined();
    expect(pods(c, 'batch.kubernetes.io/job-name=t')).toHaveLength(0);
  });

  it('ttlSecondsAfterFinished counts from the Failed condition of a failed Job (jobFinishTime), which has no completionTime', () => {
    const c = cluster({ bad: { exit: { after: 2000, code: 1 } } });
    c.store.create(job('f', { ttlSecondsAfterFinished: 30, backoffLimit: 0 }, 'bad'));
    c.engine.run({ until: 31_999 });
    const j = c.store.get('Job', 'default', 'f')!;
    expect(j.status.completionTime).toBeUndefined();
    expect(cond(j, 'Failed')).toMatchObject({ status: 'True', lastTransitionTime: '2024-04-17T00:00:02Z' });
    expect(j.metadata.deletionTimestamp).toBeUndefined();
    c.engine.run({ until: 32_000 });
    expect(c.store.get('Job', 'default', 'f')).toBeUndefined();
    expect(pods(c, 'batch.kubernetes.io/job-name=f')).toHaveLength(0);
  });
});

describe('CronJob paths', () => {
  it('Replace deletes the running Job before starting the next', () => {
    const c = cluster({ long: {} });
    c.store.create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'r', namespace: 'default' },
      spec: { schedule: '* * * * *', concurrencyPolicy: 'Replace', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'long' }] } } } } },
    });
    c.engine.run({ until: 121_000 });
    expect(c.store.list('Job').filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name)).toEqual(['r-28555202']);
    expect(events(c, 'SuccessfulDelete')).toEqual(['Deleted job r-28555201']);
    expect(c.store.get('CronJob', 'default', 'r')!.status.active.map((a: any) => a.name)).toEqual(['r-28555202']);
  });

  it('suspend stops new runs', () => {
    const c = cluster({ x: {} });
    c.store.create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 's', namespace: 'default' },
      spec: { schedule: '* * * * *', suspend: true, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } } },
    });
    c.engine.run({ until: 300_000 });
    expect(c.store.count('Job')).toBe(0);
  });
});

function ds(strategy: Record<string, unknown>, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'd' } },
      updateStrategy: strategy,
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image, readinessProbe: { exec: { command: ['x'] }, periodSeconds: 5 } }] } },
    },
  };
}

function setImage(c: Cluster, image: string): void {
  const d = c.store.get('DaemonSet', 'default', 'd')!;
  c.store.update({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers: [{ ...d.spec.template.spec.containers[0], image }] } } } });
}

describe('DaemonSet update strategies', () => {
  it('maxSurge 1: the new pod starts next to the old one, which goes once the new one is available', () => {
    const c = cluster({ v1: {}, v2: { readyAfter: 10_000 } }, [{ name: 'n', count: 2 }]);
    c.store.create(ds({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, 'v1'));
    c.engine.run({ until: 10_000 });
    setImage(c, 'v2');
    c.engine.run({ until: 10_000 });
    const live = () => c.store.list('Pod').filter((p) => !p.metadata.deletionTimestamp);
    // One node surges at a time (maxSurge 1 of 2): node n-0 has old and new pods.
    expect(live().map((p) => `${p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}:${p.spec.containers[0].image}`).sort()).toEqual(['n-0:v1', 'n-0:v2', 'n-1:v1']);
    c.engine.run({ until: 60_000 });
    expect(live().map((p) => `${p.spec.nodeName}:${p.spec.containers[0].image}`).sort()).toEqual(['n-0:v2', 'n-1:v2']);
    const st = c.store.get('DaemonSet', 'default', 'd')!.status;
    expect(st).toMatchObject({ desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it('OnDelete: a template change replaces nothing until a pod is deleted', () => {
    const c = cluster({ v1: {}, v2: {} }, [{ name: 'n', count: 2 }]);
    c.store.create(ds({ type: 'OnDelete' }, 'v1'));
    c.engine.run({ until: 10_000 });
    setImage(c, 'v2');
    c.engine.run({ until: 60_000 });
    expect(c.store.list('Pod').map((p) => p.spec.containers[0].image)).toEqual(['v1', 'v1']);
    expect(c.store.get('DaemonSet', 'default', 'd')!.status.updatedNumberScheduled).toBe(0);
    const victim = c.store.list('Pod')[0]!;
    c.store.delete('Pod', 'default', victim.metadata.name!);
    c.engine.run({ until: 90_000 });
    const byNode = Object.fromEntries(c.store.list('Pod').map((p) => [p.spec.nodeName, p.spec.containers[0].image]));
    expect(byNode[victim.spec.nodeName]).toBe('v2');
    expect(Object.values(byNode).sort()).toEqual(['v1', 'v2']);
  });
});

describe('Job deletion', () => {
  it('kubectl delete job (Background): the orphaned pods lose the tracking finalizer and go', () => {
    const c = cluster({ run: { stop: 5000 } });
    c.store.create(job('bg', { parallelism: 2, completions: 2 }, 'run'));
    c.engine.run({ until: 5_000 });
    expect(pods(c, 'batch.kubernetes.io/job-name=bg').map((p) => p.metadata.finalizers)).toEqual([['batch.kubernetes.io/job-tracking'], ['batch.kubernetes.io/job-tracking']]);
    c.store.delete('Job', 'default', 'bg', { propagationPolicy: 'Background' });
    c.engine.run({ until: 30_000 });
    expect(pods(c, 'batch.kubernetes.io/job-name=bg')).toHaveLength(0);
  });
});
