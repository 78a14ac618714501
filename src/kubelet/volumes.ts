import type { KubeObject, StoreApi } from '../store/types.js';
import { extractContainerResourceValue, extractFieldPathAsString } from './downward-api.js';

/** A file's content in a projected volume; null when the model does not know it (token files). */
export type FileContent = string | null;
/** Files of one volume by path relative to the mount point. */
export type VolumeFiles = ReadonlyMap<string, FileContent>;

/** Volume kinds whose files the model projects (pkg/volume/configmap, secret, downwardapi, projected). */
export type ProjectedKind = 'configMap' | 'secret' | 'downwardAPI' | 'projected';
const PROJECTED: readonly ProjectedKind[] = ['configMap', 'secret', 'downwardAPI', 'projected'];

/** The projected kind of a volume, or undefined for the others (emptyDir, PVC, hostPath...). */
export function projectedKind(vol: any): ProjectedKind | undefined {
  for (const k of PROJECTED) if (vol?.[k]) return k;
  return undefined;
}

/** What the projection reads. */
export interface ProjectionInputs {
  store: StoreApi;
  /** How the kubelet reads a ConfigMap/Secret (its object cache); default: the store. */
  getObject?(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): KubeObject | undefined;
  pod: KubeObject;
  allocatable: Record<string, string> | undefined;
}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/**
 * configmap.MakePayload / secret.MakePayload: every key (data, then binaryData) or the listed
 * items at their paths; a listed key that is missing fails unless optional.
 */
function payload(kind: 'configMap' | 'secret', items: any[] | undefined, obj: KubeObject | undefined, optional: boolean, out: Map<string, FileContent>, modes: Map<string, number>, defaultMode: number): void {
  const data: Record<string, string> = obj?.data ?? {};
  const bin: Record<string, string> = kind === 'configMap' ? (obj?.binaryData ?? {}) : {};
  const value = (k: string): string | undefined => {
    if (Object.prototype.hasOwnProperty.call(data, k)) return kind === 'secret' ? decode(data[k]!) : data[k]!;
    if (Object.prototype.hasOwnProperty.call(bin, k)) return decode(bin[k]!);
    return undefined;
  };
  if (!items || items.length === 0) {
    for (const k of Object.keys(data).sort()) {
      out.set(k, value(k)!);
      modes.set(k, defaultMode);
    }
    for (const k of Object.keys(bin).sort()) {
      out.set(k, decode(bin[k]!));
      modes.set(k, defaultMode);
    }
    return;
  }
  for (const it of items) {
    const v = value(it.key);
    if (v === undefined) {
      if (optional) continue;
      throw new Error(kind === 'configMap' ? `configmap references non-existent config key: ${it.key}` : `references non-existent secret key: ${it.key}`);
    }
    out.set(it.path, v);
    modes.set(it.path, it.mode ?? defaultMode);
  }
}

/** configMap / secret source: the object (NotFound unless optional) and its payload. */
function objectSource(kind: 'configMap' | 'secret', src: any, inp: ProjectionInputs, out: Map<string, FileContent>, modes: Map<string, number>, defaultMode: number): void {
  const name: string = kind === 'configMap' ? src.name : src.secretName ?? src.name;
  const ns = inp.pod.metadata.namespace ?? 'default';
  const optional = src.optional === true;
  const k = kind === 'configMap' ? 'ConfigMap' : 'Secret';
  const obj = inp.getObject ? inp.getObject(k, ns, name) : inp.store.get(k, ns, name);
  if (!obj && !optional) throw new Error(`${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`);
  payload(kind, src.items, obj, optional, out, modes, defaultMode);
}

/** downwardapi.CollectData: fieldRef and resourceFieldRef items. */
function downwardItems(items: any[] | undefined, inp: ProjectionInputs, out: Map<string, FileContent>, modes: Map<string, number>, defaultMode: number): void {
  const errs: string[] = [];
  for (const it of items ?? []) {
    try {
      modes.set(it.path, it.mode ?? defaultMode);
      if (it.fieldRef) out.set(it.path, extractFieldPathAsString(inp.pod, it.fieldRef.fieldPath));
      else if (it.resourceFieldRef) {
        const cname = it.resourceFieldRef.containerName;
        const c = [...(inp.pod.spec?.initContainers ?? []), ...(inp.pod.spec?.containers ?? [])].find((x: any) => x.name === cname);
        if (!c) throw new Error(`container ${cname} not found`);
        out.set(it.path, extractContainerResourceValue(it.resourceFieldRef, c, inp.allocatable));
      }
    } catch (e) {
      modes.delete(it.path);
      errs.push((e as Error).message);
    }
  }
  if (errs.length) throw new Error(aggregate(errs));
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several as `[a, b]`. */
function aggregate(msgs: string[]): string {
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

/**
 * The files of one volume now (SetUpAt of its plugin), or an Error with the plugin's message
 * (`configmap "name" not found`, `configmap references non-existent config key: k`...).
 * Projected volumes collect every source and fail with the aggregate of the failures.
 */
export function projectVolume(vol: any, inp: ProjectionInputs, modes: Map<string, number> = new Map()): Map<string, FileContent> {
  const out = new Map<string, FileContent>();
  const src = vol.configMap ?? vol.secret ?? vol.downwardAPI ?? vol.projected;
  // defaultMode is defaulted to 0644 (420) by the API server (SetDefaults_*VolumeSource).
  const dm: number = src?.defaultMode ?? 0o644;
  if (vol.configMap) objectSource('configMap', vol.configMap, inp, out, modes, dm);
  else if (vol.secret) objectSource('secret', vol.secret, inp, out, modes, dm);
  else if (vol.downwardAPI) downwardItems(vol.downwardAPI.items, inp, out, modes, dm);
  else if (vol.projected) {
    const errs: string[] = [];
    for (const s of vol.projected.sources ?? []) {
      try {
        if (s.configMap) objectSource('configMap', s.configMap, inp, out, modes, dm);
        else if (s.secret) objectSource('secret', s.secret, inp, out, modes, dm);
        else if (s.downwardAPI) downwardItems(s.downwardAPI.items, inp, out, modes, dm);
        else if (s.serviceAccountToken) {
          out.set(s.serviceAccountToken.path, null);
          // projected.go: the token is 0600 when the pod sets fsUser/fsGroup, else defaultMode.
          modes.set(s.serviceAccountToken.path, inp.pod.spec?.securityContext?.fsGroup !== undefined ? 0o600 : dm);
        }
      } catch (e) {
        errs.push((e as Error).message);
      }
    }
    if (errs.length) throw new Error(aggregate(errs));
  }
  // volume_linux.go SetVolumeOwnership: with fsGroup the files of these read-only volumes get
  // group ownership and mode | 0440 (the projected token excepted).
  if (inp.pod.spec?.securityContext?.fsGroup !== undefined) {
    for (const [k, m] of modes) if (out.get(k) !== null) modes.set(k, m | 0o440);
  }
  return out;
}

/** podAttachAndMountTimeout (volume_manager.go): how long one pod sync waits for its volumes. */
export const MOUNT_WAIT_TIMEOUT = 123_000;
/** podAttachAndMountRetryInterval: the wait polls the mounted state this often. */
export const MOUNT_POLL_INTERVAL = 300;
/** nestedpendingoperations' exponential back-off of a failed mount: 500ms doubling up to 2m2s. */
export const MOUNT_BACKOFF_INITIAL = 500;
export const MOUNT_BACKOFF_MAX = 122_000;

/** What the pod's volume manager needs from its pod worker. */
export interface VolumeHost {
  now(): number;
  inputs(): ProjectionInputs;
  at(t: number, action: string, fn: () => void): { cancel(): void };
  warn(reason: string, message: string): void;
  /** The mount the current sync waits for succeeded: continue the sync. */
  resume(): void;
  /** The current sync gave up waiting (WaitForAttachAndMount timed out): retry after the sync back-off. */
  waitFailed(): void;
}

/**
 * The kubelet volume manager's view of one pod's ConfigMap, Secret, downward API and projected
 * volumes (other volume kinds mount at once and hold no modelled files).
 *
 * - First mount: every volume is set up at the pod's first sync. A volume that fails records
 *   FailedMount `MountVolume.SetUp failed for volume "v" : <error>` and is retried by the
 *   reconciler after 500ms, 1s, 2s ... up to 2m2s (exponential back-off); the sync waits up to
 *   2m3s, polling every 300ms, then records `Unable to attach or mount volumes: ...` and the
 *   pod worker retries after its back-off. The containers start once everything is mounted.
 * - Refresh: at every later pod sync the volumes are set up again from the current objects
 *   (configmap/secret managers use the Watch strategy, so the kubelet's copy is current); a
 *   failure then records FailedMount and keeps the old files.
 */
export class PodVolumes {
  /** Current files per modelled volume name. */
  readonly files = new Map<string, VolumeFiles>();
  /** File modes per modelled volume name (item mode or defaultMode, with fsGroup's 0440). */
  readonly modes = new Map<string, ReadonlyMap<string, number>>();
  readonly volumes: ReadonlyArray<{ name: string; spec: any; kind: ProjectedKind }>;
  /** Volume names of every kind, for paths under volumes whose files are not modelled. */
  readonly otherKinds = new Map<string, string>();
  private mounted = false;
  private backoff = 0;
  private retryTimer: { cancel(): void } | undefined;
  private waitStart: number | undefined;
  private waitTimer: { cancel(): void } | undefined;
  private resumeTimer: { cancel(): void } | undefined;

  constructor(
    pod: KubeObject,
    private readonly host: VolumeHost,
  ) {
    const vols: Array<{ name: string; spec: any; kind: ProjectedKind }> = [];
    for (const v of pod.spec?.volumes ?? []) {
      const kind = projectedKind(v);
      if (kind) vols.push({ name: v.name, spec: v, kind });
      else this.otherKinds.set(v.name, Object.keys(v).find((k) => k !== 'name') ?? 'unknown');
    }
    this.volumes = vols;
  }

  /** Whether the pod has volumes the periodic sync refreshes. */
  get refreshable(): boolean {
    return this.volumes.length > 0;
  }

  /** Whether a downward API volume (or projected source) shows pod metadata. */
  get hasDownwardAPI(): boolean {
    return this.volumes.some((v) => v.kind === 'downwardAPI' || (v.kind === 'projected' && (v.spec.projected.sources ?? []).some((s: any) => s.downwardAPI)));
  }

  get isMounted(): boolean {
    return this.mounted;
  }

  /** Set up every volume; the names of those that failed. */
  private setUp(): string[] {
    const failed: string[] = [];
    const inp = this.host.inputs();
    for (const v of this.volumes) {
      try {
        const modes = new Map<string, number>();
        const files = projectVolume(v.spec, inp, modes);
        const old = this.files.get(v.name);
        if (!old || !sameFiles(old, files)) this.files.set(v.name, files);
        const oldModes = this.modes.get(v.name);
        if (!oldModes || !sameFiles(oldModes, modes)) this.modes.set(v.name, modes);
      } catch (e) {
        failed.push(v.name);
        this.host.warn('FailedMount', `MountVolume.SetUp failed for volume "${v.name}" : ${(e as Error).message}`);
      }
    }
    return failed;
  }

  /**
   * At a pod sync (WaitForAttachAndMount): true when every volume is mounted (refreshed now);
   * false while the first mount is still failing (the host is called back).
   */
  sync(): boolean {
    if (this.mounted) {
      this.setUp();
      return true;
    }
    if (this.backoff === 0) {
      if (this.tryMount()) return true;
    }
    if (this.waitTimer === undefined) {
      const now = this.host.now();
      this.waitStart = now;
      this.waitTimer = this.host.at(now + MOUNT_WAIT_TIMEOUT, 'mount-timeout', () => {
        this.waitTimer = undefined;
        this.waitStart = undefined;
        const unmounted = this.volumes.filter((v) => !this.files.has(v.name)).map((v) => v.name).sort();
        this.host.warn('FailedMount', `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[], failed to process volumes=[]: context deadline exceeded`);
        this.host.waitFailed();
      });
    }
    return false;
  }

  /** One reconciler attempt at the first mount; schedules the next one on failure. */
  private tryMount(): boolean {
    const failed = this.setUp();
    if (failed.length === 0) {
      this.mounted = true;
      this.backoff = 0;
      return true;
    }
    this.backoff = this.backoff === 0 ? MOUNT_BACKOFF_INITIAL : Math.min(this.backoff * 2, MOUNT_BACKOFF_MAX);
    this.retryTimer = this.host.at(this.host.now() + this.backoff, 'mount-retry', () => {
      this.retryTimer = undefined;
      if (!this.tryMount()) return;
      // A sync is waiting: its next 300ms poll sees the volumes mounted.
      if (this.waitStart !== undefined) {
        const now = this.host.now();
        const start = this.waitStart;
        const at = start + Math.ceil((now - start) / MOUNT_POLL_INTERVAL) * MOUNT_POLL_INTERVAL;
        this.waitTimer?.cancel();
        this.waitTimer = undefined;
        this.waitStart = undefined;
        this.resumeTimer = this.host.at(at, 'volumes-mounted', () => {
          this.resumeTimer = undefined;
          this.host.resume();
        });
      }
    });
    return false;
  }

  /** The pod is gone or stopped: no more retries. */
  stop(): void {
    this.retryTimer?.cancel();
    this.waitTimer?.cancel();
    this.resumeTimer?.cancel();
    this.retryTimer = this.waitTimer = this.resumeTimer = undefined;
  }
}

function sameFiles<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
