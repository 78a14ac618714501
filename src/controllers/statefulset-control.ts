import type { ClusterContext } from '../cluster/context.js';
import type { KubeObject } from '../store/types.js';
import { labelSelectorAsSelector } from '../api/selector.js';
import {
  createControllerRevision,
  findEqualRevisions,
  equalRevision,
  listControllerRevisions,
  nextRevision,
  sortControllerRevisions,
  updateControllerRevision,
} from './controller-history.js';
import { STATEFULSET_COMPONENT, type StatefulPodControl } from './statefulset-pod-control.js';
import {
  allowsBurst,
  applyRevision,
  getOrdinal,
  identityMatches,
  isCreated,
  isFailed,
  isHealthy,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  newStatefulSetRevision,
  newVersionedStatefulSetPod,
  podInOrdinalRange,
  podRevision,
  startOrdinal,
  endOrdinal,
  storageMatches,
} from './statefulset-utils.js';

/** The status the controller computes (apps/v1 StatefulSetStatus fields it owns). */
export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/**
 * defaultStatefulSetControl (pkg/controller/statefulset/stateful_set_control.go, 1.30):
 * UpdateStatefulSet = revisions, updateStatefulSet (processReplica / processCondemned /
 * rolling update), status, truncateHistory. Errors do not throw: the first one is returned
 * so the controller requeues with back-off, as the workqueue's rate limiter does.
 */
export class StatefulSetControl {
  constructor(
    private readonly ctx: ClusterContext,
    private readonly podControl: StatefulPodControl,
  ) {}

  private get now(): number {
    return this.ctx.engine.now;
  }

  /** UpdateStatefulSet: returns the status written (or computed) and the first error. */
  updateStatefulSet(set: KubeObject, pods: KubeObject[]): { status?: StatefulSetStatus; error?: Error } {
    const selector = labelSelectorAsSelector(set.spec?.selector);
    const revisions = sortControllerRevisions(listControllerRevisions(this.ctx.store, set, (l) => selector.matches(l)));
    const { current, update, collisionCount } = this.getStatefulSetRevisions(set, revisions);
    const { status, error } = this.update(set, current, update, collisionCount, pods);
    this.updateStatefulSetStatus(set, status);
    this.truncateHistory(set, pods, revisions, current, update);
    return { status, error };
  }

  /**
   * getStatefulSetRevisions: the update revision is the revision equal to the set's template
   * (the latest one if it is equal; an older equal one gets revision max+1, a rollback;
   * otherwise a new one is created); the current revision is status.currentRevision, or the
   * update revision when there is none.
   */
  getStatefulSetRevisions(set: KubeObject, revisions: KubeObject[]): { current: KubeObject; update: KubeObject; collisionCount: number } {
    let collisionCount = Number(set.status?.collisionCount ?? 0);
    let update = newStatefulSetRevision(set, nextRevision(revisions), collisionCount);
    const equal = findEqualRevisions(revisions, update);
    if (equal.length > 0 && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
      update = revisions[revisions.length - 1]!;
    } else if (equal.length > 0) {
      update = updateControllerRevision(this.ctx.store, equal[equal.length - 1]!, Number(update.revision), STATEFULSET_COMPONENT);
    } else {
      const r = createControllerRevision(this.ctx.store, set, update, collisionCount, STATEFULSET_COMPONENT);
      update = r.revision;
      collisionCount = r.collisionCount;
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  /** updateStatefulSet (the core loop). */
  private update(set: KubeObject, currentRevision: KubeObject, updateRevision: KubeObject, collisionCount: number, pods: KubeObject[]): { status: StatefulSetStatus; error?: Error } {
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const minReady = Number(set.spec?.minReadySeconds ?? 0);
    const status: StatefulSetStatus = {
      observedGeneration: Number(set.metadata.generation ?? 0),
      currentRevision: currentRevision.metadata.name!,
      updateRevision: updateRevision.metadata.name!,
      collisionCount,
      replicas: 0,
      readyReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      availableReplicas: 0,
    };
    const setStatus = (...lists: KubeObject[][]) => this.computeStatus(status, minReady, currentRevision, updateRevision, lists);
    setStatus(pods);

    const start = startOrdinal(set);
    const replicaCount = Number(set.spec?.replicas ?? 1);
    const replicas: KubeObject[] = new Array(replicaCount);
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    // Missing ordinals get a pod at the right revision (upstream builds every one each sync). The
    // model builds a name-only placeholder (no phase: not created, unhealthy, not counted) and the
    // full pod only when processReplica creates it: same decisions, linear instead of quadratic
    // work for an OrderedReady scale-up.
    for (let ord = start; ord <= endOrdinal(set); ord++) {
      if (!replicas[ord - start]) replicas[ord - start] = placeholder(set, ord);
    }
    // descendingOrdinal
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));

    let firstUnhealthyPod: KubeObject | undefined;
    for (const r of replicas) if (!isHealthy(r) && !firstUnhealthyPod) firstUnhealthyPod = r;
    for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]!) && !firstUnhealthyPod) firstUnhealthyPod = condemned[i];

    // A set being deleted only gets its status updated.
    if (set.metadata.deletionTimestamp) return { status };

    const monotonic = !allowsBurst(set);
    const exit = (error?: Error) => {
      setStatus(replicas, condemned);
      return { status, error };
    };

    // First, each living replica; in monotonic mode stop at the first that blocks.
    let r = this.runForAll(replicas, (i) => this.processReplica(set, currentRevision, updateRevision, currentSet, updateSet, monotonic, replicas, i), monotonic);
    if (r.exit || r.error) return exit(r.error);

    // Fix pod claims of condemned pods for the retention policy (StatefulSetAutoDeletePVC).
    r = this.runForAll(
      condemned,
      (i) => {
        if (!this.podControl.claimsMatchRetentionPolicy(updateSet, condemned[i]!)) {
          const err = this.podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]!);
          if (err) return { exit: true, error: err };
        }
        return { exit: false };
      },
      monotonic,
    );
    if (r.exit || r.error) return exit(r.error);

    // In monotonic mode every replica is now Running, Ready and available: consider
    // termination, highest ordinal first, one at a time.
    r = this.runForAll(condemned, (i) => this.processCondemned(set, firstUnhealthyPod, monotonic, condemned, i), monotonic);
    if (r.exit || r.error) return exit(r.error);

    setStatus(replicas, condemned);

    // OnDelete: pods are updated when they are deleted by hand.
    if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };

    // MaxUnavailableStatefulSet is alpha and off in 1.30 (pkg/features/kube_features.go), so
    // rollingUpdate.maxUnavailable is ignored: one pod at a time.
    const updateMin = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target]!;
      if (podRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
        const err = this.podControl.deleteStatefulPod(set, pod, 'update');
        if (err && (err as { reason?: string }).reason !== 'NotFound') return { status, error: err };
        status.currentReplicas--;
        return { status };
      }
      // Wait for unhealthy pods on update.
      if (!isHealthy(pod)) return { status };
    }
    return { status };
  }

  /**
   * runForAll: monotonic runs fn in order and stops at the first exit or error; otherwise
   * every index runs (slowStartBatch: 1, 2, 4, ... at a time, stopping after a batch with an
   * error; the model's writes are synchronous, so batches only matter for where errors stop).
   */
  private runForAll(pods: KubeObject[], fn: (i: number) => { exit: boolean; error?: Error }, monotonic: boolean): { exit: boolean; error?: Error } {
    if (monotonic) {
      for (let i = 0; i < pods.length; i++) {
        const r = fn(i);
        if (r.exit || r.error) return { exit: true, error: r.error };
      }
      return { exit: false };
    }
    let j = 0;
    let remaining = pods.length;
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining, 500)) {
      let error: Error | undefined;
      for (let k = 0; k < batch; k++, j++) {
        const r = fn(j);
        if (r.error && !error) error = r.error;
      }
      if (error) return { exit: true, error };
      remaining -= batch;
    }
    return { exit: false };
  }

  /** processReplica (1.30). */
  private processReplica(
    set: KubeObject,
    currentRevision: KubeObject,
    updateRevision: KubeObject,
    currentSet: KubeObject,
    updateSet: KubeObject,
    monotonic: boolean,
    replicas: KubeObject[],
    i: number,
  ): { exit: boolean; error?: Error } {
    const ns = set.metadata.namespace;
    const setName = set.metadata.name;
    // Delete and recreate pods which finished running (Succeeded too: an evicted or node-rebooted
    // pod's final phase follows its exit code). A terminal pod is deleted at once (grace 0), so
    // the new pod is created in the same sync.
    if (isFailed(replicas[i]!) || isSucceeded(replicas[i]!)) {
      if (isFailed(replicas[i]!)) this.ctx.events.record(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${ns}/${setName} is recreating failed Pod ${replicas[i]!.metadata.name}`, STATEFULSET_COMPONENT);
      else this.ctx.events.record(set, 'Normal', 'RecreatingTerminatedPod', `StatefulSet ${ns}/${setName} is recreating terminated Pod ${replicas[i]!.metadata.name}`, STATEFULSET_COMPONENT);
      const err = this.podControl.deleteStatefulPod(set, replicas[i]!, 'failed');
      if (err) return { exit: true, error: err };
      replicas[i] = newVersionedStatefulSetPod(currentSet, updateSet, currentRevision.metadata.name!, updateRevision.metadata.name!, i + startOrdinal(set));
    }
    if (!isCreated(replicas[i]!)) {
      if (replicas[i]!.metadata.annotations?.[PLACEHOLDER]) replicas[i] = newVersionedStatefulSetPod(currentSet, updateSet, currentRevision.metadata.name!, updateRevision.metadata.name!, i + startOrdinal(set));
      // A claim still owned by an earlier pod of this name (whenScaled=Delete) waits for the GC.
      if (this.podControl.podClaimIsStale(set, replicas[i]!)) return { exit: true };
      const err = this.podControl.createStatefulPod(set, replicas[i]!);
      if (err) return { exit: true, error: err };
      if (monotonic) return { exit: true };
      // Parallel: the new pod has no phase yet; nothing more to check this round.
      return { exit: false };
    }
    const pod = replicas[i]!;
    // createMissingPersistentVolumeClaims: a pending pod's missing claims, then their owner refs.
    if (isPending(pod)) {
      const err = this.podControl.createPersistentVolumeClaims(set, pod) ?? this.podControl.updatePodClaimForRetentionPolicy(set, pod);
      if (err) return { exit: true, error: err };
    }
    // Wait for graceful deletion, then Running and Ready, then available (monotonic only).
    if (isTerminating(pod) && monotonic) return { exit: true };
    if (!isRunningAndReady(pod) && monotonic) return { exit: true };
    if (!isRunningAndAvailable(pod, Number(set.spec?.minReadySeconds ?? 0), this.now) && monotonic) return { exit: true };
    // Enforce the identity, storage and retention invariants.
    const retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet, pod);
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return { exit: false };
    const err = this.podControl.updateStatefulPod(updateSet, pod);
    if (err) return { exit: true, error: err };
    return { exit: false };
  }

  /** processCondemned (1.30). */
  private processCondemned(set: KubeObject, firstUnhealthyPod: KubeObject | undefined, monotonic: boolean, condemned: KubeObject[], i: number): { exit: boolean; error?: Error } {
    const pod = condemned[i]!;
    if (isTerminating(pod)) return { exit: monotonic };
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthyPod) return { exit: true };
    if (!isRunningAndAvailable(pod, Number(set.spec?.minReadySeconds ?? 0), this.now) && monotonic && pod !== firstUnhealthyPod) return { exit: true };
    const err = this.podControl.deleteStatefulPod(set, pod, 'scale-down');
    if (err) return { exit: true, error: err };
    return { exit: monotonic };
  }

  /** computeReplicaStatus over each list, summed (updateStatus). */
  private computeStatus(status: StatefulSetStatus, minReady: number, currentRevision: KubeObject, updateRevision: KubeObject, lists: KubeObject[][]): void {
    status.replicas = status.readyReplicas = status.availableReplicas = status.currentReplicas = status.updatedReplicas = 0;
    for (const list of lists) {
      for (const pod of list) {
        if (!pod) continue;
        if (isCreated(pod)) status.replicas++;
        if (isRunningAndReady(pod)) {
          status.readyReplicas++;
          if (isRunningAndAvailable(pod, minReady, this.now)) status.availableReplicas++;
        }
        if (isCreated(pod) && !isTerminating(pod)) {
          const rev = podRevision(pod);
          if (rev === currentRevision.metadata.name) status.currentReplicas++;
          if (rev === updateRevision.metadata.name) status.updatedReplicas++;
        }
      }
    }
  }

  /**
   * updateStatefulSetStatus: completeRollingUpdate (all pods updated and ready: the update
   * revision becomes current), then write only when inconsistentStatus.
   */
  private updateStatefulSetStatus(set: KubeObject, status: StatefulSetStatus): void {
    if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    const s = set.status ?? {};
    const num = (v: unknown) => Number(v ?? 0);
    const inconsistent =
      status.observedGeneration > num(s.observedGeneration) ||
      status.replicas !== num(s.replicas) ||
      status.currentReplicas !== num(s.currentReplicas) ||
      status.readyReplicas !== num(s.readyReplicas) ||
      status.updatedReplicas !== num(s.updatedReplicas) ||
      status.currentRevision !== (s.currentRevision ?? '') ||
      status.availableReplicas !== num(s.availableReplicas) ||
      status.updateRevision !== (s.updateRevision ?? '');
    if (!inconsistent) return;
    const fresh = this.ctx.store.get('StatefulSet', set.metadata.namespace, set.metadata.name!);
    if (!fresh || fresh.metadata.uid !== set.metadata.uid) return;
    // The v1 JSON: readyReplicas, currentReplicas, updatedReplicas are omitempty; replicas and
    // availableReplicas are not; conditions are kept as they are.
    const out: Record<string, unknown> = { observedGeneration: status.observedGeneration, replicas: status.replicas };
    if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
    if (status.currentReplicas) out.currentReplicas = status.currentReplicas;
    if (status.updatedReplicas) out.updatedReplicas = status.updatedReplicas;
    if (status.currentRevision) out.currentRevision = status.currentRevision;
    if (status.updateRevision) out.updateRevision = status.updateRevision;
    out.collisionCount = status.collisionCount;
    out.availableReplicas = status.availableReplicas;
    if (fresh.status?.conditions) out.conditions = fresh.status.conditions;
    this.ctx.store.updateStatus({ ...fresh, status: out }, { actor: STATEFULSET_COMPONENT, origin: 'system' });
  }

  /**
   * truncateHistory: revisions not live (not current, not update, not any pod's) beyond
   * revisionHistoryLimit are deleted, oldest first.
   */
  private truncateHistory(set: KubeObject, pods: KubeObject[], revisions: KubeObject[], current: KubeObject, update: KubeObject): void {
    const live = new Set<string>([current.metadata.name!, update.metadata.name!]);
    for (const p of pods) live.add(podRevision(p));
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = Number(set.spec?.revisionHistoryLimit ?? 10);
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) {
      if (this.ctx.store.get('ControllerRevision', r.metadata.namespace, r.metadata.name!)) this.ctx.store.delete('ControllerRevision', r.metadata.namespace, r.metadata.name!, { actor: STATEFULSET_COMPONENT });
    }
  }
}

const PLACEHOLDER = 'kscenario.dev/placeholder';

/** A pod not created yet, as far as updateStatefulSet looks at it before processReplica: its name. */
function placeholder(set: KubeObject, ordinal: number): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${set.metadata.name}-${ordinal}`, namespace: set.metadata.namespace, annotations: { [PLACEHOLDER]: 'true' } } };
}
