import { describe, expect, it } from 'vitest';
import { bare, err, ns, pod } from './helpers.js';
import { parseSelector } from '../../src/api/selector.js';

function setup() {
  const c = bare();
  c.store.create(ns('b'));
  c.store.create(pod('z', { ns: 'b', labels: { app: 'web', tier: 'fe' }, node: 'n1' }));
  c.store.create(pod('a', { ns: 'default', labels: { app: 'web', tier: 'be' }, node: 'n2' }));
  c.store.create(pod('m', { ns: 'default', labels: { app: 'db' }, node: 'n1' }));
  c.store.create(pod('y', { ns: 'b', labels: { app: 'web' } }));
  return c;
}
const names = (l: { metadata: { namespace?: string; name?: string } }[]) => l.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('list', () => {
  it('sorts by (namespace, name) and filters by namespace', () => {
    const c = setup();
    expect(names(c.store.list('Pod'))).toEqual(['b/y', 'b/z', 'default/a', 'default/m']);
    expect(names(c.store.list('Pod', { namespace: 'default' }))).toEqual(['default/a', 'default/m']);
    expect(c.store.list('Pod', { namespace: 'none' })).toEqual([]);
  });
  it('label selectors: strings, parsed selectors, set-based and negative terms', () => {
    const c = setup();
    expect(names(c.store.list('Pod', { labelSelector: 'app=web' }))).toEqual(['b/y', 'b/z', 'default/a']);
    expect(names(c.store.list('Pod', { labelSelector: 'app=web,tier in (fe,be)', namespace: 'b' }))).toEqual(['b/z']);
    expect(names(c.store.list('Pod', { labelSelector: 'tier!=fe' }))).toEqual(['b/y', 'default/a', 'default/m']);
    expect(names(c.store.list('Pod', { labelSelector: '!tier' }))).toEqual(['b/y', 'default/m']);
    expect(names(c.store.list('Pod', { labelSelector: parseSelector('app==db') }))).toEqual(['default/m']);
    expect(c.store.list('Pod', { labelSelector: 'app=nope' })).toEqual([]);
    expect(err(() => c.store.list('Pod', { labelSelector: 'a b' }))[0]).toBe(400);
  });
  it('the label index follows label changes', () => {
    const c = setup();
    const a = c.store.get('Pod', 'default', 'a')!;
    c.store.update({ ...a, metadata: { ...a.metadata, labels: { app: 'db' } } });
    expect(names(c.store.list('Pod', { labelSelector: 'app=db' }))).toEqual(['default/a', 'default/m']);
    expect(names(c.store.list('Pod', { labelSelector: 'app=web' }))).toEqual(['b/y', 'b/z']);
  });
  it('field selectors with =, == and !=, and upstream errors for unsupported fields', () => {
    const c = setup();
    expect(names(c.store.list('Pod', { fieldSelector: 'spec.nodeName=n1' }))).toEqual(['b/z', 'default/m']);
    expect(names(c.store.list('Pod', { fieldSelector: 'spec.nodeName==n1,metadata.namespace!=b' }))).toEqual(['default/m']);
    expect(names(c.store.list('Pod', { fieldSelector: 'spec.nodeName=' }))).toEqual(['b/y']);
    expect(names(c.store.list('Pod', { fieldSelector: 'status.phase=Pending,metadata.name=a' }))).toEqual(['default/a']);
    expect(err(() => c.store.list('Pod', { fieldSelector: 'spec.foo=bar' }))).toEqual([400, 'BadRequest', 'field label not supported: spec.foo']);
    expect(err(() => c.store.list('ConfigMap', { fieldSelector: 'spec.nodeName=x' }))[2]).toBe('field label not supported: spec.nodeName');
    expect(c.store.list('Namespace', { fieldSelector: 'status.phase=Active' })).toHaveLength(5);
  });
  it('podsOnNode, dependents, getByUid and count', () => {
    const c = setup();
    expect(names(c.store.podsOnNode('n1'))).toEqual(['b/z', 'default/m']);
    const owner = c.store.get('Pod', 'default', 'a')!;
    c.store.create(pod('child', { owners: [owner] }));
    expect(names(c.store.dependents(owner.metadata.uid!))).toEqual(['default/child']);
    expect(c.store.getByUid(owner.metadata.uid!)).toBe(owner);
    expect(c.store.count('Pod')).toBe(5);
    c.store.delete('Pod', 'default', 'child');
    expect(c.store.dependents(owner.metadata.uid!)).toEqual([]);
  });
});

describe('watch', () => {
  it('delivers events in commit order, in subscription order, filtered by kind, and writes made by watchers come after', () => {
    const c = bare();
    const log: string[] = [];
    c.store.watch((e) => {
      log.push(`1:${e.type}:${e.kind}/${e.object.metadata.name}`);
      if (e.type === 'ADDED' && e.kind === 'Pod') c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${e.object.metadata.name}`, namespace: 'default' } });
    });
    const stop = c.store.watch((e) => log.push(`2:${e.type}:${e.kind}/${e.object.metadata.name}`), ['Pod']);
    c.store.create(pod('p'));
    c.store.delete('Pod', 'default', 'p');
    stop();
    c.store.create(pod('q'));
    expect(log).toEqual([
      '1:ADDED:Pod/p',
      '2:ADDED:Pod/p',
      '1:ADDED:ConfigMap/cm-p',
      '1:DELETED:Pod/p',
      '2:DELETED:Pod/p',
      '1:ADDED:Pod/q',
      '1:ADDED:ConfigMap/cm-q',
    ]);
  });
  it('old and new objects, and trace lines per commit', () => {
    const c = bare();
    const ev: Array<[string, unknown, unknown]> = [];
    c.store.watch((e) => ev.push([e.type, e.old?.data, e.object.data]));
    const x = c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: '1' } });
    c.store.update({ ...x, data: { a: '2' } }, { actor: 'tester' });
    c.store.delete('ConfigMap', 'default', 'x');
    expect(ev).toEqual([
      ['ADDED', undefined, { a: '1' }],
      ['MODIFIED', { a: '1' }, { a: '2' }],
      ['DELETED', { a: '2' }, { a: '2' }],
    ]);
    const lines = c.engine.traceEntries().filter((t) => t.object.startsWith('ConfigMap/')).map((t) => `${t.component} ${t.action} ${t.object}`);
    expect(lines).toEqual(['scenario create ConfigMap/default/x', 'tester update ConfigMap/default/x', 'scenario delete ConfigMap/default/x']);
  });
});

describe('sorted views stay sorted under interleaved writes', () => {
  it('list() equals a fresh sort after random creates and deletes', () => {
    const c = bare();
    c.store.create(ns('a'));
    c.store.create(ns('c'));
    const rng = c.engine.rng('test');
    const live = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const n = ['a', 'c', 'default'][rng.int(3)]!;
      const name = `p${rng.int(60)}`;
      const key = `${n}/${name}`;
      if (live.has(key)) {
        c.store.delete('ConfigMap', n, name);
        live.delete(key);
      } else {
        c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: n } });
        live.add(key);
      }
      if (i % 7 === 0) c.store.list('ConfigMap');
      if (i % 5 === 0) c.store.list('ConfigMap', { namespace: n });
    }
    const expected = [...live].sort((x, y) => {
      const [nx, ax] = x.split('/');
      const [ny, ay] = y.split('/');
      return nx! < ny! ? -1 : nx! > ny! ? 1 : ax! < ay! ? -1 : ax! > ay! ? 1 : 0;
    });
    expect(names(c.store.list('ConfigMap'))).toEqual(expected);
    expect(names(c.store.list('ConfigMap', { namespace: 'c' }))).toEqual(expected.filter((k) => k.startsWith('c/')));
  });
});
