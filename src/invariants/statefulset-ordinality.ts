import type { Invariant, Violation } from './types.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import { controllerRefOf } from '../controllers/replicaset-pod-util.js';
import { claimName, endOrdinal, getOrdinal, isMemberOf, isRunningAndReady, isTerminating, podName, retentionPolicy, startOrdinal } from '../controllers/statefulset-utils.js';

const NAME = 'statefulset-ordinality';

/**
 * statefulset-ordinality (INVARIANTS.md, K8S-SEMANTICS §3), checked on the StatefulSet
 * controller's own actions against the state it acted on (`delete-pod` and
 * `update-claim-owners` are announced before the write, `create-pod` right after the API server
 * accepted the pod, which changes nothing the checks read):
 * - `create-pod`: named `<set>-<ordinal>`; no other pod object of that name exists (at most one
 *   pod per identity, also while an old one is Terminating on a dead node); every
 *   volumeClaimTemplate's claim exists; OrderedReady: every lower ordinal's pod exists, is
 *   Running and Ready and not terminating;
 * - `delete-pod` for scale-down (OrderedReady): the ordinal is outside the range and no pod of the
 *   set with a higher ordinal exists;
 * - `delete-pod` for update: the index is at or above the partition, every higher ordinal is
 *   Running, Ready and not terminating; OrderedReady: every other pod is Running and Ready;
 * - `update-claim-owners`: a StatefulSet owner only with whenDeleted=Delete, a Pod owner only with
 *   whenScaled=Delete for a pod outside the ordinal range (otherwise the claim would be deleted
 *   against the retention policy).
 */
export function statefulSetOrdinality(): Invariant {
  return {
    name: NAME,
    start(ctx, report) {
      const store = ctx.store;
      ctx.actions.subscribe((a) => {
        if (a.component !== 'statefulset-controller') return;
        const [namespace, setName] = a.object.split('/') as [string, string];
        const set = store.get('StatefulSet', namespace, setName);
        if (!set) return;
        const d = a.data as { pod: string; ordinal: number; uid?: string; reason?: string; claim?: string; owners?: string[]; inRange?: boolean };
        const v = (message: string, objects: string[], numbers?: Record<string, number>): void =>
          report({ invariant: NAME, message, objects: [`statefulset/${namespace}/${setName}`, ...objects], numbers } as Violation);
        const podRef = `pod/${namespace}/${d.pod}`;
        const ordered = set.spec?.podManagementPolicy !== 'Parallel';
        if (a.action === 'create-pod') {
          if (d.pod !== podName(set, d.ordinal)) v(`created pod ${d.pod}, not named ${podName(set, d.ordinal)}`, [podRef]);
          const existing = store.get('Pod', namespace, d.pod);
          if (existing && existing.metadata.uid !== d.uid) v(`created ${d.pod} while an earlier ${d.pod} still exists${isTerminating(existing) ? ' (terminating)' : ''}`, [podRef], { ordinal: d.ordinal });
          for (const t of set.spec?.volumeClaimTemplates ?? []) {
            const c = claimName(set, t.metadata?.name ?? '', d.ordinal);
            if (!store.get('PersistentVolumeClaim', namespace, c)) v(`created ${d.pod} before its claim ${c} exists`, [podRef, `persistentvolumeclaim/${namespace}/${c}`]);
          }
          if (ordered) {
            for (let o = startOrdinal(set); o < d.ordinal; o++) {
              const p = store.get('Pod', namespace, podName(set, o));
              const why = !p ? 'does not exist' : isTerminating(p) ? 'is terminating' : !isRunningAndReady(p) ? 'is not Running and Ready' : undefined;
              if (why) v(`OrderedReady: created ${d.pod} while ${podName(set, o)} ${why}`, [podRef, `pod/${namespace}/${podName(set, o)}`], { ordinal: d.ordinal, blocking: o });
            }
          }
        } else if (a.action === 'delete-pod' && d.reason === 'scale-down') {
          if (d.ordinal >= startOrdinal(set) && d.ordinal <= endOrdinal(set)) v(`deleted ${d.pod} for scale-down although ordinal ${d.ordinal} is within ${startOrdinal(set)}..${endOrdinal(set)}`, [podRef]);
          if (ordered) {
            const higher = ownedPods(store, set).filter((p) => getOrdinal(p) > d.ordinal);
            if (higher.length > 0) v(`OrderedReady: deleted ${d.pod} for scale-down while ${higher.map((p) => p.metadata.name).join(', ')} still exist`, [podRef, ...higher.map((p) => `pod/${namespace}/${p.metadata.name}`)], { ordinal: d.ordinal, highest: Math.max(...higher.map(getOrdinal)) });
          }
        } else if (a.action === 'delete-pod' && d.reason === 'update') {
          const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
          const index = d.ordinal - startOrdinal(set);
          if (index < partition) v(`deleted ${d.pod} for update below the partition`, [podRef], { index, partition });
          for (const p of ownedPods(store, set)) {
            if (p.metadata.name === d.pod) continue;
            const higher = getOrdinal(p) > d.ordinal && getOrdinal(p) <= endOrdinal(set);
            if ((higher || ordered) && (!isRunningAndReady(p) || (higher && isTerminating(p)))) {
              v(`deleted ${d.pod} for update while ${p.metadata.name} is ${isTerminating(p) ? 'terminating' : 'not Running and Ready'}`, [podRef, `pod/${namespace}/${p.metadata.name}`], { ordinal: d.ordinal, other: getOrdinal(p) });
            }
          }
        } else if (a.action === 'update-claim-owners') {
          const policy = retentionPolicy(set);
          const owners = d.owners ?? [];
          if (owners.some((o) => o.startsWith('StatefulSet/')) && policy.whenDeleted !== 'Delete') v(`claim ${d.claim} made owned by the StatefulSet although whenDeleted is ${policy.whenDeleted}`, [`persistentvolumeclaim/${namespace}/${d.claim}`]);
          if (owners.some((o) => o.startsWith('Pod/')) && (policy.whenScaled !== 'Delete' || d.inRange)) {
            v(`claim ${d.claim} made owned by pod ${d.pod} although ${policy.whenScaled !== 'Delete' ? `whenScaled is ${policy.whenScaled}` : 'the pod is within the ordinal range'}`, [`persistentvolumeclaim/${namespace}/${d.claim}`, podRef]);
          }
        }
      });
    },
  };
}

/** Pods the set controls whose names parse as its members. */
function ownedPods(store: StoreApi, set: KubeObject): KubeObject[] {
  return store.list('Pod', { namespace: set.metadata.namespace }).filter((p) => controllerRefOf(p)?.uid === set.metadata.uid && isMemberOf(set, p));
}
