import { toTimestamp } from '../api/time.js';

/** Conditions the kubelet owns (pkg/kubelet/types/pod_status.go PodConditionsByKubelet + PodReadyToStartContainers). */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const goList = (names: string[]) => `[${names.join(' ')}]`;

/** status/generate.go GenerateContainersReadyCondition (1.30). */
export function containersReadyCondition(spec: any, initStatuses: any[], statuses: any[], phase: string): Cond {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  for (const c of spec.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** GeneratePodReadyCondition: ContainersReady plus readiness gates. */
export function podReadyCondition(spec: any, conditions: Cond[], containersReady: Cond): Cond {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const msgs: string[] = [];
  for (const rg of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === rg.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${rg.conditionType}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${rg.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** GeneratePodInitializedCondition (1.30). */
export function initializedCondition(spec: any, initStatuses: any[], statuses: any[], phase: string): Cond {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    const done = c.restartPolicy === 'Always' ? s.started === true : s.ready === true;
    if (!done) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  const anyRegularStarted = statuses.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated);
  if (anyRegularStarted) return { type: 'Initialized', status: 'True' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: msgs.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

/**
 * The pod's conditions as generateAPIPodStatus + the status manager produce them: conditions not
 * owned by the kubelet are kept from the API, then PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled; lastTransitionTime is kept when the status did not change
 * (status_manager.go updateLastTransitionTime).
 */
export function podConditions(
  spec: any,
  oldConditions: any[] | undefined,
  sandboxReady: boolean,
  initStatuses: any[],
  statuses: any[],
  phase: string,
  now: number,
): any[] {
  const kept = (oldConditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const cr = containersReadyCondition(spec, initStatuses, statuses, phase);
  const generated: Cond[] = [
    { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' },
    initializedCondition(spec, initStatuses, statuses, phase),
    podReadyCondition(spec, kept, cr),
    cr,
    { type: 'PodScheduled', status: 'True' },
  ];
  const ts = toTimestamp(now);
  const out: any[] = kept.slice();
  for (const g of generated) {
    const prev = oldConditions?.find((c) => c.type === g.type);
    const c: any = { type: g.type, status: g.status, lastProbeTime: null, lastTransitionTime: prev && prev.status === g.status ? prev.lastTransitionTime : ts };
    if (g.reason) c.reason = g.reason;
    if (g.message) c.message = g.message;
    out.push(c);
  }
  return out;
}
