import type { KubeObject } from '../store/types.js';
import type { Invariant } from './types.js';
import { requiredNodeAffinityMatches } from '../scheduler/node-affinity.js';
import { tolerationsTolerateTaint } from '../scheduler/toleration.js';
import { controllerRefOf } from '../controllers/replicaset-pod-util.js';
import { DAEMONSET_HASH_LABEL, targetNodeName } from '../controllers/daemonset-util.js';

const NAME = 'daemonset-one-per-node';

function isLive(p: KubeObject): boolean {
  return !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

/**
 * daemonset-one-per-node (INVARIANTS.md), checked on every pod commit:
 *  - one per node: a DaemonSet never has two live (non-terminating, non-terminal) pods for one
 *    node; during a surge rolling update (maxSurge > 0) one old and one new pod may overlap, so
 *    there the bound is one pod per controller-revision-hash;
 *  - placement: when a DaemonSet pod appears, and when it is bound, the node it targets matches
 *    the template's nodeSelector and required node affinity (the user's terms, not the
 *    controller's `metadata.name` pin) and the pod tolerates every NoSchedule/NoExecute taint the
 *    node has at that moment. (A label or taint change later makes the controller delete the
 *    pod; that is not a violation.) The check uses the scheduler's matching helpers, not the
 *    DaemonSet controller's NodeShouldRunDaemonPod.
 */
export function daemonSetOnePerNode(): Invariant {
  return {
    name: NAME,
    start(ctx, report) {
      // Live DaemonSet pods per `<ds uid>/<node>`, kept from the watch (no list per event).
      const live = new Map<string, Map<string, KubeObject>>();
      const slotOf = (p: KubeObject): string | undefined => {
        const ref = controllerRefOf(p);
        if (!ref || ref.kind !== 'DaemonSet') return undefined;
        const node = targetNodeName(p);
        return node ? `${ref.uid}/${node}` : undefined;
      };
      ctx.store.watch((e) => {
        const pod = e.object;
        const oldSlot = e.old ? slotOf(e.old) : undefined;
        if (oldSlot) live.get(oldSlot)?.delete(pod.metadata.uid!);
        const slot = slotOf(pod);
        if (!slot) return;
        if (e.type === 'DELETED' || !isLive(pod)) {
          live.get(slot)?.delete(pod.metadata.uid!);
          return;
        }
        let set = live.get(slot);
        if (!set) live.set(slot, (set = new Map()));
        set.set(pod.metadata.uid!, pod);
        const ref = controllerRefOf(pod)!;
        const ds = ctx.store.get('DaemonSet', pod.metadata.namespace, ref.name);
        if (!ds || ds.metadata.uid !== ref.uid) return;
        const nodeName = targetNodeName(pod)!;
        const dsId = `daemonset/${pod.metadata.namespace}/${ds.metadata.name}`;
        const bound = e.type === 'MODIFIED' && !e.old?.spec?.nodeName && !!pod.spec?.nodeName;
        if (e.type === 'ADDED' || bound) {
          const node = ctx.store.get('Node', undefined, nodeName);
          if (node) {
            const problems: string[] = [];
            const tmpl = { spec: ds.spec?.template?.spec ?? {} } as unknown as KubeObject;
            if (!requiredNodeAffinityMatches(tmpl, { name: nodeName, labels: node.metadata.labels ?? {} })) problems.push("the node does not match the DaemonSet's nodeSelector/affinity");
            for (const t of node.spec?.taints ?? []) {
              if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
              if (!tolerationsTolerateTaint(pod.spec?.tolerations, t)) problems.push(`the pod does not tolerate taint ${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
            }
            if (pod.spec?.nodeName && pod.spec.nodeName !== nodeName) problems.push(`it is bound to ${pod.spec.nodeName}, not its target node`);
            if (problems.length) {
              report({
                invariant: NAME,
                message: `${dsId} has pod ${pod.metadata.name} ${bound ? 'bound' : 'created'} for node ${nodeName}, which it must not run on: ${problems.join('; ')}`,
                objects: [dsId, `pod/${pod.metadata.namespace}/${pod.metadata.name}`, `node/${nodeName}`],
              });
            }
          }
        }
        if (set.size < 2) return;
        const surge = ds.spec?.updateStrategy?.type !== 'OnDelete' && ![undefined, null, 0, '0', '0%'].includes(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge);
        const others = [...set.values()].filter((o) => o.metadata.uid !== pod.metadata.uid);
        const clash = surge ? others.filter((o) => o.metadata.labels?.[DAEMONSET_HASH_LABEL] === pod.metadata.labels?.[DAEMONSET_HASH_LABEL]) : others;
        if (clash.length > 0 || (surge && others.length > 1)) {
          const names = [pod, ...others].map((p) => p.metadata.name!).sort();
          report({
            invariant: NAME,
            message: `${dsId} has ${names.length} live pods for node ${nodeName}: ${names.join(', ')}${surge ? ' (surge allows one old and one new)' : ''}`,
            objects: [dsId, ...names.map((n) => `pod/${pod.metadata.namespace}/${n}`), `node/${nodeName}`],
            numbers: { pods: names.length, allowed: surge ? 2 : 1 },
          });
        }
      }, ['Pod']);
    },
  };
}
