import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../../src/api/time.js';
import { describeObject } from '../../../src/printers/describe/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { fakeStore } from '../../scenario/fake-store.js';

// seed-000 M-13/M-14 (yh-pv1 on NFS, claim yh-pvc) after binding, as kubectl 1.30 describes them.
const T = toTimestamp;
const lines = (...l: string[]) => [...l, ''].join('\n');

const pv: KubeObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'yh-pv1', uid: 'pv', creationTimestamp: T(0), finalizers: ['kubernetes.io/pv-protection'], annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Recycle',
    storageClassName: 'nfs',
    volumeMode: 'Filesystem',
    nfs: { path: '/nfs/data', server: '10.10.0.11' },
    claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'yh-pvc', uid: 'pvc' },
  },
  status: { phase: 'Bound' },
};
const pvc: KubeObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'yh-pvc', namespace: 'default', uid: 'pvc', creationTimestamp: T(0), finalizers: ['kubernetes.io/pvc-protection'], annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs', volumeMode: 'Filesystem', volumeName: 'yh-pv1' },
  status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
};
const user = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: name, creationTimestamp: T(0) },
  spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'yh-pvc' } }] },
});

describe('describe pv / pvc', () => {
  it('describe pv yh-pv1: finalizers as a Go list, the claim, the NFS source', () => {
    expect(describeObject(fakeStore([pv, pvc]), 'pv', undefined, 'yh-pv1', 17 * 60_000).text).toBe(
      lines(
        'Name:            yh-pv1',
        'Labels:          <none>',
        'Annotations:     pv.kubernetes.io/bound-by-controller: yes',
        'Finalizers:      [kubernetes.io/pv-protection]',
        'StorageClass:    nfs',
        'Status:          Bound',
        'Claim:           default/yh-pvc',
        'Reclaim Policy:  Recycle',
        'Access Modes:    RWO',
        'VolumeMode:      Filesystem',
        'Capacity:        1Gi',
        'Node Affinity:   <none>',
        'Message:         ',
        'Source:',
        '    Type:      NFS (an NFS mount that lasts the lifetime of a pod)',
        '    Server:    10.10.0.11',
        '    Path:      /nfs/data',
        '    ReadOnly:  false',
        'Events:        <none>',
      ),
    );
  });

  it('describe pvc yh-pvc: bound capacity and modes, the pods using it sorted by name', () => {
    expect(describeObject(fakeStore([pv, pvc, user('web-1'), user('web-0')]), 'pvc', 'default', 'yh-pvc', 0).text).toBe(
      lines(
        'Name:          yh-pvc',
        'Namespace:     default',
        'StorageClass:  nfs',
        'Status:        Bound',
        'Volume:        yh-pv1',
        'Labels:        <none>',
        'Annotations:   pv.kubernetes.io/bind-completed: yes',
        'Finalizers:    [kubernetes.io/pvc-protection]',
        'Capacity:      1Gi',
        'Access Modes:  RWO',
        'VolumeMode:    Filesystem',
        'Used By:       web-0',
        '               web-1',
        'Events:        <none>',
      ),
    );
  });

  it('an unbound claim shows empty Capacity and Access Modes; a local PV its node affinity', () => {
    const pending = { ...pvc, spec: { ...pvc.spec, volumeName: undefined }, status: { phase: 'Pending' } };
    expect(describeObject(fakeStore([pending]), 'pvc', 'default', 'yh-pvc', 0).text).toContain('Volume:        \n');
    expect(describeObject(fakeStore([pending]), 'pvc', 'default', 'yh-pvc', 0).text).toContain('Capacity:      \nAccess Modes:  \nVolumeMode:    Filesystem\nUsed By:       <none>\n');
    const local = {
      ...pv,
      spec: {
        ...pv.spec,
        nfs: undefined,
        local: { path: '/mnt/disks/ssd1' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] }] } },
      },
    };
    expect(describeObject(fakeStore([local]), 'pv', undefined, 'yh-pv1', 0).text).toContain(
      // "  Required Terms:" widens the first column of the whole top block.
      lines('Node Affinity:     ', '  Required Terms:  ', '    Term 0:        kubernetes.io/hostname in [node-a]', 'Message:           ', 'Source:', '    Type:  LocalVolume (a persistent volume backed by local storage on a node)', '    Path:  /mnt/disks/ssd1'),
    );
  });
});
