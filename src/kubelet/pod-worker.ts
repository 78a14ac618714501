import { formatDuration } from '../api/duration.js';
import { computePodQOS } from '../api/qos.js';
import { quantityBytes } from '../api/quantity.js';
import { fromTimestamp, toTimestamp } from '../api/time.js';
import { DEFAULT_IMAGE } from '../cluster/cluster.js';
import type { ImageBehaviour } from '../cluster/context.js';
import type { KubeObject } from '../store/types.js';
import type { AgentServices } from './agent-services.js';
import { getPhase } from './get-phase.js';
import { podConditions } from './pod-status.js';
import { ProbeWorker, probeSpec, type Outcome, type ProbeResult, type ProbeType } from './prober.js';
import { hexId } from './node-status.js';
import { captureSubPaths } from './container-view.js';
import { EnvError, makeEnvironmentVariables, type ContainerEnv } from './env.js';
import { preStopDuration } from './prestop.js';
import { PodVolumes, type ProjectionInputs, type VolumeHost } from './volumes.js';
import { hasObjectReferences, objectCacheOf, type ObjectCache } from './object-cache.js';
import { containerFieldPath, formatPod, isLatestTag, normalizeImage, type ContainerInstance, type ContainerRecord } from './runtime.js';

type Step = { kind: 'start'; rec: ContainerRecord } | { kind: 'kill'; rec: ContainerRecord; message: string; grace: number };

const PROBE_TYPES: ProbeType[] = ['startup', 'liveness', 'readiness'];
/** The probe set of containers without probes (never written to). */
const NO_PROBES: NonNullable<ContainerRecord['probes']> = Object.freeze({});
const CAP: Record<ProbeType, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };
/** The pod worker requeues a sync that failed (back-off) after backOffPeriod = 10s (pod_workers.go). */
const SYNC_BACKOFF_PERIOD = 10_000;

/**
 * The kubelet's handling of one pod on its node: pod worker + SyncPod (kuberuntime_manager.go
 * computePodActions/SyncPod, simplified to the decisions that show in the API), the simulated
 * container runtime driven by the image behaviours, the probe workers, and status generation.
 * Work that takes time (image pulls, container stops) continues from engine timers; a sync that
 * arrives meanwhile runs after it, as the pod worker queues updates.
 */
export class PodWorker {
  pod: KubeObject;
  readonly uid: string;
  readonly key: string;
  /** Init containers then regular ones, in spec order (an exact-size list: retained for the pod's life). */
  readonly records: ContainerRecord[];
  /** Pending timers of this worker (created with the first one: most pods never need one). */
  private timers: Set<{ cancel(): void }> | undefined;
  podIP: string | undefined;
  private sandboxReady = false;
  private startTime: number | undefined;
  private initialized = false;
  private chain: Step[] | undefined;
  private chainIdx = 0;
  private pendingSync = false;
  private syncError = false;
  private resyncTimer: { cancel(): void } | undefined;
  private terminating = false;
  /** Every container stopped for good (finished, or deleted): phase is terminal. */
  terminal = false;
  /** Removed from the API or the node: no more writes. */
  gone = false;
  private qosClass: string | undefined;
  dirty = false;
  /** True while this worker's own status write is being committed (its watch event is not news). */
  private writing = false;

  constructor(
    private readonly svc: AgentServices,
    pod: KubeObject,
    key?: string,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? '';
    this.key = key ?? `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const now = svc.now();
    const spec = pod.spec ?? {};
    const inits: any[] | undefined = spec.initContainers;
    const containers: any[] | undefined = spec.containers;
    this.nInit = inits ? inits.length : 0;
    this.nRegular = containers ? containers.length : 0;
    this.records = new Array(this.nInit + this.nRegular);
    for (let i = 0; i < this.nInit; i++) this.records[i] = this.newRecord(inits![i], i, true, now);
    for (let i = 0; i < this.nRegular; i++) this.records[this.nInit + i] = this.newRecord(containers![i], i, false, now);
    this.hasInit = this.nInit > 0;
    if (!this.hasInit) this.initialized = true;
    if (spec.volumes?.length) this.volumes = new PodVolumes(pod, this.volumeHost());
    if (hasObjectReferences(pod)) {
      this.objects = objectCacheOf(svc, svc.ctx.store);
      this.objects.register(pod);
    }
  }

  /** The kubelet's ConfigMap/Secret manager, for pods that reference any (object-cache.ts). */
  private objects: ObjectCache | undefined;

  private getObject(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): KubeObject | undefined {
    return this.objects ? this.objects.get(kind, namespace, name) : this.svc.ctx.store.get(kind, namespace, name);
  }

  /** The pod's volumes (ConfigMap, Secret, downward API, projected files); undefined without volumes. */
  readonly volumes: PodVolumes | undefined;
  /** The periodic pod sync (syncFrequency + jitter), kept only for pods with refreshable volumes. */
  private periodicTimer: { cancel(): void } | undefined;

  private volumeHost(): VolumeHost {
    return {
      now: () => this.svc.now(),
      inputs: () => this.projectionInputs(),
      at: (t, action, fn) => this.at(t, action, fn),
      warn: (reason, message) => this.event('Warning', reason, message),
      resume: () => this.sync(),
      waitFailed: () => {
        if (this.gone || this.terminating || this.terminal) return;
        this.resyncTimer?.cancel();
        this.resyncTimer = this.at(this.svc.now() + SYNC_BACKOFF_PERIOD, 'resync', () => {
          this.resyncTimer = undefined;
          this.sync();
        });
      },
    };
  }

  private projectionInputs(): ProjectionInputs {
    return {
      store: this.svc.ctx.store,
      pod: this.pod,
      allocatable: this.svc.ctx.store.get('Node', undefined, this.svc.node)?.status?.allocatable,
      getObject: (kind, namespace, name) => this.getObject(kind, namespace, name),
    };
  }

  /**
   * pod_workers.go completeWork: after a successful sync the pod is requeued after
   * wait.Jitter(syncFrequency, 0.5) (1m plus up to 30s drawn from the pod's seeded stream), and
   * the kubelet's syncLoop picks it up on its next 1s syncTicker tick. Only pods with volumes
   * the sync refreshes keep this timer (it changes nothing else in the model).
   */
  private schedulePeriodicSync(): void {
    if (!this.volumes?.refreshable || this.gone || this.terminating || this.terminal) return;
    this.periodicTimer?.cancel();
    const now = this.svc.now();
    const freq = this.svc.ctx.settings.syncFrequency;
    const due = now + freq + Math.floor(this.svc.ctx.engine.rng(`pod-resync/${this.uid}`).next() * freq * 0.5);
    const base = this.svc.startedAt;
    const tick = base + Math.ceil((due - base) / 1000) * 1000;
    this.periodicTimer = this.at(tick, 'periodic-sync', () => {
      this.periodicTimer = undefined;
      this.sync();
    });
  }

  private newRecord(c: any, index: number, init: boolean, now: number): ContainerRecord {
    // Every field up front: one object shape, no property store growing later.
    const rec: ContainerRecord = {
      name: c.name,
      index,
      init,
      sidecar: init && c.restartPolicy === 'Always',
      spec: c,
      current: undefined,
      previous: undefined,
      waiting: undefined,
      memoryUsage: undefined,
      probes: undefined,
      overrides: undefined,
      specChanged: undefined,
      exitWaiter: undefined,
      normalizedImage: undefined,
      fieldPath: undefined,
      imageID: undefined,
      pullPolicy: undefined,
      waitingStateFor: undefined,
      waitingState: undefined,
      timers: [],
    };
    // prober_manager.go AddPod: workers for regular containers and restartable init containers.
    if (init && !rec.sidecar) return rec;
    if (!c.startupProbe && !c.livenessProbe && !c.readinessProbe) {
      rec.probes = NO_PROBES;
      return rec;
    }
    const set: NonNullable<ContainerRecord['probes']> = {};
    // In PROBE_TYPES order (startup, liveness, readiness): jitter draws happen in this order.
    if (c.startupProbe) set.startup = this.probeWorker('startup', c, c.startupProbe, now);
    if (c.livenessProbe) set.liveness = this.probeWorker('liveness', c, c.livenessProbe, now);
    if (c.readinessProbe) set.readiness = this.probeWorker('readiness', c, c.readinessProbe, now);
    rec.probes = set;
    return rec;
  }

  private probeWorker(t: ProbeType, c: any, p: any, now: number): ProbeWorker {
    const ps = probeSpec(p);
    return new ProbeWorker(t, c.name, ps, now + this.svc.probeJitter(ps.period), this);
  }

  private setExitWaiter(rec: ContainerRecord, fn: () => void): void {
    rec.exitWaiter = fn;
  }

  container(name: string): ContainerRecord | undefined {
    return this.records.find((r) => r.name === name);
  }

  // ---------------------------------------------------------------- events and timers

  private event(type: 'Normal' | 'Warning', reason: string, message: string, rec?: ContainerRecord): void {
    this.svc.ctx.events.record(this.pod, type, reason, message, 'kubelet', this.svc.node, rec ? (rec.fieldPath ??= containerFieldPath(rec)) : undefined);
  }

  private at(t: number, action: string, fn: () => void): { cancel(): void } {
    const timer = this.svc.ctx.engine.at(t, this.svc.component, action, this.key, () => {
      this.timers!.delete(handle);
      if (!this.gone) fn();
      // The status manager's write for this event, before other components' after-event checks.
      this.svc.flush();
    });
    const handle = {
      cancel: () => {
        timer.cancel();
        this.timers!.delete(handle);
      },
    };
    (this.timers ??= new Set()).add(handle);
    return handle;
  }

  private markDirty(): void {
    if (this.gone) return;
    if (!this.dirty) {
      this.dirty = true;
      this.svc.markDirty(this);
    }
  }

  // ---------------------------------------------------------------- API updates

  /** A newer version of the pod from the API (watch). */
  update(pod: KubeObject): void {
    const wasDeleting = !!this.pod.metadata.deletionTimestamp;
    const old = this.pod;
    this.pod = pod;
    // Someone else changed the status (the node lifecycle controller's MarkPodsNotReady, say):
    // the status manager puts the API back in line with its own view on its next sync
    // (pkg/kubelet/status/status_manager.go syncBatch / needsReconcile, every 10s).
    if (!this.writing && pod.status !== old.status && !this.terminal) this.svc.needsReconcile(this);
    if (!wasDeleting && pod.metadata.deletionTimestamp) return this.terminate();
    // A label or annotation change is a pod update: the kubelet syncs the pod at once
    // (HandlePodUpdates), which remounts its downward API volumes.
    if (this.volumes?.hasDownwardAPI && !this.terminal && (!sameStrings(old.metadata.labels, pod.metadata.labels) || !sameStrings(old.metadata.annotations, pod.metadata.annotations))) this.sync();
    // Pod spec is immutable but for container images (and tolerations, activeDeadlineSeconds):
    // a changed image changes the container's hash, so the kubelet restarts it
    // (computePodActions: "Container x definition changed").
    if (old.spec === pod.spec) return;
    let changed = false;
    for (const list of ['initContainers', 'containers'] as const) {
      for (const c of pod.spec?.[list] ?? []) {
        const rec = this.container(c.name);
        if (!rec || rec.spec.image === c.image) continue;
        rec.spec = c;
        rec.normalizedImage = undefined;
        rec.imageID = undefined;
        rec.pullPolicy = undefined;
        rec.specChanged = true;
        changed = true;
      }
    }
    if (changed && !this.terminal) this.sync();
  }

  // ---------------------------------------------------------------- sync

  /** syncPod: work out what to start or kill (computePodActions) and do it in order (SyncPod). */
  sync(): void {
    if (this.gone) return;
    if (this.pod.metadata.deletionTimestamp) return this.terminate();
    if (this.terminal || this.terminating) return;
    if (this.chain) {
      this.pendingSync = true;
      return;
    }
    if (this.resyncTimer) {
      this.resyncTimer.cancel();
      this.resyncTimer = undefined;
    }
    const now = this.svc.now();
    this.syncError = false;
    if (this.startTime === undefined) this.startTime = now;
    const deadline = this.pod.spec?.activeDeadlineSeconds;
    if (deadline !== undefined && !this.deadlineTimer) {
      // active_deadline.go: the pod may be active on the node this long after status.startTime.
      this.deadlineTimer = this.at(this.startTime + deadline * 1000, 'active-deadline', () => this.deadlineExceeded());
    }
    if (!this.podIP) {
      // hostNetwork pods take the node's IP (generateAPIPodStatus); others get one from the node's pod CIDR.
      this.podIP = this.pod.spec?.hostNetwork ? this.svc.hostIP : this.svc.allocIP();
      this.sandboxReady = true;
    }
    this.periodicTimer?.cancel();
    this.periodicTimer = undefined;
    // WaitForAttachAndMount: containers start once every volume is mounted (volumes.ts).
    if (this.volumes && !this.volumes.sync()) {
      this.markDirty();
      return;
    }
    const restartPolicy = this.pod.spec?.restartPolicy ?? 'Always';
    const steps: Step[] = [];
    if (!this.initialized) {
      let done = true;
      for (const rec of this.records) {
        if (!rec.init) continue;
        const inst = rec.current;
        if (rec.sidecar) {
          if (inst?.running) {
            if (inst.started) continue;
            done = false;
            break;
          }
          steps.push({ kind: 'start', rec });
          done = false;
          break;
        }
        if (inst && !inst.running && inst.exitCode === 0) continue;
        done = false;
        if (inst?.running) break;
        if (inst && !inst.running && restartPolicy === 'Never') {
          // computePodActions: init container failed and the pod must not restart: kill the pod.
          this.finish();
          return;
        }
        steps.push({ kind: 'start', rec });
        break;
      }
      if (done) this.initialized = true;
    }
    if (this.initialized) {
      for (const rec of this.records) if (rec.sidecar && !rec.current?.running) steps.push({ kind: 'start', rec });
      let keep = 0;
      let starting = 0;
      for (const rec of this.records) {
        if (rec.init) continue;
        const inst = rec.current;
        if (inst?.running) {
          if (inst.stopping) {
            keep++;
            continue;
          }
          const set = rec.probes!;
          let restart = restartPolicy !== 'Never';
          let message: string | undefined;
          let restartAnyway = false;
          if (rec.specChanged && !rec.init) {
            message = `Container ${rec.name} definition changed`;
            restartAnyway = true;
          } else if (set.liveness?.result === 'failure') message = `Container ${rec.name} failed liveness probe`;
          else if (set.startup?.result === 'failure') message = `Container ${rec.name} failed startup probe`;
          if (message === undefined) {
            keep++;
            continue;
          }
          if (restartAnyway) restart = true;
          const grace = (set.liveness?.spec.raw.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
          steps.push({ kind: 'kill', rec, message: restart ? `${message}, will be restarted` : message, grace });
          if (restart) {
            steps.push({ kind: 'start', rec });
            starting++;
          }
          continue;
        }
        if (this.shouldRestart(rec, restartPolicy)) {
          steps.push({ kind: 'start', rec });
          starting++;
        }
      }
      if (keep === 0 && starting === 0 && !steps.some((s) => s.kind === 'kill')) {
        this.finish();
        return;
      }
    }
    this.markDirty();
    this.chain = steps;
    this.chainIdx = 0;
    this.step();
  }

  /** kubecontainer.ShouldContainerBeRestarted. */
  private shouldRestart(rec: ContainerRecord, policy: string): boolean {
    const inst = rec.current;
    if (!inst) return true;
    if (inst.running) return false;
    if (policy === 'Never') return false;
    if (policy === 'OnFailure') return inst.exitCode !== 0;
    return true;
  }

  /** Run the queued steps in order; returns when one waits on the clock (a pull, a stop). */
  private step(): void {
    const chain = this.chain;
    while (chain && this.chain === chain && this.chainIdx < chain.length) {
      const s = chain[this.chainIdx++]!;
      if (s.kind === 'kill') {
        if (!s.rec.current?.running) continue;
        let sync = true;
        let done = false;
        this.setExitWaiter(s.rec, () => {
          done = true;
          if (!sync) this.step();
        });
        if (!s.rec.current.stopping) this.killContainer(s.rec, s.message, s.grace);
        sync = false;
        if (!done) return;
        continue;
      }
      const r = this.startContainer(s.rec);
      if (r === 'async') return;
      if (r === 'failed' && s.rec.init && !s.rec.sidecar) break;
    }
    if (this.chain !== chain) return;
    this.chain = undefined;
    this.markDirty();
    if (this.gone || this.terminating || this.terminal) return;
    if (this.syncError) {
      this.resyncTimer = this.at(this.svc.now() + SYNC_BACKOFF_PERIOD, 'resync', () => {
        this.resyncTimer = undefined;
        this.sync();
      });
    } else if (this.volumes) this.schedulePeriodicSync();
    if (this.pendingSync) {
      this.pendingSync = false;
      this.sync();
    }
  }

  /** The pod's stable back-off key (kuberuntime GetStableKey: pod, uid, container; the spec hash never changes here). */
  private backoffKey(rec: ContainerRecord): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace ?? 'default'}_${this.uid}_${rec.name}_${rec.spec.image}`;
  }

  /**
   * SyncPod's start(): doBackOff, EnsureImageExists, createContainer, startContainer.
   * 'async' when an image pull is under way (the chain continues when it ends).
   */
  private startContainer(rec: ContainerRecord): 'done' | 'failed' | 'async' {
    const now = this.svc.now();
    const prev = rec.current;
    if (prev && !prev.running) {
      const key = this.backoffKey(rec);
      const bo = this.svc.containerBackoff;
      if (bo.isInBackOffSince(key, prev.finishedAt!, now)) {
        const pod = formatPod(this.pod);
        this.event('Warning', 'BackOff', `Back-off restarting failed container ${rec.name} in pod ${pod}`, rec);
        rec.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${formatDuration(bo.get(key))} restarting failed container=${rec.name} pod=${pod}` };
        this.syncError = true;
        this.markDirty();
        return 'failed';
      }
      bo.next(key, prev.finishedAt!, now);
      this.svc.ctx.actions.emit({
        component: this.svc.component,
        action: 'restart-container',
        object: this.key,
        data: { uid: this.uid, container: rec.name, finishedAt: prev.finishedAt, delay: now - prev.finishedAt!, backoff: bo.get(key), restartCount: prev.attempt + 1, kubeletStart: this.svc.startedAt },
      });
    }
    const image: string = rec.spec.image ?? '';
    const beh = this.svc.ctx.images.lookup(image) ?? DEFAULT_IMAGE;
    const policy: string = (rec.pullPolicy ??= rec.spec.imagePullPolicy ?? (isLatestTag(image) ? 'Always' : 'IfNotPresent'));
    const norm = (rec.normalizedImage ??= normalizeImage(image));
    const present = this.svc.images.has(norm);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', msg, rec);
      rec.waiting = { reason: 'ErrImageNeverPull', message: msg };
      this.syncError = true;
      this.markDirty();
      return 'failed';
    }
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      this.event('Normal', 'Pulled', alreadyPresentMessage(image), rec);
      return this.createAndStart(rec, beh) ? 'done' : 'failed';
    }
    // image_manager.go EnsureImageExists: pull back-off per pod and image.
    const pullKey = `${this.uid}_${image}`;
    if (this.svc.imageBackoff.isInBackOffSinceUpdate(pullKey, now)) {
      const msg = `Back-off pulling image "${image}"`;
      this.event('Normal', 'BackOff', msg, rec);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', rec);
      rec.waiting = { reason: 'ImagePullBackOff', message: msg };
      this.syncError = true;
      this.markDirty();
      return 'failed';
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`, rec);
    // Serialized image pulls (serializeImagePulls defaults to true): one pull at a time per node.
    // A pull queued behind a successful pull of the same image finds its layers on disk when its
    // turn comes and takes no time (image_manager.go EnsureImageExists checks presence only at
    // the request; the runtime's PullImage of a present image only resolves the reference).
    const begin = Math.max(now, this.svc.pullFreeAt);
    const queuedEnd = beh.missing ? undefined : this.svc.pullEnds.get(norm);
    const duration = beh.missing || !(present || (queuedEnd !== undefined && queuedEnd <= begin)) ? beh.pull : 0;
    const end = begin + duration;
    this.svc.pullFreeAt = end;
    if (!beh.missing) this.svc.pullEnds.set(norm, end);
    const finish = (): boolean => {
      if (beh.missing) {
        const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${norm}": failed to resolve reference "${norm}": ${norm}: not found`;
        this.event('Warning', 'Failed', `Failed to pull image "${image}": ${err}`, rec);
        this.svc.imageBackoff.next(pullKey, end, end);
        this.event('Warning', 'Failed', 'Error: ErrImagePull', rec);
        rec.waiting = { reason: 'ErrImagePull', message: err };
        this.syncError = true;
        this.markDirty();
        return false;
      }
      this.svc.images.add(norm);
      const size = 1_000_000 + (parseInt(hexId(`size/${norm}`, 7), 16) % 200_000_000);
      this.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${formatDuration(duration)} (${formatDuration(end - now)} including waiting). Image size: ${size} bytes.`,
        rec,
      );
      return this.createAndStart(rec, beh);
    };
    if (end === now) return finish() ? 'done' : 'failed';
    const chain = this.chain;
    this.at(end, 'pulled', () => {
      if (this.chain !== chain || this.terminating) return;
      const ok = finish();
      if (!ok && rec.init && !rec.sidecar) this.chainIdx = chain!.length;
      this.step();
    });
    return 'async';
  }

  /**
   * generateContainerConfig (the environment: a missing ConfigMap/Secret reference is
   * CreateContainerConfigError with a `Failed` "Error: ..." event, and the sync retries after
   * its back-off) + createContainer + startContainer: Created/Started events, a new run with
   * restartCount + 1.
   */
  private createAndStart(rec: ContainerRecord, beh: ImageBehaviour): boolean {
    const now = this.svc.now();
    let env: ContainerEnv;
    try {
      env = makeEnvironmentVariables(this.pod, rec.spec, {
        store: this.svc.ctx.store,
        podIP: this.podIP ?? '',
        hostIP: this.svc.hostIP,
        nodeName: this.svc.node,
        allocatable: rec.spec.env?.length ? this.projectionInputs().allocatable : undefined,
        warn: (reason, message) => this.event('Warning', reason, message),
        getObject: (kind, namespace, name) => this.getObject(kind, namespace, name),
      });
    } catch (e) {
      if (!(e instanceof EnvError)) throw e;
      this.event('Warning', 'Failed', `Error: ${e.message}`, rec);
      rec.waiting = { reason: 'CreateContainerConfigError', message: e.message };
      this.syncError = true;
      this.markDirty();
      return false;
    }
    const msgs = containerMessages(rec.name);
    this.event('Normal', 'Created', msgs.created, rec);
    this.event('Normal', 'Started', msgs.started, rec);
    const prev = rec.current;
    if (prev) rec.previous = prev;
    const set = rec.probes;
    const inst: ContainerInstance = {
      id: this.svc.newContainerId(),
      attempt: prev ? prev.attempt + 1 : 0,
      startedAt: now,
      running: true,
      finishedAt: undefined,
      exitCode: undefined,
      reason: undefined,
      image: beh,
      started: !set?.startup,
      ready: false,
      stopping: undefined,
      healedAt: undefined,
      runningState: undefined,
      terminatedState: undefined,
      env,
      subPaths: rec.spec.volumeMounts?.length ? captureSubPaths(rec.spec, this.volumes, env) : undefined,
    };
    rec.current = inst;
    // The eviction manager resumes its loop when a container may use memory.
    this.svc.containerStarted?.(this);
    rec.waiting = undefined;
    rec.specChanged = false;
    rec.memoryUsage = undefined;
    if (rec.timers.length > 0) {
      for (const t of rec.timers) t.cancel();
      rec.timers = [];
    }
    if (beh.exit) {
      const { after, code } = beh.exit;
      rec.timers.push(this.at(now + after, 'container-exit', () => this.containerExited(rec, inst, code, code === 0 ? 'Completed' : 'Error')));
    }
    const limit = this.memoryLimit(rec);
    if (limit !== undefined && beh.memory > limit) {
      rec.timers.push(this.at(now + beh.start, 'oom-kill', () => this.containerExited(rec, inst, 137, 'OOMKilled')));
    }
    if (set) {
      for (const t of PROBE_TYPES) set[t]?.containerStarted(now);
      // prober_manager UpdatePodStatus triggers readiness at once while the container is not ready.
      if (inst.started) set.readiness?.probeNow(now);
    }
    // PLEG ContainerStarted: a started sidecar lets initialization go on in the next sync.
    if (rec.sidecar && inst.started && !this.initialized) this.pendingSync = true;
    this.markDirty();
    if (this.volumes?.refreshable) this.plegSync(now);
    return true;
  }

  private plegTimer: { cancel(): void } | undefined;

  /**
   * PLEG (generic.go, relist every 1s from kubelet start) reports ContainerStarted at its next
   * relist and the kubelet syncs the pod (HandlePodSyncs), which also restarts the periodic
   * resync. Modelled only for pods whose syncs show (refreshable volumes).
   */
  private plegSync(now: number): void {
    if (this.plegTimer) return;
    const base = this.svc.startedAt;
    const t = base + (Math.floor((now - base) / 1000) + 1) * 1000;
    this.plegTimer = this.at(t, 'pleg-sync', () => {
      this.plegTimer = undefined;
      this.sync();
    });
  }

  private memoryLimit(rec: ContainerRecord): number | undefined {
    const l = rec.spec.resources?.limits?.memory;
    return l === undefined ? undefined : quantityBytes(l);
  }

  /** A run ended (its own exit, OOM, a kill, `crash`). PLEG notices and the pod syncs. */
  containerExited(rec: ContainerRecord, inst: ContainerInstance, code: number, reason: string): void {
    if (!inst.running || rec.current !== inst) return;
    const now = this.svc.now();
    inst.running = false;
    inst.stopping = false;
    inst.finishedAt = now;
    inst.exitCode = code;
    inst.reason = reason;
    for (const t of rec.timers) t.cancel();
    rec.timers = [];
    const set = rec.probes;
    if (set) for (const t of PROBE_TYPES) set[t]?.containerStopped(now);
    this.markDirty();
    const waiter = rec.exitWaiter;
    if (waiter) {
      rec.exitWaiter = undefined;
      waiter();
      return;
    }
    if (this.terminating) return;
    this.sync();
  }

  /**
   * killContainer (kuberuntime_container.go): Killing event, the preStop hook (a `sleep` action
   * or an exec hook running `sleep` takes that long, see prestop.ts; httpGet is instant),
   * waited for at most the grace period and counted against it, SIGTERM, SIGKILL
   * when the rest of the grace period (at least minimumGracePeriodInSeconds = 2s) runs out.
   * The process exits `stop` after SIGTERM: code 0 then, 137 when killed.
   */
  private killContainer(rec: ContainerRecord, message: string, grace: number, override?: number): void {
    const inst = rec.current!;
    const now = this.svc.now();
    this.event('Normal', 'Killing', message, rec);
    inst.stopping = true;
    const set = rec.probes;
    if (set) for (const t of PROBE_TYPES) set[t]?.containerStopped(now);
    let hook = 0;
    // prestop.ts: sleep actions and exec hooks running `sleep` take their time; httpGet is instant.
    const hookTime = preStopDuration(rec.spec.lifecycle?.preStop);
    if (hookTime !== undefined && grace > 0) hook = Math.min(hookTime, grace);
    // A grace period override (eviction) replaces the result after the 2s minimum is applied.
    const remaining = override ?? Math.max(grace - Math.floor(hook / 1000) * 1000, 2000);
    const stop = inst.image.stop;
    const graceful = stop < remaining;
    const exitAt = now + hook + Math.min(stop, remaining);
    for (const t of rec.timers) t.cancel();
    rec.timers = [];
    const exit = () => this.containerExited(rec, inst, graceful ? 0 : 137, graceful ? 'Completed' : 'Error');
    if (exitAt === now) exit();
    else rec.timers.push(this.at(exitAt, 'container-stopped', exit));
  }

  /** Every regular container is done and none restarts: stop sidecars, the pod is finished. */
  private deadlineTimer: { cancel(): void } | undefined;
  private failure: { reason: string; message: string } | undefined;

  /** activeDeadlineSeconds passed: the pod is Failed (DeadlineExceeded) and its containers are stopped. */
  private deadlineExceeded(): void {
    if (this.terminal || this.terminating || this.pod.metadata.deletionTimestamp) return;
    const message = 'Pod was active on the node longer than the specified deadline';
    this.event('Normal', 'DeadlineExceeded', message);
    this.failure = { reason: 'DeadlineExceeded', message };
    this.chain = undefined;
    if (this.resyncTimer) {
      this.resyncTimer.cancel();
      this.resyncTimer = undefined;
    }
    this.finish();
  }

  /** Set by evict(): the eviction manager's status function applies once every container stopped. */
  private evicted: string | undefined;
  /** Called once when every container of the pod has stopped (the eviction manager waits for it). */
  whenTerminal: (() => void) | undefined;

  private notifyTerminal(): void {
    const fn = this.whenTerminal;
    this.whenTerminal = undefined;
    fn?.();
  }

  /**
   * Eviction by the kubelet's eviction manager (eviction_manager.go evictPod → killPodNow with a
   * grace period override and a status function): the containers get `graceMs` (1s for hard
   * thresholds); the status function sets Failed / Evicted / message and the DisruptionTarget
   * condition (TerminationByKubelet). The status manager writes the terminal phase only once no
   * container can run any more (status_manager.go mergePodStatus), so the API sees them then.
   * A pod already terminating keeps its own kill; it gets the status function only.
   */
  evict(message: string, graceMs: number): void {
    if (this.gone || this.terminal) return;
    this.evicted = message;
    this.failure = { reason: 'Evicted', message };
    if (this.terminating) return;
    this.chain = undefined;
    if (this.resyncTimer) {
      this.resyncTimer.cancel();
      this.resyncTimer = undefined;
    }
    this.finish(graceMs);
  }

  private finish(override?: number): void {
    const now = this.svc.now();
    this.deadlineTimer?.cancel();
    const grace = (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const running = this.records.filter((r) => r.current?.running);
    for (const r of this.records) if (r.probes) for (const t of PROBE_TYPES) r.probes[t]?.stop(now);
    if (running.length === 0) {
      this.terminal = true;
      this.svc.releaseIP(this.podIP);
      this.sandboxReady = false;
      this.markDirty();
      this.notifyTerminal();
      return;
    }
    this.terminating = true;
    let left = running.length;
    for (const rec of running) {
      this.setExitWaiter(rec, () => {
        if (--left === 0) {
          this.terminating = false;
          this.terminal = true;
          this.svc.releaseIP(this.podIP);
          this.sandboxReady = false;
          this.markDirty();
          this.notifyTerminal();
        }
      });
      if (!rec.current!.stopping) this.killContainer(rec, `Stopping container ${rec.name}`, grace, override);
    }
  }

  // ---------------------------------------------------------------- termination

  /** The pod has a deletionTimestamp: stop every container within the grace period, then confirm the deletion. */
  terminate(): void {
    if (this.gone || this.terminating && this.pod.metadata.deletionTimestamp && this.confirmPending) return;
    this.confirmPending = true;
    this.terminating = true;
    this.chain = undefined;
    if (this.resyncTimer) {
      this.resyncTimer.cancel();
      this.resyncTimer = undefined;
    }
    const now = this.svc.now();
    for (const r of this.records) if (r.probes) for (const t of PROBE_TYPES) r.probes[t]?.stop(now);
    const graceS = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const running = this.records.filter((r) => r.current?.running);
    if (running.length === 0) return this.confirmDeletion();
    let left = running.length;
    for (const rec of running) {
      this.setExitWaiter(rec, () => {
        if (--left === 0) this.confirmDeletion();
      });
      if (!rec.current!.stopping) this.killContainer(rec, `Stopping container ${rec.name}`, graceS * 1000);
    }
  }
  private confirmPending = false;

  /** status_manager.go: once the containers are gone, write the terminal status and delete with grace 0. */
  private confirmDeletion(): void {
    this.terminal = true;
    this.notifyTerminal();
    this.sandboxReady = false;
    this.flush();
    this.svc.releaseIP(this.podIP);
    this.halt();
    const m = this.pod.metadata;
    try {
      this.svc.ctx.store.delete('Pod', m.namespace, m.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid }, actor: this.svc.component });
    } catch {
      // already gone
    }
  }

  /** Stop every timer and probe; no more writes (pod gone, or the node died). */
  halt(): void {
    if (!this.gone && this.objects) this.objects.unregister(this.pod);
    this.gone = true;
    if (this.timers) {
      for (const t of this.timers) t.cancel();
      this.timers.clear();
    }
    for (const rec of this.records) {
      if (rec.timers.length === 0) continue;
      for (const t of rec.timers) t.cancel();
      rec.timers = [];
    }
    const now = this.svc.now();
    for (const r of this.records) if (r.probes) for (const t of PROBE_TYPES) r.probes[t]?.stop(now);
  }

  // ---------------------------------------------------------------- faults (steps)

  /** `crash`: the container's process exits now with `code`. */
  crash(name: string, code: number): boolean {
    const rec = this.container(name);
    const inst = rec?.current;
    if (!rec || !inst?.running) return false;
    this.containerExited(rec, inst, code, code === 0 ? 'Completed' : 'Error');
    return true;
  }

  /** `failProbe`: the probe (all probes when undefined) of a container fails from now until `until`. */
  failProbe(name: string, probe: ProbeType | undefined, until: number | undefined): boolean {
    const rec = this.container(name);
    if (!rec) return false;
    const now = this.svc.now();
    const set = rec.probes ?? {};
    const types = probe ? [probe] : PROBE_TYPES;
    for (const t of types) set[t]?.interrupt(now);
    const ov = (rec.overrides ??= {});
    for (const t of types) ov[t] = { from: now, until };
    // The override's end is a breakpoint of the outcome, so the workers' scans already account for it.
    for (const t of types) set[t]?.reschedule(now);
    return true;
  }

  /** `healProbe`: overrides end and the probes pass from now on for the current run. */
  healProbe(name: string, probe: ProbeType | undefined): boolean {
    const rec = this.container(name);
    if (!rec) return false;
    const now = this.svc.now();
    const set = rec.probes ?? {};
    const types = probe ? [probe] : PROBE_TYPES;
    for (const t of PROBE_TYPES) set[t]?.interrupt(now);
    const ov = rec.overrides;
    if (ov) for (const t of types) delete ov[t];
    if (rec.current?.running) rec.current.healedAt = now;
    for (const t of PROBE_TYPES) set[t]?.reschedule(now);
    return true;
  }

  /** `setUsage`: the container's working set from now on; above its memory limit it is OOM-killed. */
  setUsage(name: string, memory: number | undefined): boolean {
    const rec = this.container(name);
    const inst = rec?.current;
    if (!rec || !inst?.running) return false;
    rec.memoryUsage = memory;
    const limit = this.memoryLimit(rec);
    if (memory !== undefined && limit !== undefined && memory > limit) this.containerExited(rec, inst, 137, 'OOMKilled');
    return true;
  }

  /** Working set of a running container (for eviction): setUsage value or the image's memory. */
  memoryUsage(name: string): number {
    const rec = this.container(name);
    if (!rec?.current?.running) return 0;
    return rec.memoryUsage ?? rec.current.image.memory;
  }

  // ---------------------------------------------------------------- probes

  // ---- ProbeHost (the worker is its own probe host: no closures per pod)

  schedule(at: number, type: ProbeType, fn: () => void): { cancel(): void } {
    return this.at(at, `probe-${type}`, fn);
  }

  outcome(w: ProbeWorker, t: number): Outcome {
    const rec = this.container(w.container)!;
    const inst = rec.current;
    if (!inst?.running || inst.stopping) return 'skip';
    if (t - inst.startedAt < w.spec.initialDelay) return 'skip';
    const started = this.isStarted(rec);
    if (w.type === 'startup' ? started : !started) return 'skip';
    return this.probePasses(rec, inst, w.type, t) ? 'success' : 'failure';
  }

  nextBreakpoint(w: ProbeWorker, t: number): number | undefined {
    const rec = this.container(w.container)!;
    const inst = rec.current;
    if (!inst) return undefined;
    const T0 = inst.startedAt;
    const b = inst.image;
    let best: number | undefined;
    const consider = (x: number | undefined) => {
      if (x !== undefined && x > t && (best === undefined || x < best)) best = x;
    };
    consider(T0 + w.spec.initialDelay);
    consider(T0 + b.start);
    if (w.type !== 'liveness') consider(T0 + b.readyAfter);
    if (b.healthyFor !== undefined) consider(T0 + b.healthyFor);
    const ov = rec.overrides?.[w.type];
    if (ov) {
      consider(ov.from);
      consider(ov.until);
    }
    consider(inst.healedAt);
    return best;
  }

  failed(w: ProbeWorker, t: number): void {
    const rec = this.container(w.container)!;
    this.event('Warning', 'Unhealthy', `${CAP[w.type]} probe failed: ${this.probeOutput(rec, w, t)}`, rec);
  }

  resultChanged(w: ProbeWorker, r: ProbeResult): void {
    const rec = this.container(w.container)!;
    const now = this.svc.now();
    if (w.type === 'startup' && r === 'success') {
      if (rec.current) rec.current.started = true;
      const set = rec.probes!;
      set.liveness?.reschedule(now);
      set.readiness?.reschedule(now);
      set.readiness?.probeNow(now);
      this.markDirty();
      if (rec.sidecar) this.sync();
      return;
    }
    if (w.type === 'readiness') {
      this.markDirty();
      // handleProbeSync: a readiness change syncs the pod (it shows only through refreshable volumes).
      if (this.volumes?.refreshable) this.sync();
      return;
    }
    if (r === 'failure') this.sync();
  }

  private isStarted(rec: ContainerRecord): boolean {
    const inst = rec.current;
    if (!inst?.running) return false;
    const s = rec.probes?.startup;
    return s ? s.result === 'success' : true;
  }

  /** Whether a probe passes at `t`: overrides first, then the image behaviour. */
  private probePasses(rec: ContainerRecord, inst: ContainerInstance, type: ProbeType, t: number): boolean {
    const ov = rec.overrides?.[type];
    if (ov && t >= ov.from && (ov.until === undefined || t < ov.until)) return false;
    const healed = inst.healedAt;
    if (healed !== undefined && t >= healed) return true;
    const b = inst.image;
    const T0 = inst.startedAt;
    if (t < T0 + b.start) return false;
    if (type !== 'liveness' && t < T0 + b.readyAfter) return false;
    if (b.healthyFor !== undefined && t >= T0 + b.healthyFor) return false;
    return true;
  }

  /** What the prober reports for a failed probe (pkg/probe: http, tcp, exec, grpc). */
  private probeOutput(rec: ContainerRecord, w: ProbeWorker, t: number): string {
    const p = w.spec.raw;
    const inst = rec.current!;
    const serving = t >= inst.startedAt + inst.image.start;
    const ip = this.podIP ?? '';
    const port = (v: any) => {
      if (typeof v === 'number') return v;
      const named = (rec.spec.ports ?? []).find((x: any) => x.name === v);
      return named?.containerPort ?? v;
    };
    if (p.httpGet) {
      const host = p.httpGet.host ?? ip;
      const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
      const pt = port(p.httpGet.port);
      if (!serving) return `Get "${scheme}://${host}:${pt}${p.httpGet.path ?? '/'}": dial tcp ${host}:${pt}: connect: connection refused`;
      return 'HTTP probe failed with statuscode: 500';
    }
    if (p.tcpSocket) {
      const host = p.tcpSocket.host ?? ip;
      return `dial tcp ${host}:${port(p.tcpSocket.port)}: connect: connection refused`;
    }
    if (p.grpc) {
      if (!serving) return `timeout: failed to connect service "${ip}:${p.grpc.port}" within 1s`;
      return 'service unhealthy (responded with "NOT_SERVING")';
    }
    return '';
  }

  // ---------------------------------------------------------------- status

  /** Write the status if it changed (the status manager, once per engine event). */
  flush(): void {
    this.dirty = false;
    if (this.gone) return;
    // The store drops writes that change nothing (no resourceVersion bump, no watch event).
    const status = this.generateStatus();
    // generateStatus returns the API's own status object when nothing changed: the store would
    // drop the write (this.pod is the API's current version: watch events arrive synchronously).
    if (status === this.pod.status) return;
    const m = this.pod.metadata;
    this.writing = true;
    try {
      const updated = this.svc.ctx.store.updateStatus(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: m.name, namespace: m.namespace, uid: m.uid }, status },
        { actor: this.svc.component, origin: 'system' },
      );
      if (updated) {
        this.pod = updated;
        if (updated.status === status) this.lastStatus = status;
      }
    } catch {
      // the pod is gone from the API
    } finally {
      this.writing = false;
    }
  }

  /** The status manager's periodic reconcile: rewrite the status if the API's differs. */
  reconcileStatus(): void {
    if (!this.gone) this.markDirty();
  }

  /**
   * generateAPIPodStatus + convertToAPIContainerStatuses for the current model. Parts that did not
   * change since the status this worker last wrote are that status's own objects (the status
   * itself when nothing changed), so an unchanged status costs no allocation and no write.
   */
  generateStatus(): any {
    const now = this.svc.now();
    const spec = this.pod.spec ?? {};
    const hasInit = this.hasInit;
    const old = this.pod.status ?? {};
    // Sub-objects of `old` are reused only when `old` is exactly what this worker wrote last.
    const ours = old === this.lastStatus;
    const oldInit: any[] | undefined = ours ? old.initContainerStatuses : undefined;
    const oldRegular: any[] | undefined = ours ? old.containerStatuses : undefined;
    // Exact-size lists (they are retained in the stored status).
    const records = this.records;
    const nInit = this.nInit;
    let initStatuses: any[] = nInit > 0 ? new Array(nInit) : NO_STATUSES;
    for (let i = 0; i < nInit; i++) initStatuses[i] = this.containerStatus(records[i]!, hasInit, oldInit?.[i]);
    let statuses: any[];
    if (this.nRegular === 1) statuses = [this.containerStatus(records[nInit]!, hasInit, oldRegular?.[0])];
    else {
      statuses = new Array(this.nRegular);
      for (let i = 0; i < this.nRegular; i++) statuses[i] = this.containerStatus(records[nInit + i]!, hasInit, oldRegular?.[i]);
    }
    if (oldInit && sameItems(oldInit, initStatuses)) initStatuses = oldInit;
    if (oldRegular && sameItems(oldRegular, statuses)) statuses = oldRegular;
    const failure = this.evicted === undefined || this.terminal ? this.failure : undefined;
    let phase = failure ? 'Failed' : getPhase(spec, initStatuses, statuses, this.terminal);
    if (phase !== 'Failed' && phase !== 'Succeeded' && (old.phase === 'Failed' || old.phase === 'Succeeded')) phase = old.phase;
    let conditions = podConditions(spec, old.conditions, this.sandboxReady, initStatuses, statuses, phase, now);
    if (this.evicted !== undefined && this.terminal) conditions = withDisruptionTarget(conditions, old.conditions, this.evicted, now);
    const hostIP = this.svc.hostIP;
    const hostIPs = this.svc.hostIPs;
    const podIP = this.podIP || undefined;
    let podIPs: any[] | undefined;
    if (podIP) {
      if (this.podIPsFor !== podIP) {
        this.podIPsFor = podIP;
        this.podIPs = [{ ip: podIP }];
      }
      podIPs = this.podIPs;
    }
    let startTime: string | undefined;
    if (this.startTime !== undefined) {
      if (this.startTimeFor !== this.startTime) {
        this.startTimeFor = this.startTime;
        this.startTimeText = toTimestamp(this.startTime);
      }
      startTime = this.startTimeText;
    }
    // v1qos.GetPodQOS (pkg/apis/core/v1/helper/qos/qos.go): the class persisted in status.qosClass
    // (set by the API server at create; pod resources are immutable in 1.30), else computed.
    const qosClass = (this.qosClass ??= old.qosClass || computePodQOS(this.pod as any));
    let reason: string | undefined;
    let message: string | undefined;
    if (failure) {
      reason = failure.reason;
      message = failure.message;
    } else {
      if (old.phase === phase && old.reason) reason = old.reason;
      if (old.phase === phase && old.message) message = old.message;
    }
    const nominated: string | undefined = old.nominatedNodeName || undefined;
    if (
      ours &&
      old.phase === phase &&
      old.conditions === conditions &&
      old.hostIP === hostIP &&
      old.hostIPs === hostIPs &&
      old.podIP === podIP &&
      old.podIPs === podIPs &&
      old.startTime === startTime &&
      old.initContainerStatuses === (initStatuses.length ? initStatuses : undefined) &&
      old.containerStatuses === statuses &&
      old.qosClass === qosClass &&
      old.reason === reason &&
      old.message === message
    ) {
      return old;
    }
    const status: any = { phase, conditions, hostIP, hostIPs };
    if (podIP) {
      status.podIP = podIP;
      status.podIPs = podIPs;
    }
    if (startTime !== undefined) status.startTime = startTime;
    if (initStatuses.length) status.initContainerStatuses = initStatuses;
    status.containerStatuses = statuses;
    status.qosClass = qosClass;
    if (reason !== undefined) status.reason = reason;
    if (message !== undefined) status.message = message;
    if (nominated !== undefined) status.nominatedNodeName = nominated;
    return status;
  }
  private hasInit: boolean;
  private nInit: number;
  private nRegular: number;
  /** The status object this worker last wrote (the API's, as long as nobody else changed it). */
  private lastStatus: any;
  private podIPsFor: string | undefined;
  private podIPs: any[] | undefined;
  private startTimeFor: number | undefined;
  private startTimeText = '';

  /** One container's API status; `prev` (this worker's previous one for it) when nothing changed. */
  private containerStatus(rec: ContainerRecord, hasInit: boolean, prev: any): any {
    const inst = rec.current;
    const image = (rec.normalizedImage ??= normalizeImage(rec.spec.image ?? ''));
    let imageID = '';
    let state: any;
    let lastState: any = NO_STATE;
    let ready = false;
    let started = false;
    if (!inst) {
      const w = rec.waiting;
      if (!w) state = hasInit ? WAITING_PODINITIALIZING : WAITING_CONTAINERCREATING;
      else {
        if (rec.waitingStateFor !== w) {
          rec.waitingStateFor = w;
          const copy: any = { ...w };
          if (w.message === undefined) delete copy.message;
          rec.waitingState = { waiting: copy };
        }
        state = rec.waitingState;
      }
    } else {
      imageID = (rec.imageID ??= this.svc.imageID(rec.spec.image ?? ''));
      if (inst.running) {
        state = inst.runningState ??= { running: { startedAt: timestamp(inst.startedAt) } };
        if (rec.previous) lastState = terminatedState(rec.previous);
        started = this.isStarted(rec);
        const rw = rec.probes?.readiness;
        ready = rec.init && !rec.sidecar ? false : started && (rw ? rw.result === 'success' : true);
      } else if (rec.waiting && !this.terminal && this.willRestart(rec)) {
        // Exited. Restarting (a start failure reason is cached): Waiting with lastState = this run.
        state = { waiting: { ...rec.waiting } };
        lastState = terminatedState(inst);
      } else {
        state = terminatedState(inst);
        if (rec.previous) lastState = terminatedState(rec.previous);
        // A regular init container that completed counts as ready (status/generate.go isInitContainerInitialized).
        if (rec.init && !rec.sidecar && inst.exitCode === 0) ready = true;
      }
    }
    const restartCount = inst?.attempt ?? 0;
    const containerID = inst?.id;
    if (
      prev !== undefined &&
      prev.name === rec.name &&
      prev.state === state &&
      prev.lastState === lastState &&
      prev.ready === ready &&
      prev.restartCount === restartCount &&
      prev.image === image &&
      prev.imageID === imageID &&
      prev.started === started &&
      prev.containerID === containerID
    ) {
      return prev;
    }
    const s: any = { name: rec.name, state, lastState, ready, restartCount, image, imageID, started };
    if (inst) s.containerID = containerID;
    return s;
  }

  private willRestart(rec: ContainerRecord): boolean {
    if (rec.sidecar) return true;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    if (rec.init) return policy !== 'Never';
    return this.shouldRestart(rec, policy);
  }

  // ---------------------------------------------------------------- node restart

  /**
   * The kubelet came back after the machine died: rebuild what the runtime still knows from the
   * last status the API holds. Runs that were going when the machine died ended then
   * (exit 255, reason Unknown, as containerd reports them after a reboot); the next sync creates
   * a new sandbox and restarts them (restartCount + 1), init containers first.
   */
  recoverFrom(status: any, diedAt: number): void {
    if (!status) return;
    const byName = new Map<string, any>();
    for (const s of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) byName.set(s.name, s);
    let hadSandbox = false;
    for (const rec of this.records) {
      const s = byName.get(rec.name);
      if (!s) continue;
      const beh = this.svc.ctx.images.lookup(rec.spec.image ?? '') ?? DEFAULT_IMAGE;
      const mk = (t: any, attempt: number): ContainerInstance => ({
        id: t.containerID ?? s.containerID ?? '',
        attempt,
        startedAt: fromTimestamp(t.startedAt),
        running: false,
        finishedAt: t.finishedAt ? fromTimestamp(t.finishedAt) : diedAt,
        exitCode: t.exitCode,
        reason: t.reason,
        image: beh,
        started: false,
        ready: false,
      });
      if (s.state?.running) {
        hadSandbox = true;
        rec.current = { ...mk({ startedAt: s.state.running.startedAt, containerID: s.containerID }, s.restartCount ?? 0), finishedAt: diedAt, exitCode: 255, reason: 'Unknown' };
      } else if (s.state?.terminated) {
        rec.current = mk(s.state.terminated, s.restartCount ?? 0);
      } else if (s.lastState?.terminated) {
        rec.current = mk(s.lastState.terminated, s.restartCount ?? 0);
      }
      if (rec.current && s.lastState?.terminated && rec.current.id !== s.lastState.terminated.containerID) rec.previous = mk(s.lastState.terminated, Math.max(0, (s.restartCount ?? 1) - 1));
    }
    if (status.startTime) this.startTime = fromTimestamp(status.startTime);
    if (hadSandbox || status.podIP) {
      this.event('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      // A new sandbox runs the init containers again (computePodActions with createPodSandbox).
      const regularRan = this.records.some((r) => !r.init && r.current);
      const policy = this.pod.spec?.restartPolicy ?? 'Always';
      if (policy === 'Never' && regularRan) {
        // Never: no new sandbox; the lost runs are final.
        this.terminal = true;
        this.markDirty();
        return;
      }
      if ((this.pod.spec?.initContainers ?? []).length > 0) this.initialized = false;
      for (const rec of this.records) {
        if (rec.init && !rec.sidecar && rec.current?.exitCode === 0) {
          // Purged: it runs again, as attempt n+1.
          rec.current = { ...rec.current, exitCode: 255, reason: 'Unknown', terminatedState: undefined };
        }
      }
    }
  }
}

/**
 * status_manager.go mergePodStatus: the DisruptionTarget condition of an eviction goes out with
 * the terminal phase, appended after the kubelet's own conditions (ReplaceOrAppendPodCondition),
 * lastTransitionTime = that write. Once written it stays where it is.
 */
function withDisruptionTarget(conditions: any[], old: any[] | undefined, message: string, now: number): any[] {
  const prev = old?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'TerminationByKubelet');
  const c = prev ?? { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(now), reason: 'TerminationByKubelet', message };
  const out = conditions.filter((x) => x.type !== 'DisruptionTarget');
  out.push(c);
  if (old && old.length === out.length && out.every((x, i) => x === old[i])) return old;
  return out;
}

/** The (never written) empty list of init container statuses of pods without init containers. */
const NO_STATUSES: any[] = [];

/** `lastState: {}` and the waiting states without a cached reason: shared (store objects are immutable). */
const NO_STATE = {};
const WAITING_CONTAINERCREATING = { waiting: { reason: 'ContainerCreating' } };
const WAITING_PODINITIALIZING = { waiting: { reason: 'PodInitializing' } };

/** `{terminated: {...}}` of a finished run, built once per run (a finished run does not change). */
function terminatedState(i: ContainerInstance): any {
  return (i.terminatedState ??= {
    terminated: {
      exitCode: i.exitCode,
      reason: i.reason,
      startedAt: timestamp(i.startedAt),
      finishedAt: timestamp(i.finishedAt!),
      containerID: i.id,
    },
  });
}

/** Whether two string maps (labels, annotations) hold the same entries. */
function sameStrings(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a![k] === b?.[k]);
}

/** Whether two lists hold the same objects. */
function sameItems(a: any[], b: any[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

let tsAt = -1;
let tsText = '';
/** toTimestamp with the last result cached (many containers start in the same millisecond). */
function timestamp(ms: number): string {
  if (ms !== tsAt) {
    tsAt = ms;
    tsText = toTimestamp(ms);
  }
  return tsText;
}

/** Event messages per container name and image: one string each, shared by every Event that carries it. */
const MESSAGE_CACHE_LIMIT = 10_000;
const containerMsgs = new Map<string, { created: string; started: string }>();
function containerMessages(name: string): { created: string; started: string } {
  let m = containerMsgs.get(name);
  if (m === undefined) {
    if (containerMsgs.size >= MESSAGE_CACHE_LIMIT) containerMsgs.clear();
    m = { created: `Created container ${name}`, started: `Started container ${name}` };
    containerMsgs.set(name, m);
  }
  return m;
}
const presentMsgs = new Map<string, string>();
function alreadyPresentMessage(image: string): string {
  let m = presentMsgs.get(image);
  if (m === undefined) {
    if (presentMsgs.size >= MESSAGE_CACHE_LIMIT) presentMsgs.clear();
    m = `Container image "${image}" already present on machine`;
    presentMsgs.set(image, m);
  }
  return m;
}
