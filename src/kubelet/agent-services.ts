import type { ClusterContext } from '../cluster/context.js';
import type { Backoff } from './backoff.js';
import type { PodWorker } from './pod-worker.js';

/** What a pod worker uses from its node's kubelet (implemented by NodeAgent). */
export interface AgentServices {
  readonly ctx: ClusterContext;
  readonly node: string;
  /** `kubelet/<node>`: trace component and store actor. */
  readonly component: string;
  readonly hostIP: string;
  /** `[{ip: hostIP}]`, one shared (immutable) list for every pod status of the node. */
  readonly hostIPs: ReadonlyArray<{ ip: string }>;
  /** Virtual time this kubelet (re)started. */
  readonly startedAt: number;
  readonly containerBackoff: Backoff;
  readonly imageBackoff: Backoff;
  /** Images present on the machine (normalized references); survives kubelet restarts. */
  readonly images: Set<string>;
  /** The serialized image puller is busy until then. */
  pullFreeAt: number;
  /** When the serialized puller's queued successful pull of an image (normalized) ends. */
  readonly pullEnds: Map<string, number>;
  now(): number;
  allocIP(): string;
  releaseIP(ip: string | undefined): void;
  newContainerId(): string;
  /** `repo@sha256:<digest>` of an image, as containerd reports it. */
  imageID(image: string): string;
  markDirty(w: PodWorker): void;
  /** The API status of this pod was changed by someone else: reconcile on the next status-manager sync. */
  needsReconcile(w: PodWorker): void;
  /** Write the dirty pod statuses now. */
  flush(): void;
  /** A container of the worker was just created and started. */
  containerStarted?(w: PodWorker): void;
  /** Random delay before a new probe worker's first tick (only right after a kubelet restart). */
  probeJitter(period: number): number;
}
