import { toTimestamp } from '../api/time.js';

/** Conditions the kubelet owns (pkg/kubelet/types/pod_status.go PodConditionsByKubelet + PodReadyToStartContainers). */
export const KUBELET_CONDITIONS: ReadonlySet<string> = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const goList = (names: string[]) => `[${names.join(' ')}]`;
const NONE: any[] = [];

/**
 * The status of container `name` in `list`. Statuses are generated in spec order, so the one at
 * the container's spec index is tried first.
 */
export function statusOf(list: any[], i: number, name: string): any {
  const s = list[i];
  if (s !== undefined && s.name === name) return s;
  for (let j = 0; j < list.length; j++) if (list[j].name === name) return list[j];
  return undefined;
}

const CONTAINERS_READY: Cond = { type: 'ContainersReady', status: 'True' };
const CONTAINERS_READY_COMPLETED: Cond = { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };

/** status/generate.go GenerateContainersReadyCondition (1.30). */
export function containersReadyCondition(spec: any, initStatuses: any[], statuses: any[], phase: string): Cond {
  let unknown: string[] | undefined;
  let unready: string[] | undefined;
  const inits: any[] = spec.initContainers ?? NONE;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    if (c.restartPolicy !== 'Always') continue;
    const s = statusOf(initStatuses, i, c.name);
    if (!s) (unknown ??= []).push(c.name);
    else if (!s.ready) (unready ??= []).push(c.name);
  }
  const containers: any[] = spec.containers ?? NONE;
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    const s = statusOf(statuses, i, c.name);
    if (!s) (unknown ??= []).push(c.name);
    else if (!s.ready) (unready ??= []).push(c.name);
  }
  if (phase === 'Succeeded' && !unknown) return CONTAINERS_READY_COMPLETED;
  if (!unknown && !unready) return CONTAINERS_READY;
  const msgs: string[] = [];
  if (unknown) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready) msgs.push(`containers with unready status: ${goList(unready)}`);
  return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') };
}

/** GeneratePodReadyCondition: ContainersReady plus readiness gates. */
export function podReadyCondition(spec: any, conditions: Cond[], containersReady: Cond): Cond {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const gates: any[] | undefined = spec.readinessGates;
  if (!gates || gates.length === 0) return READY;
  const msgs: string[] = [];
  for (const rg of gates) {
    const c = conditions.find((x) => x.type === rg.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${rg.conditionType}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${rg.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') };
  return READY;
}
const READY: Cond = { type: 'Ready', status: 'True' };
const INITIALIZED: Cond = { type: 'Initialized', status: 'True' };
const INITIALIZED_COMPLETED: Cond = { type: 'Initialized', status: 'True', reason: 'PodCompleted' };

/** GeneratePodInitializedCondition (1.30). */
export function initializedCondition(spec: any, initStatuses: any[], statuses: any[], phase: string): Cond {
  let unknown: string[] | undefined;
  let incomplete: string[] | undefined;
  const inits: any[] = spec.initContainers ?? NONE;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const s = statusOf(initStatuses, i, c.name);
    if (!s) {
      (unknown ??= []).push(c.name);
      continue;
    }
    const done = c.restartPolicy === 'Always' ? s.started === true : s.ready === true;
    if (!done) (incomplete ??= []).push(c.name);
  }
  if (phase === 'Succeeded' && !unknown) return INITIALIZED_COMPLETED;
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i];
    if (s.state?.running || s.state?.terminated || s.lastState?.terminated) return INITIALIZED;
  }
  if (!unknown && !incomplete) return INITIALIZED;
  const msgs: string[] = [];
  if (unknown) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: msgs.join(', ') };
}

/**
 * Condition objects of the current instant without reason or message, shared by every pod whose
 * condition changed then (store objects are immutable, so equal parts may be one object).
 */
let freshTs = '';
let freshAt = -1;
const freshTrue = new Map<string, any>();
const freshFalse = new Map<string, any>();

function timestampOf(now: number): string {
  if (now !== freshAt) {
    freshAt = now;
    freshTs = toTimestamp(now);
    freshTrue.clear();
    freshFalse.clear();
  }
  return freshTs;
}

/** Whether `prev` is exactly the condition we would write: same values, same keys in the same order. */
function sameCondition(prev: any, reason: string | undefined, message: string | undefined): boolean {
  if (prev.lastProbeTime !== null || prev.reason !== reason || prev.message !== message) return false;
  let i = 0;
  for (const k in prev) {
    switch (i++) {
      case 0:
        if (k !== 'type') return false;
        break;
      case 1:
        if (k !== 'status') return false;
        break;
      case 2:
        if (k !== 'lastProbeTime') return false;
        break;
      case 3:
        if (k !== 'lastTransitionTime') return false;
        break;
      case 4:
        if (k !== (reason !== undefined ? 'reason' : 'message')) return false;
        break;
      case 5:
        if (k !== 'message' || reason === undefined) return false;
        break;
      default:
        return false;
    }
  }
  return i === 4 + (reason !== undefined ? 1 : 0) + (message !== undefined ? 1 : 0);
}

/**
 * One API condition: lastTransitionTime is kept when the status did not change
 * (status_manager.go updateLastTransitionTime); an unchanged condition is the old object itself.
 */
function apiCondition(oldConditions: any[] | undefined, g: Cond, now: number): any {
  const reason = g.reason || undefined;
  const message = g.message || undefined;
  let prev: any;
  if (oldConditions) {
    for (let i = 0; i < oldConditions.length; i++) {
      if (oldConditions[i].type === g.type) {
        prev = oldConditions[i];
        break;
      }
    }
  }
  let ltt: any;
  if (prev && prev.status === g.status) {
    if (sameCondition(prev, reason, message)) return prev;
    ltt = prev.lastTransitionTime;
  } else {
    ltt = timestampOf(now);
    if (reason === undefined && message === undefined) {
      const cache = g.status === 'True' ? freshTrue : g.status === 'False' ? freshFalse : undefined;
      if (cache) {
        let c = cache.get(g.type);
        if (c === undefined) {
          c = { type: g.type, status: g.status, lastProbeTime: null, lastTransitionTime: ltt };
          cache.set(g.type, c);
        }
        return c;
      }
    }
  }
  const c: any = { type: g.type, status: g.status, lastProbeTime: null, lastTransitionTime: ltt };
  if (reason !== undefined) c.reason = reason;
  if (message !== undefined) c.message = message;
  return c;
}

const SANDBOX_READY: Cond = { type: 'PodReadyToStartContainers', status: 'True' };
const SANDBOX_NOT_READY: Cond = { type: 'PodReadyToStartContainers', status: 'False' };
const SCHEDULED: Cond = { type: 'PodScheduled', status: 'True' };

/**
 * The pod's conditions as generateAPIPodStatus + the status manager produce them: conditions not
 * owned by the kubelet are kept from the API, then PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled; lastTransitionTime is kept when the status did not change
 * (status_manager.go updateLastTransitionTime). When nothing changed the old list itself is returned.
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
  let kept: any[] | undefined;
  if (oldConditions) {
    for (let i = 0; i < oldConditions.length; i++) {
      const c = oldConditions[i];
      if (!KUBELET_CONDITIONS.has(c.type)) (kept ??= []).push(c);
    }
  }
  const cr = containersReadyCondition(spec, initStatuses, statuses, phase);
  // An exact-size list (it is retained in the stored status).
  const own = [
    apiCondition(oldConditions, sandboxReady ? SANDBOX_READY : SANDBOX_NOT_READY, now),
    apiCondition(oldConditions, initializedCondition(spec, initStatuses, statuses, phase), now),
    apiCondition(oldConditions, podReadyCondition(spec, kept ?? NONE, cr), now),
    apiCondition(oldConditions, cr, now),
    apiCondition(oldConditions, SCHEDULED, now),
  ];
  const out: any[] = kept ? kept.concat(own) : own;
  if (oldConditions && oldConditions.length === out.length) {
    let same = true;
    for (let i = 0; i < out.length; i++) {
      if (out[i] !== oldConditions[i]) {
        same = false;
        break;
      }
    }
    if (same) return oldConditions;
  }
  return out;
}
