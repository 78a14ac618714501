import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../src/cluster/cluster.js';
import { storageComponents } from '../src/controllers/storage-components.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { pvReclaimTransitions } from '../src/invariants/pv-reclaim-transitions.js';
import type { Violation } from '../src/invariants/types.js';
import { ApiError, type KubeObject } from '../src/store/types.js';

// Random storage histories: PVs (sizes, access modes, classes, reclaim policies, sources,
// sometimes pre-bound), claims (sizes, modes, classes incl. "" / unset / a provisioning class /
// a WaitForFirstConsumer class, sometimes naming a volume), claim and volume deletions, admins
// clearing a Released volume's claimRef, pods naming claims (scheduled by the scheduler's
// VolumeBinding, deleted at once), and waits across resync ticks. The PV controller,
// provisioner, protection controllers and scheduler run with pv-reclaim-transitions checked after every
// event: no history may violate it.
const SEED = Number(process.env.KSCENARIO_PROPERTY_SEED ?? 20240417);
const RUNS = Number(process.env.KSCENARIO_PROPERTY_RUNS ?? 150);

const name: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'd');
const size: fc.Arbitrary<string> = fc.constantFrom('1Gi', '2Gi', '5Gi', '500Mi');
const modes: fc.Arbitrary<string[]> = fc.constantFrom<string[]>(['ReadWriteOnce'], ['ReadWriteMany'], ['ReadWriteOnce', 'ReadWriteMany'], ['ReadOnlyMany']);
const cls = fc.constantFrom<string | undefined>('fast', '', undefined, 'dyn', 'wffc');
type Action =
  | { t: 'pv'; name: string; size: string; modes: string[]; cls: string | undefined; policy: string; source: string; preBind: string | undefined }
  | { t: 'pvc'; name: string; size: string; modes: string[]; cls: string | undefined; volumeName: string | undefined }
  | { t: 'delPvc'; name: string }
  | { t: 'delPv'; name: string }
  | { t: 'clear'; name: string }
  | { t: 'pod'; name: string; claim: string }
  | { t: 'delPod'; name: string }
  | { t: 'wait'; ms: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant('pv' as const), name, size, modes, cls, policy: fc.constantFrom<string>('Retain', 'Delete', 'Recycle'), source: fc.constantFrom<string>('nfs', 'tmp', 'hostPath', 'csi'), preBind: fc.option(name, { nil: undefined }) }),
  fc.record({ t: fc.constant('pvc' as const), name, size, modes, cls, volumeName: fc.option(name, { nil: undefined }) }),
  fc.record({ t: fc.constant('delPvc' as const), name }),
  fc.record({ t: fc.constant('delPv' as const), name }),
  fc.record({ t: fc.constant('clear' as const), name }),
  fc.record({ t: fc.constant('pod' as const), name, claim: name }),
  fc.record({ t: fc.constant('delPod' as const), name }),
  fc.record({ t: fc.constant('wait' as const), ms: fc.constantFrom(0, 500, 1000, 7000, 15000) }),
);

function apply(c: Cluster, a: Action): void {
  const s = c.store;
  const sources: Record<string, object> = { nfs: { nfs: { path: '/e', server: 's' } }, tmp: { hostPath: { path: '/tmp/x' } }, hostPath: { hostPath: { path: '/data' } }, csi: { csi: { driver: 'd', volumeHandle: 'h' } } };
  try {
    switch (a.t) {
      case 'pv': {
        const spec: Record<string, unknown> = { capacity: { storage: a.size }, accessModes: a.modes, persistentVolumeReclaimPolicy: a.policy, ...sources[a.source] };
        if (a.cls !== undefined) spec.storageClassName = a.cls;
        if (a.preBind) spec.claimRef = { namespace: 'default', name: a.preBind };
        s.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${a.name}` }, spec });
        break;
      }
      case 'pvc': {
        const spec: Record<string, unknown> = { accessModes: a.modes, resources: { requests: { storage: a.size } } };
        if (a.cls !== undefined) spec.storageClassName = a.cls;
        if (a.volumeName) spec.volumeName = `pv-${a.volumeName}`;
        s.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: a.name, namespace: 'default' }, spec });
        break;
      }
      case 'delPvc':
        s.delete('PersistentVolumeClaim', 'default', a.name);
        break;
      case 'delPv':
        s.delete('PersistentVolume', undefined, `pv-${a.name}`);
        break;
      case 'clear': {
        const v = s.get('PersistentVolume', undefined, `pv-${a.name}`);
        if (v?.status?.phase === 'Released' && v.spec.claimRef) {
          const { claimRef: _drop, ...spec } = v.spec;
          s.update({ ...v, spec } as KubeObject);
        }
        break;
      }
      case 'pod':
        s.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${a.name}`, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: a.claim } }] } });
        break;
      case 'delPod':
        s.delete('Pod', 'default', `pod-${a.name}`, { gracePeriodSeconds: 0 });
        break;
      case 'wait':
        c.engine.run({ until: c.engine.now + a.ms });
        break;
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e; // AlreadyExists, NotFound, Invalid: the user's write is refused
  }
}

describe('pv-reclaim-transitions (property)', () => {
  it('no storage history violates it', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 25 }), (actions) => {
        // The scheduler places pods on two labelled nodes (no kubelets: bound pods stay Pending).
        const c = new Cluster({ components: () => [new Scheduler(), ...storageComponents()] });
        const violations: Violation[] = [];
        const inv = pvReclaimTransitions();
        inv.start(c, (v) => violations.push(v));
        c.engine.afterEachEvent(() => inv.check?.());
        c.start();
        for (const n of ['n1', 'n2']) {
          const alloc = { cpu: '4', memory: '8Gi', pods: '110' };
          c.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: n, labels: { 'kubernetes.io/hostname': n } }, spec: {}, status: { capacity: alloc, allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] } });
        }
        c.store.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'dyn' }, provisioner: 'example.com/p' });
        c.store.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'wffc' }, provisioner: 'example.com/p', volumeBindingMode: 'WaitForFirstConsumer' });
        for (const a of actions) {
          apply(c, a);
          c.engine.run({ until: c.engine.now });
        }
        c.engine.run({ until: c.engine.now + 31_000 });
        expect(violations.map((v) => v.message)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
