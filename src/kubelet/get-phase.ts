/**
 * The pod phase from its container statuses: pkg/kubelet/kubelet_pods.go getPhase (1.30),
 * including restartable init containers (sidecars). `podIsTerminal` is true once the pod
 * worker has stopped every container for good (deleted or finished pods).
 */
export function getPhase(spec: any, initStatuses: any[], statuses: any[], podIsTerminal: boolean): string {
  const find = (list: any[], name: string) => list.find((s) => s.name === name);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  const inits: any[] = spec.initContainers ?? [];
  for (const c of inits) {
    if (c.restartPolicy === 'Always') continue;
    const s = find(initStatuses, c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state?.running) pendingInitialization++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of inits) {
    if (c.restartPolicy !== 'Always') continue;
    const s = find(initStatuses, c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state?.terminated) {
      // terminated sidecars do not count for the phase
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  let anyRegularStarted = false;
  for (const c of spec.containers ?? []) {
    const s = find(statuses, c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running || s.state?.terminated || s.lastState?.terminated) anyRegularStarted = true;
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInitialization > 0 && spec.restartPolicy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if ((spec.restartPolicy ?? 'Always') === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
