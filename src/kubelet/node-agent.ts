import { quantityBytes } from '../api/quantity.js';
import { toMicroTimestamp, toTimestamp } from '../api/time.js';
import type { ClusterContext, Component } from '../cluster/context.js';
import { ApiError, type KubeObject, type WatchEvent } from '../store/types.js';
import type { AgentServices } from './agent-services.js';
import { Backoff } from './backoff.js';
import { containerWorkingSet, EvictionManager } from './eviction-manager.js';
import type { KubeletHub, PodSink } from './kubelet-hub.js';
import { buildLease, buildNode, cidrPrefix24, hexId, nodeInternalIP, nodeStatus, podCIDRFor, type NodeConfig } from './node-status.js';
import { admitPod } from './pod-admission.js';
import { PodWorker } from './pod-worker.js';
import { KUBELET_CONDITIONS } from './pod-status.js';
import { imageRepository, normalizeImage } from './runtime.js';
import type { ProbeType } from './prober.js';

/** Two hex digits per byte value. */
const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** An unsigned 32-bit value as 8 hex digits (Number#toString(16) of a non-Smi is slow). */
function hex8(v: number): string {
  return BYTE_HEX[v >>> 24]! + BYTE_HEX[(v >>> 16) & 255]! + BYTE_HEX[(v >>> 8) & 255]! + BYTE_HEX[v & 255]!;
}

/** `namespace/name` of a pod. */
function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** kubelet nodeStatusReportFrequency: the status is posted at least this often even when unchanged. */
const NODE_STATUS_REPORT_FREQUENCY = 5 * 60_000;

/**
 * The simulated kubelet of one node (`kubelet/<node>`): registers the Node, renews its Lease
 * every 10s and posts node status on change or every 5m, runs a PodWorker for every pod bound
 * to the node, and takes the scenario's faults (kill/restart the machine, probe failures,
 * crashes, memory usage).
 */
export class NodeAgent implements Component, PodSink, AgentServices {
  readonly name: string;
  readonly component: string;
  readonly node: string;
  readonly hostIP: string;
  readonly hostIPs: ReadonlyArray<{ ip: string }>;
  ctx!: ClusterContext;
  startedAt = 0;
  containerBackoff!: Backoff;
  imageBackoff!: Backoff;
  readonly images = new Set<string>();
  pullFreeAt = 0;
  readonly pullEnds = new Map<string, number>();
  alive = false;
  /** When the machine died (kill), for the runs it took down. */
  diedAt: number | undefined;
  private readonly workers = new Map<string, PodWorker>();
  /** The same workers by pod uid (watch events are routed by uid: no key string per event). */
  private readonly byUid = new Map<string, PodWorker>();
  private readonly usedIPs = new Set<number>();
  private lastIP = 1;
  private cidr = '';
  private ipPrefix = '';
  private heartbeat: { cancel(): void } | undefined;
  private lastStatusReport = -Infinity;
  /** The eviction manager of the current kubelet incarnation. */
  eviction: EvictionManager | undefined;

  constructor(
    readonly config: NodeConfig,
    private readonly hub: KubeletHub,
  ) {
    this.node = config.name;
    this.name = this.component = `kubelet/${config.name}`;
    this.hostIP = nodeInternalIP(config.index);
    this.hostIPs = [{ ip: this.hostIP }];
    hub.register(config.name, this);
  }

  now(): number {
    return this.ctx.engine.now;
  }

  start(ctx: ClusterContext): void {
    this.ctx = ctx;
    this.cidr = podCIDRFor(this.config.index, ctx.settings.clusterCIDR);
    this.ipPrefix = cidrPrefix24(this.cidr);
    this.hub.start(ctx);
    this.boot();
  }

  /** kubelet start: register the node, start the heartbeat, pick up the pods bound here. */
  private boot(): void {
    const now = this.now();
    this.alive = true;
    this.startedAt = now;
    this.containerBackoff = new Backoff(this.ctx.settings.containerBackoffInitial, this.ctx.settings.containerBackoffMax);
    this.imageBackoff = new Backoff(this.ctx.settings.imageBackoffInitial, this.ctx.settings.imageBackoffMax);
    this.pullFreeAt = now;
    this.pullEnds.clear();
    this.eviction = new EvictionManager(this);
    this.registerNode();
    this.renewLease();
    this.scheduleHeartbeat();
    for (const pod of this.ctx.store.podsOnNode(this.node)) this.adopt(pod);
    this.eviction.start();
  }

  private registerNode(): void {
    const store = this.ctx.store;
    const now = this.now();
    const existing = store.get('Node', undefined, this.node);
    if (!existing) {
      store.create(buildNode(this.config, this.ctx.settings.clusterCIDR, now), { actor: this.component, origin: 'system' });
    } else {
      this.postStatus(existing);
    }
    this.lastStatusReport = now;
  }

  private postStatus(node: KubeObject): void {
    const status = nodeStatus(this.config, node.status, this.now(), this.eviction?.isUnderMemoryPressure() ?? false);
    // setters.go MemoryPressureCondition records the transition as a node event.
    const was = (node.status?.conditions as any[] | undefined)?.find((c) => c.type === 'MemoryPressure')?.status;
    const is = status.conditions[0].status;
    if (was !== undefined && was !== is && (was === 'True' || is === 'True')) {
      const event = is === 'True' ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory';
      this.ctx.events.record(node, 'Normal', event, `Node ${this.node} status is now: ${event}`, 'kubelet', this.node);
    }
    if (this.diedAt !== undefined && node.status?.nodeInfo) status.nodeInfo.bootID = hexId(`boot/${this.node}/${this.now()}`, 32);
    try {
      this.ctx.store.updateStatus({ apiVersion: 'v1', kind: 'Node', metadata: { name: this.node }, status }, { actor: this.component, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    this.lastStatusReport = this.now();
  }

  private renewLease(): void {
    const store = this.ctx.store;
    const now = this.now();
    const lease = store.get('Lease', 'kube-node-lease', this.node);
    try {
      if (!lease) {
        if (!store.get('Namespace', undefined, 'kube-node-lease')) {
          store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } }, { actor: this.component, origin: 'system' });
        }
        const node = store.get('Node', undefined, this.node);
        store.create(buildLease(this.node, node?.metadata.uid, now), { actor: this.component, origin: 'system' });
      } else {
        store.update({ ...lease, spec: { ...lease.spec, renewTime: toMicroTimestamp(now) } }, { actor: this.component, origin: 'system' });
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /** Every nodeStatusUpdateFrequency: renew the lease; post status when 5m passed since the last report. */
  private scheduleHeartbeat(): void {
    const period = this.ctx.settings.nodeStatusUpdateFrequency;
    this.heartbeat = this.ctx.engine.after(period, this.component, 'heartbeat', this.node, () => {
      if (!this.alive) return;
      this.renewLease();
      // The status manager's syncBatch runs on the same 10s period as the lease renewal.
      if (this.toReconcile.size > 0) {
        const ws = [...this.toReconcile];
        this.toReconcile.clear();
        for (const w of ws) w.reconcileStatus();
        this.hub.flush();
      }
      if (this.now() - this.lastStatusReport >= NODE_STATUS_REPORT_FREQUENCY) {
        const node = this.ctx.store.get('Node', undefined, this.node);
        if (node) this.postStatus(node);
      }
      this.scheduleHeartbeat();
    });
  }

  // ---------------------------------------------------------------- pods

  private readonly toReconcile = new Set<PodWorker>();

  needsReconcile(w: PodWorker): void {
    this.toReconcile.add(w);
  }

  onPodEvent(e: WatchEvent): void {
    if (!this.alive) return;
    const pod = e.object;
    const uid = pod.metadata.uid;
    // A worker is found by its pod's uid (the same worker its namespace/name key holds).
    const w = uid ? this.byUid.get(uid) : this.workers.get(podKey(pod));
    if (e.type === 'DELETED' || pod.spec?.nodeName !== this.node) {
      if (w && w.uid === uid) {
        w.halt();
        this.releaseIP(w.podIP);
        this.forget(w);
      }
      return;
    }
    if (w && w.uid === uid) {
      w.update(pod);
      return;
    }
    const key = podKey(pod);
    const other = this.workers.get(key);
    if (other) {
      other.halt();
      this.forget(other);
    }
    this.adopt(pod, false, key);
  }

  private forget(w: PodWorker): void {
    this.workers.delete(w.key);
    if (this.byUid.get(w.uid) === w) this.byUid.delete(w.uid);
  }

  /** A pod bound here that the kubelet does not run yet (HandlePodAdditions). */
  private adopt(pod: KubeObject, recover?: boolean, podKeyOf?: string): void {
    const key = podKeyOf ?? podKey(pod);
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp && (recover || phase === 'Succeeded' || phase === 'Failed')) {
      // Nothing runs for it: confirm the deletion at once.
      this.ctx.engine.at(this.now(), this.component, 'confirm-delete', key, () => {
        if (!this.alive) return;
        try {
          this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! }, actor: this.component });
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
        }
      });
      return;
    }
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!recover && this.rejectIfUnfit(pod)) return;
    const w = new PodWorker(this, pod, key);
    this.workers.set(key, w);
    if (w.uid) this.byUid.set(w.uid, w);
    if (recover) w.recoverFrom(pod.status, this.diedAt ?? this.now());
    // A worker leaves the maps only after halt(), and a halted worker's sync() does nothing.
    this.ctx.engine.at(this.now(), this.component, 'sync', key, () => {
      w.sync();
      this.hub.flush();
    });
  }

  /**
   * HandlePodAdditions' canAdmitPod for a pod new to this kubelet: when it does not fit next to
   * the pods already running here, rejectPod (a Warning event, status Failed with the reason and
   * "Pod was rejected: ..."). Pods the scheduler placed fit; pods bound by spec.nodeName may not.
   */
  private rejectIfUnfit(pod: KubeObject): boolean {
    // The eviction manager is the first admit handler; it applies to every pod.
    const evicted = this.eviction?.admit(pod);
    if (evicted) return this.rejectPod(pod, evicted);
    // A pod the scheduler bound passed the same checks against a superset of this kubelet's pods
    // (the scheduler's cache counts every bound pod until it is gone), so admission would pass:
    // only pods bound by spec.nodeName are checked here.
    const conds = pod.status?.conditions;
    if (Array.isArray(conds) && conds.some((c: { type?: string; status?: string }) => c.type === 'PodScheduled' && c.status === 'True')) return false;
    const node = this.ctx.store.get('Node', undefined, this.node);
    if (!node) return false;
    const active: KubeObject[] = [];
    for (const w of this.workers.values()) if (!w.terminal) active.push(w.pod);
    const r = admitPod(pod, node, active);
    if (!r) return false;
    return this.rejectPod(pod, r);
  }

  /**
   * Kubelet.rejectPod: a Warning event and SetPodStatus(v1.PodStatus{Phase: Failed, Reason,
   * Message: "Pod was rejected: <message>"}): a fresh status, so the status manager's
   * mergePodStatus keeps only the conditions the kubelet does not own (PodScheduled goes),
   * updateStatusInternal keeps or sets startTime, and the API server backfills qosClass
   * (podStatusStrategy.PrepareForUpdate).
   */
  private rejectPod(pod: KubeObject, r: { reason: string; message: string }): boolean {
    this.ctx.events.record(pod, 'Warning', r.reason, r.message, 'kubelet', this.node);
    const old = pod.status ?? {};
    const status: Record<string, unknown> = { phase: 'Failed' };
    const kept = ((old.conditions as any[] | undefined) ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
    if (kept.length > 0) status.conditions = kept;
    status.message = `Pod was rejected: ${r.message}`;
    status.reason = r.reason;
    status.startTime = old.startTime ?? toTimestamp(this.now());
    if (old.qosClass !== undefined) status.qosClass = old.qosClass;
    try {
      this.ctx.store.updateStatus({ ...pod, status }, { actor: this.component, origin: 'system' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    return true;
  }

  /** The worker of a pod (`namespace/name`), for steps and tests. */
  worker(key: string): PodWorker | undefined {
    return this.workers.get(key.includes('/') ? key : `default/${key}`);
  }

  /** The pod workers, sorted by namespace/name (for the eviction manager). */
  podWorkers(): PodWorker[] {
    return [...this.workers.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  eachWorker(): Iterable<PodWorker> {
    return this.workers.values();
  }

  /** The eviction manager's pressure conditions changed: post node status with them now. */
  pressureChanged(): void {
    if (!this.alive) return;
    const node = this.ctx.store.get('Node', undefined, this.node);
    if (node) this.postStatus(node);
  }

  /** Keys of the pods this kubelet runs, sorted. */
  podKeys(): string[] {
    return [...this.workers.keys()].sort();
  }

  // ---------------------------------------------------------------- services for pod workers

  /** host-local IPAM: the next free address of the node's /24 after the last one handed out (.2 ... .254). */
  allocIP(): string {
    for (let i = 0; i < 253; i++) {
      this.lastIP = this.lastIP >= 254 ? 2 : this.lastIP + 1;
      if (!this.usedIPs.has(this.lastIP)) {
        this.usedIPs.add(this.lastIP);
        return this.ipPrefix + this.lastIP;
      }
    }
    // Exhausted (more than 253 pods): reuse sequentially rather than fail.
    this.lastIP = this.lastIP >= 254 ? 2 : this.lastIP + 1;
    return this.ipPrefix + this.lastIP;
  }

  releaseIP(ip: string | undefined): void {
    if (!ip || ip === this.hostIP) return;
    this.usedIPs.delete(Number(ip.slice(ip.lastIndexOf('.') + 1)));
  }

  /**
   * A container id: 16 hex digits from a per-node xorshift stream (seeded by the node name)
   * followed by 48 that are fixed per node; unique per node, deterministic and cheap.
   */
  newContainerId(): string {
    if (this.cidState === 0) {
      this.cidState = parseInt(hexId(`cid/${this.node}`, 8), 16) || 1;
      this.cidTail = hexId(`cid-tail/${this.node}`, 48);
    }
    let x = this.cidState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const a = x >>> 0;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.cidState = x;
    return `containerd://${hex8(a)}${hex8(x >>> 0)}${this.cidTail}`;
  }
  private cidTail = '';
  private cidState = 0;

  /** imageID reported in container statuses (`repo@sha256:<digest>`), cached per image. */
  imageID(image: string): string {
    let id = this.imageIDs.get(image);
    if (id === undefined) {
      id = `${imageRepository(image)}@sha256:${hexId(`digest/${normalizeImage(image)}`, 64)}`;
      this.imageIDs.set(image, id);
    }
    return id;
  }
  private readonly imageIDs = new Map<string, string>();

  markDirty(w: PodWorker): void {
    this.hub.markDirty(w);
  }

  containerStarted(w: PodWorker): void {
    this.eviction?.wakeFor(w);
  }

  flush(): void {
    this.hub.flush();
  }

  /**
   * prober/worker.go run(): when the kubelet started less than one period ago, a worker first
   * sleeps a random part of the period so probes after a restart do not all fire at once.
   * Applied after restartNode only: at the scenario's start the kubelets are taken to have been
   * running for a while, so probe ticks line up with the pod's start (as the seeds' timelines do).
   */
  probeJitter(period: number): number {
    if (this.diedAt === undefined || this.now() - this.startedAt >= period) return 0;
    return this.ctx.engine.rng(`probe-jitter/${this.node}`).int(period);
  }

  // ---------------------------------------------------------------- faults

  /** killNode: the machine dies. No heartbeats, no status writes; every container is gone. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    this.diedAt = this.now();
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
    this.eviction?.stop();
    for (const w of this.workers.values()) w.halt();
    this.workers.clear();
    this.byUid.clear();
    this.usedIPs.clear();
    this.ctx.actions.emit({ component: this.component, action: 'node-killed', object: this.node });
  }

  /**
   * restartNode: the machine boots and the kubelet starts again. It posts Ready status, renews
   * its lease, confirms pods deleted meanwhile (their containers are gone), and recreates the
   * containers of the others in a new sandbox (restartCount + 1; restartPolicy Never pods whose
   * containers had run end Failed). Back-off state starts fresh; pulled images stay on disk.
   */
  restart(): void {
    if (this.alive) return;
    this.alive = true;
    const now = this.now();
    this.startedAt = now;
    this.containerBackoff = new Backoff(this.ctx.settings.containerBackoffInitial, this.ctx.settings.containerBackoffMax);
    this.imageBackoff = new Backoff(this.ctx.settings.imageBackoffInitial, this.ctx.settings.imageBackoffMax);
    this.pullFreeAt = now;
    this.pullEnds.clear();
    this.ctx.actions.emit({ component: this.component, action: 'node-restarted', object: this.node });
    this.eviction = new EvictionManager(this);
    this.registerNode();
    this.renewLease();
    this.scheduleHeartbeat();
    for (const pod of this.ctx.store.podsOnNode(this.node)) this.adopt(pod, true);
    this.hub.flush();
    this.eviction.start();
  }

  private need(podKey: string): PodWorker | undefined {
    return this.alive ? this.worker(podKey) : undefined;
  }

  /** Apply a fault and write the resulting statuses now (steps run between engine events). */
  private fault(podKey: string, fn: (w: PodWorker) => boolean): boolean {
    const w = this.need(podKey);
    const ok = w ? fn(w) : false;
    this.hub.flush();
    return ok;
  }

  /** failProbe on a container of a pod (`ns/name`); `probe` undefined = all probes; until = absolute ms. */
  failProbe(podKey: string, container: string, probe: ProbeType | undefined, until: number | undefined): boolean {
    return this.fault(podKey, (w) => w.failProbe(container, probe, until));
  }

  healProbe(podKey: string, container: string, probe?: ProbeType): boolean {
    return this.fault(podKey, (w) => w.healProbe(container, probe));
  }

  crash(podKey: string, container: string, code: number): boolean {
    return this.fault(podKey, (w) => w.crash(container, code));
  }

  /** setUsage: memory working set (quantity or bytes) from now on. */
  setUsage(podKey: string, container: string, memory: string | number | undefined): boolean {
    const bytes = memory === undefined ? undefined : typeof memory === 'number' ? memory : quantityBytes(memory);
    return this.fault(podKey, (w) => {
      const ok = w.setUsage(container, bytes);
      this.eviction?.wakeFor(w);
      return ok;
    });
  }

  /** Working set of a pod's container as the eviction manager sees it (0 when not running). */
  memoryUsage(podKey: string, container: string): number {
    const rec = this.worker(podKey)?.container(container);
    return rec ? containerWorkingSet(rec, this.now()) : 0;
  }
}
