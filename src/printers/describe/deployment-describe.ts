import { formatLabelSelector, labelSelectorAsSelector } from '../../api/selector.js';
import { byCreationTimestamp, findNewReplicaSet } from '../../controllers/deployment-util.js';
import { deploymentReplicaSets } from '../../controllers/deployment-rollback.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-format.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { describePodTemplate } from './pod-template.js';

/**
 * deploymentutil.GetAllReplicaSetsInChunks as describe uses it: the ReplicaSets in the namespace
 * matching the selector and controlled by the Deployment (deploymentReplicaSets), sorted by
 * creation time; the new one is FindNewReplicaSet's, the old ones are all the others (also
 * those scaled to 0).
 */
export function describedReplicaSets(store: StoreApi, d: KubeObject): { oldRSs: KubeObject[]; newRS: KubeObject | undefined } {
  let owned: KubeObject[];
  try {
    owned = deploymentReplicaSets(store, d).sort(byCreationTimestamp);
  } catch {
    return { oldRSs: [], newRS: undefined };
  }
  const newRS = findNewReplicaSet(d, owned);
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

function intstrString(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

/** printReplicaSetsByLabels: `name (current/desired replicas created)`, comma-joined, `<none>`. */
function replicaSetList(rss: KubeObject[]): string {
  const s = rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
  return s || '<none>';
}

/** describeDeployment (kubectl 1.30 describe.go), with its ReplicaSets and events. */
export function describeDeployment(store: StoreApi, d: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  let selector = '';
  try {
    selector = labelSelectorAsSelector(spec.selector).toString();
  } catch {
    selector = '<error>';
  }
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selector}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intstrString(ru.maxUnavailable)} max unavailable, ${intstrString(ru.maxSurge)} max surge\n`);
  describePodTemplate(spec.template, w, formatLabelSelector);
  const conds: any[] = st.conditions ?? [];
  if (conds.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  // describe.go DeploymentDescriber: both lines whenever listing succeeds (`<none>` when empty).
  const { oldRSs, newRS } = describedReplicaSets(store, d);
  w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`);
  w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
  describeEvents(searchEvents(store, d), w, now);
  return w.toString();
}
