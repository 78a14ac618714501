import type { KubeObject } from '../store/types.js';
import { fromTimestamp, humanDuration } from '../api/index.js';
import { age } from './age.js';
import type { KindPrinter } from './kind-printer.js';

/** node.NodeUnreachablePodReason (pkg/util/node): set by the node lifecycle controller. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(pod: KubeObject, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
}

/** The latest lastState.terminated.finishedAt seen so far (virtual ms, or undefined). */
function later(cur: number | undefined, cs: any): number | undefined {
  const f = cs?.lastState?.terminated?.finishedAt;
  if (!f) return cur;
  const t = fromTimestamp(f);
  return cur === undefined || t > cur ? t : cur;
}

/**
 * printPod (pkg/printers/internalversion/printers.go, 1.30): READY counts ready running
 * containers (plus started restartable init containers), STATUS is the phase overridden by
 * status.reason, then init container trouble (`Init:1/2`, `Init:CrashLoopBackOff`,
 * `Init:Error`, `Init:ExitCode:1`), then the last container's waiting/terminated reason
 * (`ContainerCreating`, `CrashLoopBackOff`, `Completed`, `Error`, `OOMKilled`), and finally
 * `Terminating` (or `Unknown` for pods on lost nodes). RESTARTS has `(40s ago)` since 1.22.
 */
export function podCells(pod: KubeObject, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase: string = status.phase ?? '';
  let reason: string = status.reason ? status.reason : phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, any>();
  for (const c of spec.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    lastRestart = later(lastRestart, cs);
    const restartable = isRestartableInit(initSpecs.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, cs);
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = later(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A Completed container next to one still running: the pod is still Running.
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsStr = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

export const podTable: KindPrinter = {
  columns: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideColumns: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  row(pod, now, wide) {
    const c = podCells(pod, now);
    const cells = [pod.metadata.name ?? '', c.ready, c.status, c.restarts, age(pod.metadata.creationTimestamp, now)];
    if (wide) {
      const status = pod.status ?? {};
      const ip: string = status.podIPs?.[0]?.ip || status.podIP || '<none>';
      const gates: any[] = pod.spec?.readinessGates ?? [];
      let gatesStr = '<none>';
      if (gates.length > 0) {
        let trueConds = 0;
        for (const g of gates) {
          const cond = (status.conditions ?? []).find((c: any) => c.type === g.conditionType);
          if (cond?.status === 'True') trueConds++;
        }
        gatesStr = `${trueConds}/${gates.length}`;
      }
      cells.push(ip, pod.spec?.nodeName || '<none>', status.nominatedNodeName || '<none>', gatesStr);
    }
    return cells;
  },
};
