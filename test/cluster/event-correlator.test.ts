import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';

// client-go tools/record/events_cache.go: EventAggregator (10 similar events in 10 minutes),
// EventLogger (exact duplicates), EventSourceObjectSpamFilter (burst 25, 1 per 5 minutes).
function setup() {
  const cluster = new Cluster({ nodes: [], components: () => [] });
  cluster.start();
  const rs = cluster.store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, { actor: 'test' });
  const events = () => cluster.store.list('Event').sort((a, b) => (a.firstTimestamp < b.firstTimestamp ? -1 : a.firstTimestamp > b.firstTimestamp ? 1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
  return { cluster, rs, events };
}

describe('EventCorrelator', () => {
  it('from the 10th similar event on, one "(combined from similar events)" event counts the rest', () => {
    const { cluster, rs, events } = setup();
    for (let i = 0; i < 15; i++) cluster.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`, 'replicaset-controller');
    const list = events();
    expect(list).toHaveLength(10);
    expect(list.slice(0, 9).map((e) => e.message)).toEqual(Array.from({ length: 9 }, (_, i) => `Created pod: web-${i}`));
    const combined = list[9]!;
    expect(combined.message).toBe('(combined from similar events): Created pod: web-14');
    expect(combined.count).toBe(6);
    expect([combined.reportingComponent, combined.reportingInstance]).toEqual(['', '']);
  });

  it('the spam filter lets 25 events of one source and object through, then one per 5 minutes; the count keeps growing', () => {
    const { cluster, rs, events } = setup();
    for (let i = 0; i < 40; i++) cluster.events.record(rs, 'Warning', 'FailedCreate', 'Error creating: quota', 'replicaset-controller');
    expect(events()).toHaveLength(1);
    expect(events()[0]!.count).toBe(25);
    cluster.engine.run({ until: 299_000 });
    cluster.events.record(rs, 'Warning', 'FailedCreate', 'Error creating: quota', 'replicaset-controller');
    expect(events()[0]!.count).toBe(25);
    cluster.engine.run({ until: 300_000 });
    cluster.events.record(rs, 'Warning', 'FailedCreate', 'Error creating: quota', 'replicaset-controller');
    expect(events()[0]!.count).toBe(42);
    expect(events()[0]!.lastTimestamp).toBe('2024-04-17T00:05:00Z');
  });

  it('each source has its own correlator: another component is not throttled by the first', () => {
    const { cluster, rs, events } = setup();
    for (let i = 0; i < 30; i++) cluster.events.record(rs, 'Normal', 'X', 'same', 'one');
    cluster.events.record(rs, 'Normal', 'X', 'same', 'two');
    expect(events().map((e) => [e.source.component, e.count])).toEqual([
      ['one', 25],
      ['two', 1],
    ]);
  });

  it('similar events more than 10 minutes apart start a fresh aggregation', () => {
    const { cluster, rs, events } = setup();
    for (let i = 0; i < 9; i++) cluster.events.record(rs, 'Normal', 'R', `m${i}`, 'c');
    cluster.engine.run({ until: 600_001 });
    cluster.events.record(rs, 'Normal', 'R', 'm9', 'c');
    expect(events().map((e) => e.message)).toContain('m9');
    expect(events().some((e) => String(e.message).startsWith('(combined'))).toBe(false);
  });
});
