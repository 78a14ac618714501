import { describe, expect, it } from 'vitest';
import { create, events, node, nodeOf, pod, schedulerCluster, settle } from './helpers.js';

describe('scheduler smoke', () => {
  it('binds a pod and records Scheduled', () => {
    const { cluster } = schedulerCluster();
    create(cluster, node('node-a'));
    create(cluster, pod('web-0', { cpu: '100m' }));
    settle(cluster);
    expect(nodeOf(cluster, 'web-0')).toBe('node-a');
    expect(events(cluster, 'Scheduled')).toEqual([{ message: 'Successfully assigned default/web-0 to node-a', count: 1, type: 'Normal' }]);
  });
});
