import type { KubeObject } from '../store/types.js';

/** What a failed pod means under the Job's podFailurePolicy (pkg/controller/job/pod_failure_policy.go). */
export interface PodFailureMatch {
  /** Set when a FailJob rule matched: the Job's failure message. */
  failJobMessage?: string;
  /** false when an Ignore rule matched: the failure counts neither in status.failed nor for back-off. */
  countFailed: boolean;
  action?: 'Ignore' | 'Count' | 'FailJob' | 'FailIndex';
}

function matchingContainer(statuses: any[] | undefined, req: any): any | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (req.containerName != null && req.containerName !== cs.name) continue;
    if (t.exitCode === 0) continue;
    const values: number[] = req.values ?? [];
    if (req.operator === 'In' ? values.includes(t.exitCode) : req.operator === 'NotIn' ? !values.includes(t.exitCode) : false) return cs;
  }
  return undefined;
}

/**
 * matchPodFailurePolicy: the first rule that matches a failed pod decides. onExitCodes looks at
 * terminated containers with a non-zero exit code (containers first, then init containers);
 * onPodConditions at the pod's conditions (type and status). Rules with an unknown action are
 * skipped. FailIndex (with backoffLimitPerIndex) marks the pod's index failed.
 */
export function matchPodFailurePolicy(policy: any, pod: KubeObject): PodFailureMatch {
  if (!policy) return { countFailed: true };
  const rules: any[] = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    let msg: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ?? matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!cs) continue;
      msg = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state.terminated.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      let cond: any;
      for (const c of pod.status?.conditions ?? []) {
        if ((rule.onPodConditions as any[]).some((p) => p.type === c.type && (p.status ?? 'True') === c.status)) {
          cond = c;
          break;
        }
      }
      if (!cond) continue;
      msg = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailJob':
        return { failJobMessage: msg, countFailed: true, action: 'FailJob' };
      case 'FailIndex':
        // JobBackoffLimitPerIndex (beta, on in 1.30): the index is marked failed.
        return { countFailed: true, action: 'FailIndex' };
      default:
        continue;
    }
  }
  return { countFailed: true };
}
