import { describe, expect, it } from 'vitest';
import { Cluster, DEFAULT_IMAGE } from '../../src/cluster/cluster.js';
import type { ImageBehaviour } from '../../src/cluster/context.js';
import type { KubeObject } from '../../src/store/types.js';

// daemonSetStrategy keeps spec.templateGeneration (apps/v1: the deprecated.daemonset.template.generation
// annotation), and the DaemonSet controller labels its pods pod-template-generation=<it>.
const GEN = 'deprecated.daemonset.template.generation';

function ds(image: string, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

describe('DaemonSet template generation', () => {
  it('starts at 1, follows template changes only, and labels the pods', () => {
    const images = new Map<string, ImageBehaviour>([['a:1', { ...DEFAULT_IMAGE }], ['a:2', { ...DEFAULT_IMAGE }]]);
    const c = new Cluster({ seed: 1, nodes: [{ name: 'n', count: 2 }], images });
    c.start();
    c.store.create(ds('a:1'));
    c.engine.run({ until: 5_000 });
    let d = c.store.get('DaemonSet', 'default', 'agent')!;
    expect(d.metadata.annotations![GEN]).toBe('1');
    expect(c.store.list('Pod', { namespace: 'default' }).map((p) => p.metadata.labels!['pod-template-generation'])).toEqual(['1', '1']);
    // A spec change outside the template: generation moves, the template generation does not.
    c.store.update({ ...d, spec: { ...d.spec, minReadySeconds: 5 } });
    d = c.store.get('DaemonSet', 'default', 'agent')!;
    expect([d.metadata.generation, d.metadata.annotations![GEN]]).toEqual([2, '1']);
    // A user cannot set it on update.
    c.store.update({ ...d, metadata: { ...d.metadata, annotations: { [GEN]: '9' } } });
    d = c.store.get('DaemonSet', 'default', 'agent')!;
    expect(d.metadata.annotations![GEN]).toBe('1');
    // A template change: both move.
    c.store.update({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'c', image: 'a:2' }] } } } });
    d = c.store.get('DaemonSet', 'default', 'agent')!;
    expect([d.metadata.generation, d.metadata.annotations![GEN]]).toEqual([3, '2']);
    c.engine.run({ until: 120_000 });
    const live = c.store.list('Pod', { namespace: 'default' }).filter((p) => !p.metadata.deletionTimestamp);
    expect(live.map((p) => p.metadata.labels!['pod-template-generation'])).toEqual(['2', '2']);
  });

  it('takes a given value at create', () => {
    const c = new Cluster({ seed: 1, nodes: [{ name: 'n', count: 1 }] });
    c.start();
    c.store.create(ds('a:1', { [GEN]: '4' }));
    expect(c.store.get('DaemonSet', 'default', 'agent')!.metadata.annotations![GEN]).toBe('4');
  });
});
