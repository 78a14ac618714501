import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

// The status manager writes a pod's status only when it differs from the API's
// (status_manager.go needsUpdate / syncPod), keeps lastTransitionTime of conditions whose
// status did not change, and puts back what others changed on its periodic sync.
describe('kubelet status writes', () => {
  const statusWrites = (k: ReturnType<typeof kubeletCluster>, pod: string) =>
    k.cluster.engine.traceEntries().filter((e) => e.component === 'kubelet/node-a' && e.action === 'status' && e.object === `Pod/default/${pod}`).map((e) => e.time);

  it('an unchanged status is not written again: periodic syncs leave the resourceVersion alone', () => {
    const k = kubeletCluster();
    k.create(podManifest('web', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(1 * S);
    const rv = k.pod('web')!.metadata.resourceVersion;
    expect(k.pod('web')!.status.phase).toBe('Running');
    // Reconcile (the 10s status sync) with nothing changed.
    k.agent().needsReconcile(k.agent().worker('web')!);
    k.runTo(60 * S);
    expect(k.pod('web')!.metadata.resourceVersion).toBe(rv);
    expect(statusWrites(k, 'web')).toEqual([0]);
  });

  it('a status changed by someone else is put back on the next 10s sync; unchanged conditions keep their lastTransitionTime', () => {
    const k = kubeletCluster();
    k.create(podManifest('web', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(3 * S);
    const before = k.pod('web')!;
    const conditions = before.status.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: ts(3 * S) } : c));
    k.cluster.store.updateStatus({ ...before, status: { ...before.status, conditions } }, { actor: 'node-lifecycle-controller' });
    k.runTo(9 * S);
    expect(k.cond('web', 'Ready').status).toBe('False');
    k.runTo(11 * S);
    const after = k.pod('web')!.status;
    expect(after.conditions.map((c: any) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['PodReadyToStartContainers', 'True', ts(0)],
      ['Initialized', 'True', ts(0)],
      ['Ready', 'True', ts(10 * S)],
      ['ContainersReady', 'True', ts(0)],
      ['PodScheduled', 'True', ts(0)],
    ]);
    expect(statusWrites(k, 'web')).toEqual([0, 10 * S]);
  });

  it('conditions another writer stored with other key order are rewritten in the kubelet order', () => {
    const k = kubeletCluster();
    k.create(podManifest('web', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(1 * S);
    const p = k.pod('web')!;
    const conditions = p.status.conditions.map((c: any) => (c.type === 'Ready' ? { status: 'False', type: 'Ready', lastTransitionTime: ts(1 * S), lastProbeTime: null } : c));
    k.cluster.store.updateStatus({ ...p, status: { ...p.status, conditions } }, { actor: 'test' });
    k.runTo(11 * S);
    const ready = k.cond('web', 'Ready');
    expect(Object.keys(ready)).toEqual(['type', 'status', 'lastProbeTime', 'lastTransitionTime']);
    expect(ready.lastTransitionTime).toBe(ts(10 * S));
    // A condition with the kubelet's status but a foreign key order is rewritten, keeping its time.
    const p2 = k.pod('web')!;
    const reordered = p2.status.conditions.map((c: any) => (c.type === 'Initialized' ? { lastTransitionTime: c.lastTransitionTime, lastProbeTime: null, status: 'True', type: 'Initialized' } : c));
    k.cluster.store.updateStatus({ ...p2, status: { ...p2.status, conditions: reordered } }, { actor: 'test' });
    k.runTo(21 * S);
    const init = k.cond('web', 'Initialized');
    expect(Object.keys(init)).toEqual(['type', 'status', 'lastProbeTime', 'lastTransitionTime']);
    expect(init.lastTransitionTime).toBe(ts(0));
  });

  it('readiness changes rewrite only what changed: Ready/ContainersReady move, the rest keeps its time', () => {
    const k = kubeletCluster({ images: { 'app:v1': { start: 2 * S, readyAfter: 5 * S } } });
    k.create(podManifest('web', { containers: [{ name: 'c', image: 'app:v1', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }] }));
    k.runTo(1 * S);
    expect(k.cond('web', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]', lastTransitionTime: ts(0) });
    k.runTo(10 * S);
    const st = k.pod('web')!.status;
    expect(st.conditions.map((c: any) => [c.type, c.status, c.lastTransitionTime, c.reason])).toEqual([
      ['PodReadyToStartContainers', 'True', ts(0), undefined],
      ['Initialized', 'True', ts(0), undefined],
      ['Ready', 'True', ts(5 * S), undefined],
      ['ContainersReady', 'True', ts(5 * S), undefined],
      ['PodScheduled', 'True', ts(0), undefined],
    ]);
    expect(st.containerStatuses[0]).toMatchObject({ ready: true, started: true, state: { running: { startedAt: ts(0) } }, lastState: {} });
    expect(statusWrites(k, 'web')).toEqual([0, 5 * S]);
  });

  it('qosClass is the one persisted in status (v1qos.GetPodQOS), computed when status has none', () => {
    const k = kubeletCluster();
    k.create(podManifest('p', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.create(podManifest('b', { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '1' } } }] }));
    const p = k.pod('p')!;
    expect(p.status.qosClass).toBe('BestEffort');
    k.cluster.store.updateStatus({ ...p, status: { ...p.status, qosClass: 'Guaranteed' } }, { actor: 'test' });
    const b = k.pod('b')!;
    k.cluster.store.updateStatus({ ...b, status: { ...b.status, qosClass: undefined } }, { actor: 'test' });
    expect(k.pod('b')!.status.qosClass).toBeUndefined();
    k.runTo(1 * S);
    expect(k.pod('p')!.status.qosClass).toBe('Guaranteed');
    expect(k.pod('b')!.status.qosClass).toBe('Burstable');
  });

  it('pods started in the same millisecond get equal, independent statuses', () => {
    const k = kubeletCluster();
    for (const n of ['a', 'b']) k.create(podManifest(n, { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    k.runTo(1 * S);
    const a = k.pod('a')!.status;
    const b = k.pod('b')!.status;
    expect(a.conditions).toEqual(b.conditions);
    expect(a.hostIPs).toEqual([{ ip: '172.18.0.2' }]);
    expect([a.podIP, b.podIP]).toEqual(['10.244.0.2', '10.244.0.3']);
    expect(a.containerStatuses[0].containerID).not.toBe(b.containerStatuses[0].containerID);
  });
});
