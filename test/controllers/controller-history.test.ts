import { describe, expect, it } from 'vitest';
import {
  controllerRevisionName,
  equalRevision,
  hashControllerRevision,
  newControllerRevision,
  nextRevision,
  sortControllerRevisions,
  sortedJson,
} from '../../src/controllers/controller-history.js';
import type { KubeObject } from '../../src/store/types.js';

const parent: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u-1' } };
const rev = (name: string, revision: number, ts = '2024-04-17T00:00:00Z'): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, creationTimestamp: ts }, revision,
});

describe('controller-history', () => {
  it('names revisions <parent>-<hash> and cuts long prefixes to 223 bytes', () => {
    expect(controllerRevisionName('web', 'abc')).toBe('web-abc');
    expect(controllerRevisionName('x'.repeat(300), 'h')).toBe(`${'x'.repeat(223)}-h`);
  });

  it('hashes data independently of key order; the probe changes the hash', () => {
    const a = hashControllerRevision({ spec: { template: { b: 1, a: 2 } } });
    const b = hashControllerRevision({ spec: { template: { a: 2, b: 1 } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(hashControllerRevision({ x: 1 }, 1)).not.toBe(hashControllerRevision({ x: 1 }));
    expect(hashControllerRevision({ x: 1 }, 0)).not.toBe(hashControllerRevision({ x: 1 }));
  });

  it('FNV-32 (FNV-1) over the bytes: empty data gives the offset basis', () => {
    // sortedJson(undefined) is "null"; check FNV-1 of "null" by hand: the well-known FNV-1 32 of "" is 2166136261.
    let h = 0x811c9dc5;
    for (const c of 'null') h = (Math.imul(h, 0x01000193) ^ c.charCodeAt(0)) >>> 0;
    const enc = [...String(h)].map((ch) => 'bcdfghjklmnpqrstvwxz2456789'[ch.charCodeAt(0) % 27]).join('');
    expect(hashControllerRevision(undefined)).toBe(enc);
  });

  it('newControllerRevision: labels, controller ref, revision, hash label', () => {
    const r = newControllerRevision(parent, { app: 'web' }, { spec: { template: { $patch: 'replace' } } }, 3, undefined);
    const hash = hashControllerRevision({ spec: { template: { $patch: 'replace' } } });
    expect(r.metadata.name).toBe(`web-${hash}`);
    expect(r.metadata.labels).toEqual({ app: 'web', 'controller.kubernetes.io/hash': hash });
    expect(r.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true }]);
    expect(r.revision).toBe(3);
  });

  it('sorts by revision, then creation time, then name; nextRevision is max+1', () => {
    const s = sortControllerRevisions([rev('c', 2), rev('b', 1, '2024-04-17T00:00:05Z'), rev('a', 1, '2024-04-17T00:00:05Z'), rev('z', 1)]);
    expect(s.map((r) => r.metadata.name)).toEqual(['z', 'a', 'b', 'c']);
    expect(nextRevision(s)).toBe(3);
    expect(nextRevision([])).toBe(1);
  });

  it('equalRevision compares data', () => {
    const a = { ...rev('a', 1), data: { x: { y: 1, z: 2 } } };
    const b = { ...rev('b', 2), data: { x: { z: 2, y: 1 } } };
    const c = { ...rev('c', 2), data: { x: { z: 3, y: 1 } } };
    expect(equalRevision(a, b)).toBe(true);
    expect(equalRevision(a, c)).toBe(false);
    expect(equalRevision(undefined, undefined)).toBe(true);
    expect(equalRevision(a, undefined)).toBe(false);
    expect(sortedJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });
});
