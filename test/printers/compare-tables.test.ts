import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/api/time.js';
import { cellMatches, compareTables, splitCells } from '../../src/printers/compare-tables.js';
import { evaluateAssertion } from '../../src/scenario/assertions/index.js';
import type { Assertion } from '../../src/scenario/types.js';
import type { KubeObject } from '../../src/store/types.js';
import { fakeStore } from '../scenario/fake-store.js';

const pv: KubeObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'yh-pv1', creationTimestamp: toTimestamp(0) },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'nfs' },
  status: { phase: 'Released' },
};
const table = {
  columns: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
  rows: [['yh-pv1', '1Gi', 'RWO', 'Retain', 'Released', '', 'nfs', '<unset>', '', '5m']],
};

describe('splitCells / cellMatches', () => {
  it('splits on two or more spaces, keeps single spaces inside a cell', () => {
    expect(splitCells('web-0   3 (40s ago)   ACCESS MODES  x').map((c) => c.text)).toEqual(['web-0', '3 (40s ago)', 'ACCESS MODES', 'x']);
  });
  it('* matches a whole cell or a run inside one', () => {
    expect(cellMatches('*', '')).toBe(true);
    expect(cellMatches('web-*-*', 'web-5d8f7c9b4-x2x9k')).toBe(true);
    expect(cellMatches('web-*', 'db-0')).toBe(false);
    expect(cellMatches('1.2', '1x2')).toBe(false);
  });
});

describe('compareTables', () => {
  it('matches kubectl output pasted as is, empty cells included (aligned by the header)', () => {
    const text = `NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS     CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
yh-pv1   1Gi        RWO            Retain           Released           nfs            <unset>                          5m
`;
    expect(compareTables(text, table)).toEqual({ ok: true, message: '1 row match' });
  });
  it('matches a compact table with wildcards when the empty cells are left out', () => {
    expect(compareTables('NAME  CAPACITY  ACCESS MODES  RECLAIM POLICY  STATUS  CLAIM  STORAGECLASS  VOLUMEATTRIBUTESCLASS  REASON  AGE\nyh-pv1  1Gi  RWO  Retain  Released  nfs  *  *', table).ok).toBe(true);
  });
  it('names the first differing cell', () => {
    const text = 'NAME  CAPACITY  ACCESS MODES  RECLAIM POLICY  STATUS  CLAIM  STORAGECLASS  VOLUMEATTRIBUTESCLASS  REASON  AGE\nyh-pv1  1Gi  RWO  Retain  Bound  *  nfs  *  *  *';
    expect(compareTables(text, table)).toEqual({ ok: false, message: 'row 1 (yh-pv1) column STATUS: expected "Bound", got "Released"' });
  });
  it('reports a header or row count mismatch', () => {
    expect(compareTables('NAME  STATUS\nx  y', table).message).toBe(
      'header: expected NAME | STATUS, got NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE',
    );
    expect(compareTables(`${table.columns.join('   ')}\n`, table).message).toBe('expected 0 rows, got 1');
  });
});

describe('get assertion', () => {
  const store = fakeStore([pv]);
  const ctx = { store, now: 300_000 };
  it('passes at the documented moment', () => {
    const a: Assertion = { get: 'pv', output: 'NAME  CAPACITY  ACCESS MODES  RECLAIM POLICY  STATUS  CLAIM  STORAGECLASS  VOLUMEATTRIBUTESCLASS  REASON  AGE\nyh-pv1  1Gi  RWO  Retain  Released  nfs  <unset>  5m\n' };
    expect(evaluateAssertion(a, ctx)).toEqual({ ok: true, message: 'kubectl get pv: 1 row match' });
  });
  it('fails with expected and actual tables', () => {
    const a: Assertion = { get: { kind: 'pv', wide: true }, output: 'NAME  CAPACITY\nyh-pv1  2Gi\n' };
    const r = evaluateAssertion(a, ctx);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^kubectl get pv -o wide: header: expected NAME \| CAPACITY, got NAME \| CAPACITY \| .* \| AGE \| VOLUMEMODE$/);
    expect(r.diff).toBe(
      'expected:\n  NAME  CAPACITY\n  yh-pv1  2Gi\nactual:\n' +
        '  NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS     CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE\n' +
        '  yh-pv1   1Gi        RWO            Retain           Released           nfs            <unset>                          5m    <unset>',
    );
  });
  it('compares the "No resources found" message, with the namespace from the assertion', () => {
    expect(evaluateAssertion({ get: 'pods', namespace: 'kube-system', output: 'No resources found in kube-system namespace.' }, ctx)).toEqual({
      ok: true,
      message: 'kubectl get pods -n kube-system: No resources found in kube-system namespace.',
    });
    expect(evaluateAssertion({ get: 'pods', output: 'NAME  READY\n' }, ctx).message).toBe('kubectl get pods: printed no table');
  });
});

describe('get assertion with a name', () => {
  const store = fakeStore([pv]);
  const ctx = { store, now: 300_000 };
  it('prints only that object, or the NotFound error', () => {
    expect(evaluateAssertion({ get: { kind: 'pv', name: 'yh-pv1' }, output: 'NAME  CAPACITY  ACCESS MODES  RECLAIM POLICY  STATUS  CLAIM  STORAGECLASS  VOLUMEATTRIBUTESCLASS  REASON  AGE\nyh-pv1  1Gi  RWO  Retain  Released  nfs  <unset>  5m\n' }, ctx).ok).toBe(true);
    expect(evaluateAssertion({ get: { kind: 'deploy', name: 'web' }, output: 'Error from server (NotFound): deployments.apps "web" not found' }, ctx)).toEqual({
      ok: true,
      message: 'kubectl get deploy web: Error from server (NotFound): deployments.apps "web" not found',
    });
  });
});
