/**
 * A filter/prefilter outcome as framework.Status carries it (pkg/scheduler/framework/interface.go).
 * `null` stands for Success in the hot paths. Codes that matter for us:
 * - Unschedulable: preemption might help (DefaultPreemption dry-runs the node);
 * - UnschedulableAndUnresolvable: it cannot ("Preemption is not helpful for scheduling").
 */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Status {
  readonly code: StatusCode;
  /** Status.Reasons(): each one is counted separately in the FailedScheduling message. */
  readonly reasons: readonly string[];
  /** The plugin that returned it (Diagnosis.UnschedulablePlugins, queueing hints). */
  readonly plugin: string;
}

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons, plugin };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons, plugin };
}
