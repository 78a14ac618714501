import { describe, expect, it } from 'vitest';
import { PodGCController } from '../../src/controllers/pod-gc.js';
import { NodeLifecycleController } from '../../src/controllers/node-lifecycle.js';
import { boundPod, nodeCluster, S, ts } from './node-lifecycle-harness.js';

const gcOnly = () => [new PodGCController()];

describe('pod GC', () => {
  it('orphaned pods (node object gone) are force-deleted after the 40s quarantine, Failed with DeletionByPodGC', () => {
    const k = nodeCluster({ nodes: [], kubelets: false, components: gcOnly });
    k.create({ ...boundPod('orphan', 'ghost'), status: {} });
    k.runTo(39_999);
    expect(k.pod('orphan')).toBeDefined();
    k.runTo(40 * S);
    expect(k.pod('orphan')).toBeUndefined();
    const last = k.lastSeen('orphan')!;
    expect(last.status.phase).toBe('Failed');
    expect(last.status.conditions).toEqual([
      { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ts(40 * S), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' },
    ]);
    expect(k.cluster.engine.traceEntries().filter((e) => e.object === 'Pod/default/orphan').map((e) => `${e.time} ${e.component} ${e.action}`)).toEqual([
      '0 test create',
      '40000 pod-garbage-collector status',
      '40000 pod-garbage-collector delete',
    ]);
  });

  it('quarantine starts at the first pass that sees the unknown node; a node that shows up in time saves its pods', () => {
    const k = nodeCluster({ nodes: [], kubelets: false, components: gcOnly });
    k.runTo(5 * S);
    k.create({ ...boundPod('late', 'ghost'), status: {} });
    k.create({ ...boundPod('saved', 'back'), status: {} });
    k.runTo(50 * S);
    k.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'back' } }, { actor: 'test' });
    // seen at the 20s pass → ready at 60s
    k.runTo(59_999);
    expect(k.pod('late')).toBeDefined();
    k.runTo(60 * S);
    expect(k.pod('late')).toBeUndefined();
    k.runTo(300 * S);
    expect(k.pod('saved')).toBeDefined();
  });

  it('terminated pods beyond the threshold: evicted first, then oldest, then by name', () => {
    const k = nodeCluster({ nodes: [], kubelets: false, components: gcOnly, settings: { terminatedPodGCThreshold: 2 } });
    const finished = (name: string, phase: string, reason?: string) => {
      const p = k.create({ ...boundPod(name, ''), spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      k.store.updateStatus({ ...p, status: { ...p.status, phase, ...(reason ? { reason } : {}) } }, { actor: 'test' });
    };
    k.runTo(1 * S);
    finished('b-old', 'Succeeded');
    finished('a-old', 'Failed');
    k.runTo(2 * S);
    finished('new', 'Succeeded');
    finished('evicted', 'Failed', 'Evicted');
    k.create({ ...boundPod('running', ''), spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    k.runTo(20 * S);
    expect(k.store.list('Pod').map((p) => p.metadata.name)).toEqual(['b-old', 'new', 'running']);
  });

  it('a terminating pod that was never scheduled is marked Failed and deleted (finalizers still hold it)', () => {
    const k = nodeCluster({ nodes: [], kubelets: false, components: gcOnly });
    k.runTo(1 * S);
    k.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    k.store.delete('Pod', 'default', 'held', { actor: 'test' });
    k.runTo(19_999);
    expect(k.pod('held')!.status.phase).toBe('Pending');
    k.runTo(20 * S);
    expect(k.pod('held')!.status.phase).toBe('Failed');
    k.store.patch('Pod', 'default', 'held', { metadata: { finalizers: null } }, 'merge', { actor: 'test' });
    expect(k.pod('held')).toBeUndefined();
  });

  it('out-of-service taint: terminating pods on a not-Ready node are force-deleted at the next pass', () => {
    const k = nodeCluster({ components: () => [new NodeLifecycleController(), new PodGCController()] });
    k.create(boundPod('stuck', 'node-a'));
    k.runTo(30 * S);
    k.agent('node-a').kill();
    k.runTo(100 * S);
    k.store.delete('Pod', 'default', 'stuck', { actor: 'test' });
    k.runTo(150 * S);
    expect(k.pod('stuck')!.metadata.deletionTimestamp).toBe(ts(130 * S));
    k.store.patch('Node', undefined, 'node-a', { spec: { taints: [...k.taints('node-a'), { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } }, 'merge', { actor: 'test' });
    k.runTo(159_999);
    expect(k.pod('stuck')).toBeDefined();
    k.runTo(160 * S);
    expect(k.pod('stuck')).toBeUndefined();
    expect(k.lastSeen('stuck')!.status.phase).toBe('Failed');
  });
});
