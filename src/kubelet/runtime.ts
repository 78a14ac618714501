import type { ImageBehaviour } from '../cluster/context.js';
import type { ProbeType, ProbeWorker } from './prober.js';
import type { ContainerEnv } from './env.js';
import type { SubPathMount } from './container-view.js';

/** One run of a container in the simulated runtime (one CRI container: one id, one attempt). */
export interface ContainerInstance {
  /** `containerd://<64 hex>`. */
  id: string;
  /** The restart count this run carries (its attempt number). */
  attempt: number;
  startedAt: number;
  running: boolean;
  finishedAt?: number;
  exitCode?: number;
  /** Completed | Error | OOMKilled | Unknown (lost with the node). */
  reason?: string;
  /** Behaviour of the image this run was started from. */
  image: ImageBehaviour;
  /** Startup probe passed (or none): `status.containerStatuses[].started`. */
  started: boolean;
  ready: boolean;
  /** Being stopped (SIGTERM sent, waiting for exit). */
  stopping?: boolean;
  /** healProbe: probes pass from then on, whatever the image does. */
  healedAt?: number;
  /** Cached API `state` objects of this run (`{running}` while it runs, `{terminated}` once finished). */
  runningState?: object;
  terminatedState?: object;
  /** The environment fixed at creation (makeEnvironmentVariables). */
  env?: ContainerEnv;
  /** subPath mounts as bind-mounted at creation, by mountPath. */
  subPaths?: Map<string, SubPathMount>;
}

/** A container of the pod spec and what the runtime and the kubelet know about it. */
export interface ContainerRecord {
  name: string;
  index: number;
  init: boolean;
  /** Restartable init container (`restartPolicy: Always` on an init container). */
  sidecar: boolean;
  spec: any;
  /** Latest run (running or exited). */
  current?: ContainerInstance;
  /** The run before `current` (for lastState while `current` runs). */
  previous?: ContainerInstance;
  /** Why the last start attempt failed (the kubelet's reasonCache): CrashLoopBackOff, ErrImagePull... */
  waiting?: { reason: string; message?: string };
  /** Working set override from `setUsage` (bytes), for this run. */
  memoryUsage?: number;
  /** Probe workers (regular containers and sidecars). */
  probes?: { startup?: ProbeWorker; liveness?: ProbeWorker; readiness?: ProbeWorker };
  /** failProbe overrides per probe type: the probe fails in [from, until). */
  overrides?: Partial<Record<ProbeType, { from: number; until: number | undefined }>>;
  /** The image changed in the pod spec: the running container is replaced. */
  specChanged?: boolean;
  /** Continuation of a sync step waiting for this container to exit. */
  exitWaiter?: () => void;
  /** Cached normalized image reference for status. */
  normalizedImage?: string;
  /** Cached event fieldPath (`spec.containers{name}`). */
  fieldPath?: string;
  /** Cached imageID for status and imagePullPolicy (with its default) of the current spec. */
  imageID?: string;
  pullPolicy?: string;
  /** Cached API `{waiting}` state for `waiting` (the object it was built from). */
  waitingStateFor?: object;
  waitingState?: object;
  /** Timers of the current run (exit, OOM). */
  timers: Array<{ cancel(): void }>;
}

/** kubelet `format.Pod`: `name_namespace(uid)`. */
export function formatPod(pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})`;
}

/** Event fieldPath of a container (`spec.containers{web}`), as GenerateContainerRef builds it. */
export function containerFieldPath(rec: { init: boolean; name: string }): string {
  return rec.init ? `spec.initContainers{${rec.name}}` : `spec.containers{${rec.name}}`;
}

/**
 * The image reference containerd reports in status (`docker.io/library/nginx:1.25`): Docker Hub
 * short names get `docker.io/` (and `library/`), references without tag or digest get `:latest`.
 */
export function normalizeImage(image: string): string {
  let name = image;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  const lastSlash = name.lastIndexOf('/');
  const tail = name.slice(lastSlash + 1);
  if (!tail.includes(':') && !name.includes('@')) name = `${name}:latest`;
  return name;
}

/** Whether an image reference names the `latest` tag or none (imagePullPolicy defaults to Always then). */
export function isLatestTag(image: string): boolean {
  if (image.includes('@')) return false;
  const tail = image.slice(image.lastIndexOf('/') + 1);
  const colon = tail.indexOf(':');
  return colon < 0 || tail.slice(colon + 1) === 'latest';
}

/** The host part of an image for error messages: `docker.io/library/web:broken` → repository without tag. */
export function imageRepository(image: string): string {
  const n = normalizeImage(image);
  const at = n.indexOf('@');
  if (at >= 0) return n.slice(0, at);
  const slash = n.lastIndexOf('/');
  const colon = n.indexOf(':', slash);
  return colon >= 0 ? n.slice(0, colon) : n;
}
