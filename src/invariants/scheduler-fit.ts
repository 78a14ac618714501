import type { Invariant } from './types.js';
import { podRequestList } from '../scheduler/resources.js';
import { nodeAllocatable } from '../scheduler/resources.js';
import { requiredNodeAffinityMatches } from '../scheduler/node-affinity.js';
import { tolerationsTolerateTaint } from '../scheduler/toleration.js';

/**
 * scheduler-fit (INVARIANTS.md): when the scheduler binds a pod to a node, Σ requests of the
 * node's non-terminated pods plus the pod's request ≤ allocatable for cpu, memory and pods;
 * the pod tolerates the node's NoSchedule/NoExecute taints; the node matches nodeSelector and
 * required node affinity; the node is not cordoned (unless the pod tolerates
 * node.kubernetes.io/unschedulable:NoSchedule, as NodeUnschedulable allows, e.g. DaemonSet pods).
 * Observes `default-scheduler bind` actions (emitted just before the binding) and recomputes
 * everything from the store, independently of the scheduler's cache.
 */
export function schedulerFit(): Invariant {
  return {
    name: 'scheduler-fit',
    start(ctx, report) {
      ctx.actions.subscribe((a) => {
        if (a.component !== 'default-scheduler' || a.action !== 'bind') return;
        const nodeName = String(a.data?.node);
        const i = a.object.indexOf('/');
        const ns = a.object.slice(0, i);
        const name = a.object.slice(i + 1);
        const pod = ctx.store.get('Pod', ns, name);
        const node = ctx.store.get('Node', undefined, nodeName);
        const objects = [`pod/${a.object}`, `node/${nodeName}`];
        const fail = (message: string, numbers?: Record<string, number>): void =>
          report({ invariant: 'scheduler-fit', message: `binding pod ${a.object} to node ${nodeName}: ${message}`, objects, ...(numbers ? { numbers } : {}) });
        if (!pod) return;
        if (!node) return fail('the node does not exist');
        const alloc = nodeAllocatable(node);
        let cpu = 0;
        let memory = 0;
        let pods = 0;
        for (const p of ctx.store.podsOnNode(nodeName)) {
          const phase = p.status?.phase;
          if (phase === 'Succeeded' || phase === 'Failed' || p.metadata.uid === pod.metadata.uid) continue;
          const r = podRequestList(p, false);
          cpu += r.cpu ?? 0;
          memory += r.memory ?? 0;
          pods++;
        }
        const own = podRequestList(pod, false);
        const podCpu = own.cpu ?? 0;
        const podMem = own.memory ?? 0;
        if (podCpu > 0 && cpu + podCpu > alloc.milliCPU) fail(`cpu requests ${cpu}m + ${podCpu}m > allocatable ${alloc.milliCPU}m`, { requested: cpu, pod: podCpu, allocatable: alloc.milliCPU });
        if (podMem > 0 && memory + podMem > alloc.memory) fail(`memory requests ${memory} + ${podMem} > allocatable ${alloc.memory}`, { requested: memory, pod: podMem, allocatable: alloc.memory });
        if (pods + 1 > alloc.pods) fail(`${pods} pods + 1 > allocatable pods ${alloc.pods}`, { pods, allocatable: alloc.pods });
        for (const t of (node.spec?.taints ?? []) as Array<{ key: string; value?: string; effect: string }>) {
          if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerationsTolerateTaint(pod.spec?.tolerations, t)) {
            fail(`the pod does not tolerate taint ${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
          }
        }
        if (!requiredNodeAffinityMatches(pod, { name: nodeName, labels: node.metadata.labels ?? {} })) fail("the node does not match the pod's nodeSelector / required node affinity");
        if (node.spec?.unschedulable === true && !tolerationsTolerateTaint(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
          fail('the node is cordoned (spec.unschedulable)');
        }
      });
    },
  };
}
