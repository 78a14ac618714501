import { labelSelectorAsSelector } from '../../api/selector.js';
import type { NodeAgent } from '../../kubelet/node-agent.js';
import type { PodWorker } from '../../kubelet/pod-worker.js';
import type { ContainerRecord } from '../../kubelet/runtime.js';
import type { KubeObject } from '../../store/types.js';
import { lookup } from './resolve.js';
import type { AssertionContext } from './types.js';

/** One container of one pod as its kubelet runs it, for `env` and `file` assertions. */
export interface ContainerTarget {
  pod: KubeObject;
  /** `pod/web-0 container app` for messages. */
  label: string;
  worker?: PodWorker;
  rec?: ContainerRecord;
  /** Why the container has no process to look at (not bound, not created yet...). */
  missing?: string;
}

/**
 * The containers an env/file assertion looks at: the target pod, or every pod (not
 * terminating) a workload's selector picks, sorted by name; `container` defaults to the pod's
 * first container. A string result is the failure message (target or container not found).
 */
export function containerTargets(ctx: AssertionContext, target: string, namespace: string | undefined, container: string | undefined): ContainerTarget[] | string {
  const { ref, obj, label } = lookup(ctx, target, namespace);
  if (!obj) return `${label} not found`;
  let pods: KubeObject[];
  if (ref.kind === 'Pod') pods = [obj];
  else {
    const sel = obj.spec?.selector;
    if (!sel) return `${label} selects no pods: use a pod or a workload with a selector`;
    pods = ctx.store
      .list('Pod', { namespace: ref.namespace, labelSelector: labelSelectorAsSelector(sel) })
      .filter((p) => !p.metadata.deletionTimestamp)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
    if (pods.length === 0) return `${label} has no pods`;
  }
  const out: ContainerTarget[] = [];
  for (const pod of pods) {
    const all: any[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const name: string = container ?? pod.spec?.containers?.[0]?.name;
    if (!all.some((c) => c.name === name)) return `container ${name} is not valid for pod ${pod.metadata.name}`;
    const t: ContainerTarget = { pod, label: `pod/${pod.metadata.name} container ${name}` };
    const node = pod.spec?.nodeName;
    const agent = node ? ctx.cluster?.component<NodeAgent>(`kubelet/${node}`) : undefined;
    const worker = agent?.alive ? agent.worker(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`) : undefined;
    if (!node) t.missing = 'the pod is not bound to a node';
    else if (!worker || worker.uid !== pod.metadata.uid) t.missing = `no kubelet runs the pod on ${node}`;
    else {
      t.worker = worker;
      t.rec = worker.container(name);
      const inst = t.rec?.current;
      if (!inst) {
        const w = t.rec?.waiting;
        t.missing = `the container has not been created${w ? ` (${w.reason}${w.message ? `: ${w.message}` : ''})` : ' (ContainerCreating)'}`;
      }
    }
    out.push(t);
  }
  return out;
}

/** `equals` as a string to compare with (numbers and booleans by their YAML text), or null for "unset/absent". */
export function expectedText(v: unknown): string | null | { invalid: string } {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return { invalid: `equals must be a string or null, got ${JSON.stringify(v)}` };
}
