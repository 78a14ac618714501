import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { fromTimestamp } from '../../src/api/time.js';

// updateDaemonSetStatus re-queues the set after minReadySeconds while numberReady != numberAvailable,
// so numberAvailable follows minReadySeconds after the pod's Ready transition (IsPodAvailable is
// strict: one sync later than readyAt + minReadySeconds, here +1ms), not a second period later.
describe('DaemonSet minReadySeconds', () => {
  it('counts a pod available just after minReadySeconds past its Ready transition', () => {
    const c = new Cluster({ seed: 1, nodes: [{ name: 'n', count: 1 }] });
    c.start();
    c.store.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { minReadySeconds: 5, selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'a:1' }] } } },
    });
    c.engine.run({ until: 1_000 });
    const pod = c.store.list('Pod', { namespace: 'default' })[0]!;
    const readyAt = fromTimestamp(pod.status.conditions.find((x: any) => x.type === 'Ready' && x.status === 'True').lastTransitionTime);
    expect(c.store.get('DaemonSet', 'default', 'agent')!.status).toMatchObject({ numberReady: 1, numberAvailable: 0, numberUnavailable: 1 });
    c.engine.run({ until: readyAt + 5_000 });
    expect(c.store.get('DaemonSet', 'default', 'agent')!.status.numberAvailable).toBe(0);
    c.engine.run({ until: readyAt + 5_001 });
    const st = c.store.get('DaemonSet', 'default', 'agent')!.status;
    expect(st).toMatchObject({ numberReady: 1, numberAvailable: 1 });
    expect(st.numberUnavailable).toBeUndefined(); // omitempty at 0
  });
});
