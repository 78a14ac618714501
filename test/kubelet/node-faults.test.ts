import { describe, expect, it } from 'vitest';
import { kubeletCluster, podManifest, S, ts } from './harness.js';

describe('killNode / restartNode', () => {
  it('a dead kubelet stops heartbeating and writing; on restart it recreates containers and confirms deletions', () => {
    const k = kubeletCluster({ nodes: [{ name: 'a' }, { name: 'b' }] });
    k.create(podManifest('web', { containers: [{ name: 'web', image: 'nginx' }] }, 'a'));
    k.create(podManifest('gone', { containers: [{ name: 'c', image: 'nginx' }] }, 'a'));
    k.runTo(5 * S);
    expect(k.pod('web')!.status.phase).toBe('Running');
    k.agent('a').kill();
    k.runTo(100 * S);
    expect(k.cluster.store.get('Lease', 'kube-node-lease', 'a')!.spec.renewTime).toBe('2024-04-17T00:00:00.000000Z');
    expect(k.cluster.store.get('Lease', 'kube-node-lease', 'b')!.spec.renewTime).toBe('2024-04-17T00:01:40.000000Z');
    // deleted while the node is down: stays Terminating
    k.cluster.store.delete('Pod', 'default', 'gone', { actor: 'test' });
    k.runTo(200 * S);
    expect(k.pod('gone')!.metadata.deletionTimestamp).toBeDefined();
    expect(k.agent('a').crash('default/web', 'web', 1)).toBe(false);
    k.agent('a').restart();
    k.runTo(200 * S);
    expect(k.pod('gone')).toBeUndefined();
    const c = k.cs('web');
    expect(c).toMatchObject({ restartCount: 1, state: { running: { startedAt: ts(200 * S) } }, lastState: { terminated: { exitCode: 255, reason: 'Unknown', finishedAt: ts(5 * S) } } });
    expect(k.events('web', 'SandboxChanged')[0]!.message).toBe('Pod sandbox changed, it will be killed and re-created.');
    expect(k.cluster.store.get('Lease', 'kube-node-lease', 'a')!.spec.renewTime).toBe('2024-04-17T00:03:20.000000Z');
    const ready = k.cluster.store.get('Node', undefined, 'a')!.status.conditions.find((x: any) => x.type === 'Ready');
    expect(ready.lastHeartbeatTime).toBe(ts(200 * S));
  });

  it('restartPolicy Never pods that were running end Failed after a node reboot', () => {
    const k = kubeletCluster();
    k.create(podManifest('once', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx' }] }));
    k.runTo(5 * S);
    k.agent().kill();
    k.runTo(10 * S);
    k.agent().restart();
    k.runTo(11 * S);
    expect(k.pod('once')!.status.phase).toBe('Failed');
    expect(k.cs('once').state.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
  });

  it('posts node status every 5 minutes even when nothing changed', () => {
    const k = kubeletCluster();
    k.runTo(299 * S);
    const hb = () => k.cluster.store.get('Node', undefined, 'node-a')!.status.conditions[3].lastHeartbeatTime;
    expect(hb()).toBe(ts(0));
    k.runTo(300 * S);
    expect(hb()).toBe(ts(300 * S));
    expect(k.cluster.store.get('Node', undefined, 'node-a')!.status.conditions[3].lastTransitionTime).toBe(ts(0));
  });
});
