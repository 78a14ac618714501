import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

describe('pod lifecycle', () => {
  it('ErrImagePull then ImagePullBackOff, retries on the 10s doubling back-off', () => {
    const k = kubeletCluster({ images: { 'web:broken': { missing: true } } });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'web:broken' }] }));
    k.runTo(0);
    const err = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/web:broken": failed to resolve reference "docker.io/library/web:broken": docker.io/library/web:broken: not found';
    expect(k.cs('web').state).toEqual({ waiting: { reason: 'ErrImagePull', message: err } });
    expect(k.events('web', 'Failed').map((e) => e.message)).toEqual([`Failed to pull image "web:broken": ${err}`, 'Error: ErrImagePull']);
    k.runTo(10 * S);
    expect(k.cs('web').state.waiting.reason).toBe('ErrImagePull'); // retried at 10s, failed again (back-off now 20s)
    k.runTo(20 * S);
    expect(k.cs('web').state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "web:broken"' } });
    expect(k.events('web', 'BackOff')[0]!.message).toBe('Back-off pulling image "web:broken"');
    k.runTo(30 * S);
    expect(k.cs('web').state.waiting.reason).toBe('ErrImagePull');
    expect(k.events('web', 'Pulling')[0]!.count).toBe(3);
    expect(k.pod('web')!.status.phase).toBe('Pending');
  });

  it('restartPolicy Never: Failed when the container exits non-zero; OnFailure: Succeeded on exit 0', () => {
    const k = kubeletCluster({ images: { fail: { exit: { after: 5 * S, code: 2 } }, ok: { exit: { after: 5 * S, code: 0 } } } });
    k.create(podManifest('never', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'fail' }] }));
    k.create(podManifest('onfail', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'fail' }] }));
    k.create(podManifest('done', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'ok' }] }));
    k.runTo(6 * S);
    expect(k.pod('never')!.status.phase).toBe('Failed');
    expect(k.cs('never').state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(k.cond('never', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(k.pod('onfail')!.status.phase).toBe('Running');
    expect(k.cs('onfail').restartCount).toBe(1);
    expect(k.pod('done')!.status.phase).toBe('Succeeded');
    expect(k.cond('done', 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(k.cond('done', 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
    expect(k.cond('done', 'PodReadyToStartContainers')!.status).toBe('False');
    expect(k.cs('done').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: ts(5 * S) });
  });

  it('OOMKilled when the image uses more memory than the limit', () => {
    const k = kubeletCluster({ images: { hog: { memory: 300 * 2 ** 20, start: 2 * S } } });
    k.create(podManifest('hog', { containers: [{ name: 'hog', image: 'hog', resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } }] }));
    k.runTo(2 * S);
    expect(k.cs('hog')).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ts(2 * S) } } });
    expect(k.pod('hog')!.status.qosClass).toBe('Burstable');
    k.runTo(4 * S);
    expect(k.cs('hog').state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
  });

  it('init containers run in order; a failing one goes into Init:CrashLoopBackOff', () => {
    const k = kubeletCluster({ images: { a: { exit: { after: 2 * S, code: 0 } }, bad: { exit: { after: 1 * S, code: 1 } }, app: {} } });
    k.create(podManifest('ok', { initContainers: [{ name: 'i1', image: 'a' }, { name: 'i2', image: 'a' }], containers: [{ name: 'app', image: 'app' }] }));
    k.runTo(0);
    const p0 = k.pod('ok')!;
    expect(p0.status.initContainerStatuses.map((s: any) => Object.keys(s.state)[0])).toEqual(['running', 'waiting']);
    expect(p0.status.initContainerStatuses[1].state.waiting.reason).toBe('PodInitializing');
    expect(k.cs('ok').state.waiting.reason).toBe('PodInitializing');
    expect(k.cond('ok', 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [i1 i2]' });
    k.runTo(2 * S);
    expect(k.pod('ok')!.status.initContainerStatuses.map((s: any) => s.state.running?.startedAt ?? s.state.terminated?.reason)).toEqual(['Completed', ts(2 * S)]);
    k.runTo(4 * S);
    expect(k.cs('ok').state.running.startedAt).toBe(ts(4 * S));
    expect(k.cond('ok', 'Initialized')).toMatchObject({ status: 'True', lastTransitionTime: ts(4 * S) });

    k.create(podManifest('crashy', { initContainers: [{ name: 'init', image: 'bad' }], containers: [{ name: 'app', image: 'app' }] }));
    k.runTo(30 * S);
    const p = k.pod('crashy')!;
    expect(p.status.phase).toBe('Pending');
    expect(p.status.initContainerStatuses[0]).toMatchObject({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } });
    expect(k.cs('crashy').state.waiting.reason).toBe('PodInitializing');

    k.create(podManifest('never', { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'bad' }], containers: [{ name: 'app', image: 'app' }] }));
    k.runTo(32 * S);
    expect(k.pod('never')!.status.phase).toBe('Failed');
  });

  it('a sidecar init container lets the next one start once started and keeps running', () => {
    const k = kubeletCluster({ images: { proxy: {}, once: { exit: { after: 1 * S, code: 0 } }, app: {} } });
    k.create(
      podManifest('side', {
        initContainers: [
          { name: 'proxy', image: 'proxy', restartPolicy: 'Always' },
          { name: 'setup', image: 'once' },
        ],
        containers: [{ name: 'app', image: 'app' }],
      }),
    );
    k.runTo(1 * S);
    const p = k.pod('side')!;
    expect(p.status.initContainerStatuses[0]).toMatchObject({ name: 'proxy', started: true, ready: true, state: { running: { startedAt: ts(0) } } });
    expect(p.status.phase).toBe('Running');
    expect(k.cond('side', 'Ready')!.status).toBe('True');
  });

  it('deletion: Killing, SIGTERM, exit after the image stop time, then the kubelet removes the pod', () => {
    const k = kubeletCluster({ images: { web: { stop: 5 * S }, stubborn: { stop: 3600 * S } } });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'web' }] }));
    k.create(podManifest('slow', { terminationGracePeriodSeconds: 10, containers: [{ name: 'c', image: 'stubborn', lifecycle: { preStop: { sleep: { seconds: 20 } } } }] }));
    k.runTo(10 * S);
    k.cluster.store.delete('Pod', 'default', 'web', { actor: 'test' });
    k.cluster.store.delete('Pod', 'default', 'slow', { actor: 'test' });
    k.runTo(10 * S);
    expect(k.events('web', 'Killing')[0]!.message).toBe('Stopping container web');
    k.runTo(14 * S);
    expect(k.pod('web')).toBeDefined();
    k.runTo(15 * S);
    expect(k.pod('web')).toBeUndefined();
    // preStop sleeps the whole 10s grace, then the 2s minimum window before SIGKILL
    k.runTo(21 * S);
    expect(k.pod('slow')).toBeDefined();
    k.runTo(22 * S);
    expect(k.pod('slow')).toBeUndefined();
  });

  it('finished pods are not deleted by the kubelet; their deletion is confirmed at once', () => {
    const k = kubeletCluster({ images: { ok: { exit: { after: 1 * S, code: 0 } } } });
    k.create(podManifest('job', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'ok' }] }));
    k.runTo(60 * S);
    expect(k.pod('job')!.status.phase).toBe('Succeeded');
    k.cluster.store.delete('Pod', 'default', 'job', { actor: 'test' });
    k.runTo(60 * S);
    expect(k.pod('job')).toBeUndefined();
  });

  it('an image change in the pod spec replaces the running container', () => {
    const k = kubeletCluster({ images: { 'web:v1': {}, 'web:v2': { pull: 2 * S } } });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'web:v1' }] }));
    k.runTo(10 * S);
    const p = k.pod('web')!;
    k.cluster.store.update({ ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], image: 'web:v2' }] } }, { actor: 'test' });
    k.runTo(10 * S);
    expect(k.events('web', 'Killing')[0]!.message).toBe('Container web definition changed, will be restarted');
    k.runTo(12 * S);
    expect(k.cs('web')).toMatchObject({ restartCount: 1, image: 'docker.io/library/web:v2', state: { running: { startedAt: ts(12 * S) } } });
  });

  it('activeDeadlineSeconds: Failed with DeadlineExceeded once the pod was active that long', () => {
    const k = kubeletCluster();
    k.create(podManifest('dl', { activeDeadlineSeconds: 30, containers: [{ name: 'c', image: 'nginx' }] }));
    k.runTo(29 * S);
    expect(k.pod('dl')!.status.phase).toBe('Running');
    k.runTo(30 * S);
    expect(k.pod('dl')!.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(k.events('dl', 'DeadlineExceeded')).toHaveLength(1);
    expect(k.cs('dl').state.terminated).toMatchObject({ finishedAt: ts(30 * S) });
  });
});
