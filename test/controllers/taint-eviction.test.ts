import { describe, expect, it } from 'vitest';
import { matchingTolerations, minTolerationTime, TaintEvictionController } from '../../src/controllers/taint-eviction.js';
import { boundPod, nodeCluster, S, ts } from './node-lifecycle-harness.js';

const DEDICATED = { key: 'dedicated', value: 'db', effect: 'NoExecute' };

function taintNode(k: ReturnType<typeof nodeCluster>, node: string, taints: unknown[] | null) {
  k.store.patch('Node', undefined, node, { spec: { taints } }, 'merge', { actor: 'test' });
}

describe('taint eviction controller', () => {
  it('a pod that does not tolerate a NoExecute taint is deleted at once, tolerated ones after their tolerationSeconds', () => {
    const k = nodeCluster({ components: () => [new TaintEvictionController()] });
    k.create(boundPod('plain', 'node-a'));
    k.create(boundPod('brief', 'node-a', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 }] }));
    k.create(boundPod('forever', 'node-a', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }));
    k.create(boundPod('elsewhere', 'node-b'));
    k.runTo(10 * S);
    taintNode(k, 'node-a', [DEDICATED]);
    k.runTo(10 * S);
    expect(k.deletions.get('plain')).toEqual({ at: 10 * S, deletionTimestamp: ts(40 * S), grace: 30 });
    expect(k.cluster.engine.traceEntries().filter((e) => e.object === 'Pod/default/plain' && e.time === 10 * S).map((e) => `${e.component} ${e.action}`)).toEqual([
      'taint-eviction-controller status',
      'taint-eviction-controller mark-deleted',
      'kubelet/node-a status',
      'kubelet/node-a delete',
    ]);
    expect(k.lastSeen('plain')!.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: ts(10 * S) });
    expect(k.events('plain', 'TaintManagerEviction').map((e) => [e.message, e.first])).toEqual([['Marking for deletion Pod default/plain', ts(10 * S)]]);
    expect(k.eviction().scheduled()).toEqual(new Map([['default/brief', 30 * S]]));
    k.runTo(29_999);
    expect(k.deletions.has('brief')).toBe(false);
    k.runTo(30 * S);
    expect(k.deletions.get('brief')).toEqual({ at: 30 * S, deletionTimestamp: ts(60 * S), grace: 30 });
    // The kubelet (alive) finishes the graceful deletions.
    k.runTo(100 * S);
    expect(k.pod('plain')).toBeUndefined();
    expect(k.pod('brief')).toBeUndefined();
    expect(k.pod('forever')!.metadata.deletionTimestamp).toBeUndefined();
    expect(k.pod('elsewhere')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('removing the taint cancels a scheduled deletion, with an event', () => {
    const k = nodeCluster({ components: () => [new TaintEvictionController()] });
    k.create(boundPod('brief', 'node-a', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] }));
    k.runTo(5 * S);
    taintNode(k, 'node-a', [DEDICATED]);
    k.runTo(20 * S);
    taintNode(k, 'node-a', null);
    k.runTo(200 * S);
    expect(k.pod('brief')!.metadata.deletionTimestamp).toBeUndefined();
    expect(k.events('brief', 'TaintManagerEviction').map((e) => [e.message, e.first])).toEqual([['Cancelling deletion of Pod default/brief', ts(20 * S)]]);
    expect(k.eviction().scheduled().size).toBe(0);
  });

  it('a later taint with a shorter toleration does not bring an existing deletion forward (processPodOnNode keeps the older worker)', () => {
    const k = nodeCluster({ components: () => [new TaintEvictionController()] });
    k.create(
      boundPod('p', 'node-a', {
        tolerations: [
          { key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 100 },
          { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        ],
      }),
    );
    k.runTo(10 * S);
    taintNode(k, 'node-a', [DEDICATED]);
    k.runTo(20 * S);
    expect(k.eviction().scheduled().get('default/p')).toBe(110 * S);
    taintNode(k, 'node-a', [DEDICATED, { key: 'maintenance', effect: 'NoExecute' }]);
    k.runTo(20 * S);
    // Upstream: startTime = the worker's CreatedAt (10s); 10s + 30s is before now + 30s, so it
    // returns and the worker firing at 110s stays (no cancel event).
    expect(k.eviction().scheduled().get('default/p')).toBe(110 * S);
    expect(k.events('p', 'TaintManagerEviction')).toEqual([]);
    k.runTo(110 * S);
    expect(k.deletions.get('p')?.at).toBe(110 * S);
  });

  it('a pod bound to an already tainted node is deleted at once (pod update path)', () => {
    const k = nodeCluster({ components: () => [new TaintEvictionController()] });
    k.runTo(5 * S);
    taintNode(k, 'node-a', [DEDICATED]);
    k.runTo(6 * S);
    k.create(boundPod('late', 'node-a'));
    k.runTo(6 * S);
    // The node's kubelet sees the pod first and rejects it (predicate.go: an untolerated NoExecute
    // taint, reason TaintToleration), so the taint manager deletes a Failed pod: the API server
    // makes that deletion immediate (grace 0, pod strategy CheckGracefulDelete).
    expect(k.store.get('Pod', 'default', 'late')).toBeUndefined();
    expect(k.deletions.get('late')).toEqual({ at: 6 * S, deletionTimestamp: ts(6 * S), grace: 0 });
  });

  it('a pod tolerating unreachable forever stays on a dead node; a default pod is evicted', () => {
    const k = nodeCluster();
    k.create(boundPod('stays', 'node-a', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] }));
    k.create(boundPod('goes', 'node-a'));
    k.runTo(30 * S);
    k.agent('node-a').kill();
    k.runTo(3600 * S);
    expect(k.pod('stays')!.metadata.deletionTimestamp).toBeUndefined();
    expect(k.podCond('stays', 'Ready').status).toBe('False');
    expect(k.pod('goes')!.metadata.deletionTimestamp).toBe(ts(405 * S));
    // The defaulted not-ready toleration is still there for `stays` (admission adds only what is missing).
    expect(k.pod('stays')!.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('defaultTolerationSeconds setting changes the eviction time', () => {
    const k = nodeCluster({ settings: { defaultTolerationSeconds: 60 } });
    k.create(boundPod('goes', 'node-a'));
    k.runTo(30 * S);
    k.agent('node-a').kill();
    const at = k.firstTime(() => k.pod('goes')!.metadata.deletionTimestamp !== undefined, 1000 * S);
    expect(at).toBe(135_100);
  });

  it('GetMatchingTolerations / getMinTolerationTime', () => {
    const t = (key: string, effect: string) => ({ key, effect });
    expect(matchingTolerations([t('a', 'NoExecute')], undefined)).toBeUndefined();
    expect(matchingTolerations([], undefined)).toEqual([]);
    const any = { operator: 'Exists' };
    const a = { key: 'a', operator: 'Exists', tolerationSeconds: 5 };
    expect(matchingTolerations([t('a', 'NoExecute'), t('b', 'NoExecute')], [a, any])).toEqual([a, any]);
    expect(minTolerationTime([])).toBe(0);
    expect(minTolerationTime([any])).toBe(-1);
    expect(minTolerationTime([a, any])).toBe(5000);
    expect(minTolerationTime([a, { tolerationSeconds: -3 }])).toBe(0);
  });
});
