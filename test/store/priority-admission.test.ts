import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ApiError } from '../../src/store/types.js';

// plugin/pkg/admission/priority: the store passes itself to admission, so PriorityClass lookups
// and the "computed" check use the real class value.
describe('Priority admission through the store', () => {
  const setup = () => {
    const c = new Cluster({ components: () => [] });
    c.start();
    c.store.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } as any);
    return c;
  };
  const pod = (extra: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...extra },
  });

  it('resolves spec.priority from the class and accepts an explicit matching value', () => {
    const c = setup();
    expect(c.store.create(pod({ priorityClassName: 'high' })).spec.priority).toBe(1000);
    const c2 = setup();
    expect(c2.store.create(pod({ priorityClassName: 'high', priority: 1000 })).spec.priority).toBe(1000);
  });

  it('rejects an unknown class and a priority that disagrees with it, worded as upstream', () => {
    const c = setup();
    expect(() => c.store.create(pod({ priorityClassName: 'nope' }))).toThrow('pods "p" is forbidden: no PriorityClass with name nope was found');
    try {
      c.store.create(pod({ priorityClassName: 'high', priority: 5 }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).reason).toBe('Forbidden');
      expect((e as ApiError).message).toContain('1000');
    }
  });
});
