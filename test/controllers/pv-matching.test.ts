import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { checkVolumeSatisfyClaim, defaultClass, ephemeralClaimName, findByClaim, findMatchingVolume, volumeIsForPod } from '../../src/controllers/pv-matching.js';

const pv = (name: string, size: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, phase = 'Available'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...meta },
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'fast', ...spec },
  status: { phase },
});
const pvc = (size: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'c', namespace: 'default', uid: 'u1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: 'fast', ...spec },
});
const names = (v: KubeObject | undefined) => v?.metadata.name;

// staging/src/k8s.io/component-helpers/storage/volume/pv_helpers.go FindMatchingVolume
describe('FindMatchingVolume', () => {
  it('takes the smallest large-enough Available volume; the first one on equal sizes', () => {
    const vols = [pv('a', '10Gi'), pv('b', '2Gi'), pv('c', '2048Mi'), pv('d', '1Gi'), pv('e', '1500Mi', {}, {}, 'Released')];
    expect(names(findMatchingVolume(pvc('1500Mi'), vols, undefined, undefined, false))).toBe('b');
    expect(names(findMatchingVolume(pvc('11Gi'), vols, undefined, undefined, false))).toBeUndefined();
  });

  it('class must be equal ("" matches only volumes without a class), selector and volumeMode must match', () => {
    const vols = [pv('none', '1Gi', { storageClassName: undefined }), pv('gold', '5Gi', {}, { labels: { tier: 'gold' } }), pv('block', '1Gi', { volumeMode: 'Block' })];
    expect(names(findMatchingVolume(pvc('1Gi', { storageClassName: '' }), vols, undefined, undefined, false))).toBe('none');
    expect(names(findMatchingVolume(pvc('1Gi', { selector: { matchLabels: { tier: 'gold' } } }), vols, undefined, undefined, false))).toBe('gold');
    expect(names(findMatchingVolume(pvc('1Gi', { volumeMode: 'Block' }), vols, undefined, undefined, false))).toBe('block');
  });

  it('a volume pre-bound to the claim wins over a better fit, even in another phase; one bound elsewhere is skipped', () => {
    const vols = [pv('small', '1Gi'), pv('mine', '10Gi', { claimRef: { namespace: 'default', name: 'c' } }, {}, 'Pending'), pv('theirs', '1Gi', { claimRef: { namespace: 'default', name: 'x', uid: 'u2' } })];
    expect(names(findMatchingVolume(pvc('1Gi'), vols, undefined, undefined, false))).toBe('mine');
    const stale = [pv('old', '1Gi', { claimRef: { namespace: 'default', name: 'c', uid: 'other-uid' } }, {}, 'Released')];
    expect(names(findMatchingVolume(pvc('1Gi'), stale, undefined, undefined, false))).toBeUndefined();
  });

  it('delayed binding without a node returns only pre-bound volumes; on the scheduler path node affinity and access modes apply', () => {
    const aff = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } };
    const vols = [pv('local', '1Gi', { nodeAffinity: aff }), pv('rox', '1Gi', { accessModes: ['ReadOnlyMany'] })];
    expect(findMatchingVolume(pvc('1Gi'), vols, undefined, undefined, true)).toBeUndefined();
    expect(names(findMatchingVolume(pvc('1Gi'), vols, { labels: { 'kubernetes.io/hostname': 'n1' } }, undefined, true))).toBe('local');
    expect(findMatchingVolume(pvc('1Gi'), vols, { labels: { 'kubernetes.io/hostname': 'n2' } }, undefined, true)).toBeUndefined();
    expect(findMatchingVolume(pvc('1Gi'), vols, { labels: { 'kubernetes.io/hostname': 'n1' } }, new Set(['local']), true)).toBeUndefined();
  });

  it('deleting volumes and volumes with a VolumeAttributesClass (alpha, off in 1.30) are never chosen', () => {
    const vols = [pv('gone', '1Gi', {}, { deletionTimestamp: '2024-04-17T00:00:00Z' }), pv('vac', '1Gi', { volumeAttributesClassName: 'x' })];
    expect(findMatchingVolume(pvc('1Gi'), vols, undefined, undefined, false)).toBeUndefined();
  });
});

// pkg/controller/volume/persistentvolume/index.go findByClaim
describe('findByClaim access-mode groups', () => {
  it('tries the access-mode sets with the fewest modes first: a smallest adequate set beats a smaller capacity', () => {
    const vols = [pv('multi-1g', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadWriteMany'] }), pv('rwo-5g', '5Gi')];
    expect(names(findByClaim(pvc('1Gi'), vols, false))).toBe('rwo-5g');
    expect(names(findByClaim(pvc('1Gi', { accessModes: ['ReadWriteMany'] }), vols, false))).toBe('multi-1g');
    expect(names(findByClaim(pvc('2Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }), vols, false))).toBeUndefined();
  });
});

describe('checkVolumeSatisfyClaim (a claim naming its volume)', () => {
  it('gives upstream reasons in upstream order', () => {
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi'), pvc('2Gi'))).toBe('requested PV is too small');
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi', { storageClassName: 'slow' }), pvc('1Gi'))).toBe('storageClassName does not match');
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi', { volumeMode: 'Block' }), pvc('1Gi'))).toBe('incompatible volumeMode');
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi', { accessModes: ['ReadOnlyMany'] }), pvc('1Gi'))).toBe('incompatible accessMode');
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi', {}, { deletionTimestamp: 'x' }), pvc('1Gi'))).toBe('the volume is marked for deletion "v"');
    expect(checkVolumeSatisfyClaim(pv('v', '1Gi'), pvc('1Gi'))).toBeUndefined();
  });
});

describe('GetDefaultClass', () => {
  it('picks the newest default class, then the first by name; beta annotation counts', () => {
    const sc = (name: string, ts: string, ann: Record<string, string>): KubeObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, creationTimestamp: ts, annotations: ann } });
    const d = { 'storageclass.kubernetes.io/is-default-class': 'true' };
    expect(names(defaultClass([sc('a', '2024-04-17T00:00:00Z', d), sc('b', '2024-04-17T00:01:00Z', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }), sc('c', '2024-04-17T00:02:00Z', {})]))).toBe('b');
    expect(names(defaultClass([sc('z', '2024-04-17T00:00:00Z', d), sc('y', '2024-04-17T00:00:00Z', d)]))).toBe('y');
    expect(defaultClass([sc('c', '2024-04-17T00:02:00Z', { 'storageclass.kubernetes.io/is-default-class': 'True' })])).toBeUndefined();
  });
});

describe('generic ephemeral volume claims (component-helpers/storage/ephemeral)', () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns', uid: 'u1' }, spec: { volumes: [{ name: 'scratch', ephemeral: {} }] } };
  const claim = (ownerReferences: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web-scratch', namespace: 'ns', ownerReferences } as KubeObject['metadata'] });
  it('VolumeClaimName is <pod>-<volume>', () => {
    expect(ephemeralClaimName(pod, { name: 'scratch' })).toBe('web-scratch');
  });
  it('VolumeIsForPod: only a claim the pod controls', () => {
    expect(volumeIsForPod(pod, claim([{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'u1', controller: true }]))).toBeUndefined();
    const msg = 'PVC ns/web-scratch was not created for pod ns/web (pod is not owner)';
    expect(volumeIsForPod(pod, claim([{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'u1' }]))).toBe(msg);
    expect(volumeIsForPod(pod, claim([{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'u0', controller: true }]))).toBe(msg);
    expect(volumeIsForPod(pod, claim([]))).toBe(msg);
  });
});
