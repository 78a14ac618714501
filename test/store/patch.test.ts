import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../src/store/patch/merge-patch.js';
import { applyJsonPatch } from '../../src/store/patch/json-patch.js';
import { applyStrategicMergePatch } from '../../src/store/patch/strategic-merge-patch.js';
import { threeWayMerge } from '../../src/store/patch/three-way-merge.js';
import { stableStringify } from '../../src/store/patch/json-value.js';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } });

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null, replaces lists and scalars', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, l: [1, 2] };
    expect(applyMergePatch(target, { a: 'z', c: { f: null }, l: [3] })).toEqual({ a: 'z', c: { d: 'e' }, l: [3] });
    expect(target).toEqual({ a: 'b', c: { d: 'e', f: 'g' }, l: [1, 2] });
  });
  it('RFC 7386 appendix cases', () => {
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(applyMergePatch({ a: 'b', b: 'c' }, { a: null })).toEqual({ b: 'c' });
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(applyMergePatch({ a: 'foo' }, 'bar')).toEqual('bar');
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('add, remove, replace, move, copy, test with ~0 and ~1 escapes', () => {
    const doc = { metadata: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': '1' } }, list: [1, 2, 3] };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/list/1', value: 9 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'y' },
      { op: 'test', path: '/metadata/labels/a~0b', value: '1' },
      { op: 'move', from: '/metadata/labels/a~0b', path: '/moved' },
      { op: 'copy', from: '/list', path: '/copy' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'app.kubernetes.io/name': 'y' } }, list: [9, 2, 3, 4], moved: '1', copy: [9, 2, 3, 4] });
    expect(doc.list).toEqual([1, 2, 3]);
  });
  it('a failing test op rejects the whole patch', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow('testing value /a failed');
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(/missing/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).toThrow(/missing/);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and env by name, keeping other fields', () => {
    const orig = pod([{ name: 'a', image: 'x:1', env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }] }, { name: 'b', image: 'y:1' }]);
    const out = applyStrategicMergePatch('Pod', orig, { spec: { containers: [{ name: 'a', image: 'x:2', env: [{ name: 'E2', value: 'two' }] }] } });
    expect(out.spec.containers).toEqual([
      { name: 'a', image: 'x:2', env: [{ name: 'E1', value: '1' }, { name: 'E2', value: 'two' }] },
      { name: 'b', image: 'y:1' },
    ]);
  });
  it('deletes a list element with $patch: delete (upstream "Delete one item from a merging list")', () => {
    const orig = pod([{ name: '1', image: 'a' }, { name: '2', image: 'b' }]);
    const out = applyStrategicMergePatch('Pod', orig, { spec: { containers: [{ name: '1', $patch: 'delete' }] } });
    expect(out.spec.containers).toEqual([{ name: '2', image: 'b' }]);
  });
  it('replaces a whole list with a $patch: replace element', () => {
    const orig = pod([{ name: '1', image: 'a' }, { name: '2', image: 'b' }]);
    const out = applyStrategicMergePatch('Pod', orig, { spec: { containers: [{ name: '3', image: 'c' }, { $patch: 'replace' }] } });
    expect(out.spec.containers).toEqual([{ name: '3', image: 'c' }]);
  });
  it('replaces a map with $patch: replace and clears it with $patch: delete', () => {
    const orig = { metadata: { name: 'x', labels: { a: '1', b: '2' } } };
    expect(applyStrategicMergePatch('ConfigMap', orig, { metadata: { labels: { c: '3', $patch: 'replace' } } }).metadata.labels).toEqual({ c: '3' });
    expect(applyStrategicMergePatch('ConfigMap', orig, { metadata: { labels: { $patch: 'delete' } } }).metadata.labels).toEqual({});
  });
  it('new merge-list items go in front of server-only items without $setElementOrder (normalizeElementOrder)', () => {
    const orig = pod([{ name: '1' }, { name: '2' }]);
    expect(applyStrategicMergePatch('Pod', orig, { spec: { containers: [{ name: '3' }] } }).spec.containers).toEqual([{ name: '3' }, { name: '1' }, { name: '2' }]);
  });
  it('honours $setElementOrder (upstream "add new item to the list" with order)', () => {
    const orig = pod([{ name: '1' }, { name: '2' }]);
    const out = applyStrategicMergePatch('Pod', orig, { spec: { '$setElementOrder/containers': [{ name: '1' }, { name: '2' }, { name: '3' }], containers: [{ name: '3' }] } });
    expect(out.spec.containers).toEqual([{ name: '1' }, { name: '2' }, { name: '3' }]);
    const reordered = applyStrategicMergePatch('Pod', orig, { spec: { '$setElementOrder/containers': [{ name: '2' }, { name: '1' }] } });
    expect(reordered.spec.containers).toEqual([{ name: '2' }, { name: '1' }]);
  });
  it('merges metadata.finalizers as a set and honours $deleteFromPrimitiveList', () => {
    const orig = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
    expect(applyStrategicMergePatch('ConfigMap', orig, { metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers).toEqual(['a', 'b', 'c']);
    expect(applyStrategicMergePatch('ConfigMap', orig, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual(['b']);
  });
  it('tolerations, args and matchExpressions are atomic lists (no patchMergeKey)', () => {
    const orig = pod([{ name: 'a', args: ['x', 'y'] }], { tolerations: [{ key: 'k1', operator: 'Exists' }] });
    const out = applyStrategicMergePatch('Pod', orig, { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }], containers: [{ name: 'a', args: ['z'] }] } });
    expect(out.spec.tolerations).toEqual([{ key: 'k2', operator: 'Exists' }]);
    expect(out.spec.containers[0].args).toEqual(['z']);
  });
  it('merges container ports by containerPort, service ports by port, conditions by type, ownerReferences by uid', () => {
    const c = applyStrategicMergePatch('Pod', pod([{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }]), { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] }] } });
    expect(c.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }]);
    const svc = applyStrategicMergePatch('Service', { spec: { ports: [{ port: 80, targetPort: 8080 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }] } });
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
    const st = applyStrategicMergePatch('Pod', { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } }, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(st.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }]);
    const refs = applyStrategicMergePatch('Pod', { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }, { uid: 'u2', name: 'b' }] } }, { metadata: { ownerReferences: [{ uid: 'u1', $patch: 'delete' }] } });
    expect(refs.metadata.ownerReferences).toEqual([{ uid: 'u2', name: 'b' }]);
  });
  it('volumes by name, volumeMounts by mountPath, and $retainKeys clears other keys', () => {
    const orig = pod([{ name: 'a', volumeMounts: [{ name: 'v', mountPath: '/a' }] }], { volumes: [{ name: 'v', emptyDir: {} }] });
    const out = applyStrategicMergePatch('Pod', orig, {
      spec: {
        volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }],
        containers: [{ name: 'a', volumeMounts: [{ mountPath: '/a', readOnly: true }] }],
      },
    });
    expect(out.spec.volumes).toEqual([{ name: 'v', configMap: { name: 'cm' } }]);
    expect(out.spec.containers[0].volumeMounts).toEqual([{ name: 'v', mountPath: '/a', readOnly: true }]);
  });
  it('a merge-list item without its merge key is rejected', () => {
    expect(() => applyStrategicMergePatch('Pod', pod([{ name: 'a' }]), { spec: { containers: [{ image: 'x' }] } })).toThrow('does not contain declared merge key: name');
  });
});

describe('three-way merge (kubectl apply)', () => {
  it('removes fields dropped from the manifest, keeps fields others set, applies changes', () => {
    const last = { metadata: { name: 'x', labels: { a: '1', b: '2' } }, data: { k1: 'v1', k2: 'v2' } };
    const live = { metadata: { name: 'x', uid: 'u', labels: { a: '1', b: '2', c: 'controller' } }, data: { k1: 'v1', k2: 'v2', k3: 'other' } };
    const modified = { metadata: { name: 'x', labels: { a: '9' } }, data: { k1: 'v1' } };
    expect(threeWayMerge('ConfigMap', last, modified, live)).toEqual({ metadata: { name: 'x', uid: 'u', labels: { a: '9', c: 'controller' } }, data: { k1: 'v1', k3: 'other' } });
  });
  it('merges containers by name and deletes containers removed from the manifest', () => {
    const last = { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }] } };
    const live = { spec: { containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent' }, { name: 'b', image: 'y:1', imagePullPolicy: 'IfNotPresent' }] } };
    const modified = { spec: { containers: [{ name: 'a', image: 'x:2' }] } };
    expect(threeWayMerge('Pod', last, modified, live).spec.containers).toEqual([{ name: 'a', image: 'x:2', imagePullPolicy: 'IfNotPresent' }]);
  });
});

describe('stableStringify', () => {
  it('sorts keys like Go encoding/json', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
