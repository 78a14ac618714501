import { describe, expect, it } from 'vitest';
import { getField, parseFieldPath } from '../../src/scenario/field-path.js';

describe('field paths (SCENARIO-SPEC.md syntax)', () => {
  it('parses dots, indexes, [key=value] and quoted keys', () => {
    expect(parseFieldPath('status.conditions[type=Ready].status')).toEqual([{ key: 'status' }, { key: 'conditions' }, { where: 'type', equals: 'Ready' }, { key: 'status' }]);
    expect(parseFieldPath('spec.containers[0].image')).toEqual([{ key: 'spec' }, { key: 'containers' }, { index: 0 }, { key: 'image' }]);
    expect(parseFieldPath('metadata.annotations["deployment.kubernetes.io/revision"]')).toEqual([{ key: 'metadata' }, { key: 'annotations' }, { key: 'deployment.kubernetes.io/revision' }]);
    expect(parseFieldPath("metadata.labels['app.kubernetes.io/name']")).toEqual([{ key: 'metadata' }, { key: 'labels' }, { key: 'app.kubernetes.io/name' }]);
    expect(parseFieldPath('status.containerStatuses[name="web"].restartCount')).toEqual([{ key: 'status' }, { key: 'containerStatuses' }, { where: 'name', equals: 'web' }, { key: 'restartCount' }]);
    expect(parseFieldPath('items[2][0]')).toEqual([{ key: 'items' }, { index: 2 }, { index: 0 }]);
  });
  it('rejects bad syntax with the column', () => {
    expect(() => parseFieldPath('')).toThrow('empty field path');
    expect(() => parseFieldPath('a..b')).toThrow('unexpected "." at column 3');
    expect(() => parseFieldPath('a.')).toThrow('field path ends with "."');
    expect(() => parseFieldPath('a[0')).toThrow('unclosed "[" at column 2');
    expect(() => parseFieldPath('a[x]')).toThrow('bad selector [x] at column 2');
    expect(() => parseFieldPath('a/b')).toThrow('bad key "a/b" at column 1');
    expect(() => parseFieldPath('a[0]b')).toThrow('expected "." or "[" at column 5');
  });
  it('looks values up and names the first missing step', () => {
    const o = { status: { conditions: [{ type: 'Ready', status: 'True' }], replicas: 0 }, metadata: { annotations: { 'a.b/c': 'x' } } };
    expect(getField(o, parseFieldPath('status.conditions[type=Ready].status'))).toEqual({ found: true, value: 'True' });
    expect(getField(o, parseFieldPath('status.replicas'))).toEqual({ found: true, value: 0 });
    expect(getField(o, parseFieldPath('metadata.annotations["a.b/c"]'))).toEqual({ found: true, value: 'x' });
    expect(getField(o, parseFieldPath('status.conditions[type=Available].status'))).toEqual({ found: false, missingAt: 'status.conditions[type=Available]' });
    expect(getField(o, parseFieldPath('status.conditions[3]'))).toEqual({ found: false, missingAt: 'status.conditions[3]' });
    expect(getField(o, parseFieldPath('spec.replicas'))).toEqual({ found: false, missingAt: 'spec' });
  });
});
