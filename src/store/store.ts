import type { Engine } from '../engine/engine.js';
import type { Rng } from '../engine/rng.js';
import type { Settings } from '../cluster/settings.js';
import { kindInfo, qualifiedResource } from '../api/kinds.js';
import { toTimestamp, fromTimestamp } from '../api/time.js';
import { admit } from '../api/admission/index.js';
import { parseSelector, type Selector } from '../api/selector.js';
import {
  ApiError,
  type ApplyResult,
  type DeleteOptions,
  type KubeObject,
  type ListOptions,
  type ObjectMeta,
  type PatchType,
  type StoreApi,
  type WatchEvent,
  type Watcher,
  type WatchType,
  type WriteOptions,
} from './types.js';
import { ObjectIndex, compareEntries, type Entry } from './object-index.js';
import { parseFieldSelector } from './field-selector.js';
import { generateNameSuffix, uuidV4 } from './names.js';
import { GENERATION_KINDS, GRACEFUL_KINDS, STATUS_KINDS, daemonSetTemplateGeneration, generationContent, prepareForCreate, prepareForStatusUpdate } from './kind-strategy.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.js';
import { threeWayMerge } from './patch/three-way-merge.js';
import { deepEqual, stableStringify } from './patch/json-value.js';

export interface StoreOptions {
  settings: Settings;
}

/** An admission plugin run after the built-in admission chain (priority, quota, PVC protection...). */
export interface AdmissionPlugin {
  name: string;
  /** Only for these kinds (all kinds when omitted). */
  kinds?: string[];
  /** Return a replacement object, nothing to keep it, or throw ApiError to reject. */
  admit(obj: KubeObject, ctx: { operation: 'CREATE' | 'UPDATE'; old: KubeObject | undefined; store: StoreApi }): KubeObject | void;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';
/** NamespaceLifecycle admission: these namespaces may not be deleted. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const INITIAL_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

interface Sub {
  fn: Watcher;
  kinds: Set<string> | undefined;
  active: boolean;
}

/**
 * The in-memory API server and etcd: create / update / patch / apply / delete with Kubernetes
 * 1.30 registry semantics (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go,
 * rest/create.go, rest/update.go, rest/delete.go), admission, indexes and synchronous watches.
 */
export class Store implements StoreApi {
  private readonly index = new ObjectIndex();
  private rv = 0;
  private seq = 0;
  private readonly subs: Sub[] = [];
  private readonly subsByKind = new Map<string, Sub[]>();
  private readonly pending: WatchEvent[] = [];
  private dispatching = false;
  private readonly plugins: AdmissionPlugin[] = [];
  private readonly settings: Settings;
  private readonly uidRng: Rng;
  private readonly nameRng: Rng;

  constructor(
    readonly engine: Engine,
    opts: StoreOptions,
  ) {
    this.settings = opts.settings;
    this.uidRng = engine.rng('uid');
    this.nameRng = engine.rng('names');
    for (const name of INITIAL_NAMESPACES) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: 'system', origin: 'system' });
    }
  }

  get now(): number {
    return this.engine.now;
  }

  /** The current resourceVersion counter (the last committed revision). */
  get resourceVersion(): number {
    return this.rv;
  }

  addAdmissionPlugin(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  // ---------------------------------------------------------------- reads

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.index.get(kind, this.nsOf(kind, namespace), name)?.obj;
  }

  getByUid(uid: string): KubeObject | undefined {
    return this.index.byUid.get(uid)?.obj;
  }

  count(kind: string): number {
    return this.index.count(kind);
  }

  podsOnNode(nodeName: string): KubeObject[] {
    return this.index.onNode(nodeName).sort(compareEntries).map((e) => e.obj);
  }

  dependents(ownerUid: string): KubeObject[] {
    return this.index
      .ownedBy(ownerUid)
      .sort((a, b) => compareEntries(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
      .map((e) => e.obj);
  }

  /** Kinds that currently have stored objects (GC / namespace controller). */
  kinds(): string[] {
    return this.index.kindsStored().sort();
  }

  list(kind: string, opts: ListOptions = {}): KubeObject[] {
    // Cluster-scoped kinds ignore a namespace; '' means all namespaces (kubectl -A).
    const ns = opts.namespace === '' || kindInfo(kind)?.namespaced === false ? undefined : opts.namespace;
    const sel = toSelector(opts.labelSelector);
    const fsel = opts.fieldSelector ? parseFieldSelector(kind, opts.fieldSelector) : undefined;
    let candidates: Entry[] | undefined;
    let sorted = true;
    if (sel && !sel.empty()) {
      // Use the smallest equality-label set when it is smaller than the namespace.
      let best: Set<Entry> | undefined;
      let exhausted = false;
      for (const r of sel.requirements()) {
        if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
          const s = this.index.withLabel(kind, r.key, r.values[0]!);
          if (!s) {
            exhausted = true;
            break;
          }
          if (!best || s.size < best.size) best = s;
        }
      }
      if (exhausted) return [];
      const scope = ns !== undefined ? this.index.nsSize(kind, ns) : this.index.count(kind);
      if (best && best.size < scope) {
        candidates = [];
        for (const e of best) if (ns === undefined || e.ns === ns) candidates.push(e);
        sorted = false;
      }
    }
    if (!candidates && fsel) {
      // Field selectors the kubelet and controllers use all the time hit an index.
      for (const r of fsel.requirements) {
        if (r.op !== '=') continue;
        if (kind === 'Pod' && r.field === 'spec.nodeName' && r.value !== '') {
          candidates = this.index.onNode(r.value);
          sorted = false;
          break;
        }
        if (r.field === 'metadata.name') {
          const scopes = ns !== undefined ? [ns] : this.index.namespacesOf(kind);
          candidates = [];
          for (const n of scopes) {
            const e = this.index.get(kind, n, r.value);
            if (e) candidates.push(e);
          }
          sorted = false;
          break;
        }
      }
    }
    if (!candidates) candidates = ns !== undefined ? this.index.inNamespace(kind, ns) : this.index.all(kind);
    const out: Entry[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i]!;
      if (sel && !sel.matches(e.obj.metadata.labels ?? {})) continue;
      if (fsel && !fsel.matches(e.obj)) continue;
      out.push(e);
    }
    if (!sorted) out.sort(compareEntries);
    const objs = new Array<KubeObject>(out.length);
    for (let i = 0; i < out.length; i++) objs[i] = out[i]!.obj;
    return objs;
  }

  // ---------------------------------------------------------------- watch

  watch(fn: Watcher, kinds?: string[]): () => void {
    const sub: Sub = { fn, kinds: kinds ? new Set(kinds) : undefined, active: true };
    this.subs.push(sub);
    this.subsByKind.clear();
    return () => {
      if (!sub.active) return;
      sub.active = false;
      const i = this.subs.indexOf(sub);
      if (i >= 0) this.subs.splice(i, 1);
      this.subsByKind.clear();
    };
  }

  private emit(type: WatchType, kind: string, old: KubeObject | undefined, object: KubeObject): void {
    this.pending.push({ type, kind, old, object });
    if (this.dispatching) return;
    // Events are delivered in commit order: a write made by a watcher is queued and delivered
    // after the current event has reached every subscriber (like an informer's FIFO).
    this.dispatching = true;
    try {
      for (let p = 0; p < this.pending.length; p++) {
        const ev = this.pending[p]!;
        let list = this.subsByKind.get(ev.kind);
        if (!list) {
          list = this.subs.filter((s) => !s.kinds || s.kinds.has(ev.kind));
          this.subsByKind.set(ev.kind, list);
        }
        for (let i = 0; i < list.length; i++) {
          const s = list[i]!;
          if (s.active) s.fn(ev);
        }
      }
    } finally {
      this.pending.length = 0;
      this.dispatching = false;
    }
  }

  // ---------------------------------------------------------------- create

  create(input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const kind = input.kind;
    const info = kindInfo(kind);
    const namespaced = info ? info.namespaced : !!input.metadata?.namespace;
    const origin = opts.origin ?? 'user';
    // A handed-over object is finished in place (no copy of the object or its metadata).
    const handOver = opts.handOver === true && input.metadata !== undefined;
    let meta: ObjectMeta = handOver ? input.metadata : { ...(input.metadata ?? {}) };
    if (namespaced) {
      if (!meta.namespace) meta.namespace = 'default';
      const nsObj = this.index.namespace(meta.namespace)?.obj;
      // NamespaceLifecycle admission (plugin/pkg/admission/namespace/lifecycle).
      if (!nsObj) throw new ApiError(404, 'NotFound', `namespaces "${meta.namespace}" not found`);
      if (nsObj.status?.phase === 'Terminating') {
        // client-go's event sink drops this error; dropping the event keeps components running.
        if (kind === 'Event' && origin === 'system') return { ...input, metadata: meta };
        throw new ApiError(403, 'Forbidden', `${qualifiedResource(kind)} "${meta.name ?? ''}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`);
      }
    } else if ('namespace' in meta) delete meta.namespace;
    // System fields are never taken from the request (rest.BeforeCreate / FillObjectMetaSystemFields).
    if (meta.uid !== undefined) delete meta.uid;
    if (meta.resourceVersion !== undefined) delete meta.resourceVersion;
    if (meta.deletionTimestamp !== undefined) delete meta.deletionTimestamp;
    if (meta.deletionGracePeriodSeconds !== undefined) delete meta.deletionGracePeriodSeconds;
    if (meta.generation !== undefined) delete meta.generation;
    const ns = namespaced ? meta.namespace! : '';
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = this.generateName(kind, ns, meta.generateName!);
    // The create handler fills uid and creationTimestamp before admission
    // (rest.FillObjectMetaSystemFields), so strategies and plugins can use the uid (Job selector).
    const ts = this.timestamp();
    meta.uid = uuidV4(this.uidRng);
    meta.creationTimestamp = ts;
    let obj: KubeObject = prepareForCreate(handOver ? input : { ...input, metadata: meta }, ts);
    obj = admit(obj, { operation: 'CREATE', old: undefined, origin, settings: this.settings, store: this });
    obj = this.runPlugins(obj, 'CREATE', undefined);
    if (kind === 'DaemonSet') obj = daemonSetTemplateGeneration(obj, undefined, false);
    let m: ObjectMeta = obj.metadata;
    let name = m.name!;
    if (this.index.get(kind, ns, name)) {
      // NameGenerationRetries: a generated name that collides is drawn again.
      if (!generated) throw new ApiError(409, 'AlreadyExists', `${qualifiedResource(kind)} "${name}" already exists`);
      name = this.generateName(kind, ns, m.generateName!);
    }
    const rv = ++this.rv;
    // The metadata built above (or a copy admission made) is not visible to anyone yet: it is
    // finished in place instead of copied once more (this path runs for every object created).
    if (m !== meta && m === input.metadata) m = { ...m };
    m.name = name;
    m.resourceVersion = String(rv);
    if (GENERATION_KINDS.has(kind)) m.generation = 1;
    if (obj.metadata !== m || (obj === input && !handOver)) obj = { ...obj, metadata: m };
    const e: Entry = { obj, kind, ns, name, seq: this.seq++ };
    this.index.add(e);
    this.engine.recordObject(opts.actor ?? 'scenario', 'create', kind, ns, name);
    this.emit('ADDED', kind, undefined, obj);
    return obj;
  }

  private tsAt = -1;
  private tsText = '';
  /** toTimestamp(now), cached: bulk creates within one event share the clock reading. */
  private timestamp(): string {
    const now = this.engine.now;
    if (now !== this.tsAt) {
      this.tsAt = now;
      this.tsText = toTimestamp(now);
    }
    return this.tsText;
  }

  private generateName(kind: string, ns: string, prefix: string): string {
    for (;;) {
      const name = prefix + generateNameSuffix(this.nameRng);
      if (!this.index.get(kind, ns, name)) return name;
    }
  }

  // ---------------------------------------------------------------- update

  update(obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    return this.doUpdate(obj, opts, 'update');
  }

  private doUpdate(input: KubeObject, opts: WriteOptions, verb: string): KubeObject {
    const kind = input.kind;
    const ns = this.nsOf(kind, input.metadata?.namespace);
    const name = input.metadata?.name ?? '';
    const e = this.mustGet(kind, ns, name);
    const old = e.obj;
    this.checkPreconditions(kind, name, old, input.metadata?.uid, input.metadata?.resourceVersion);
    const om = old.metadata;
    const meta: ObjectMeta = { ...input.metadata, name: om.name, uid: om.uid, creationTimestamp: om.creationTimestamp, resourceVersion: om.resourceVersion };
    if (ns) meta.namespace = ns;
    else delete meta.namespace;
    setOrDelete(meta, 'deletionTimestamp', om.deletionTimestamp);
    setOrDelete(meta, 'deletionGracePeriodSeconds', om.deletionGracePeriodSeconds);
    setOrDelete(meta, 'generation', om.generation);
    if (om.deletionTimestamp) {
      // ValidateObjectMetaUpdate: no new finalizers once deletion has started.
      const added = (meta.finalizers ?? []).filter((f) => !(om.finalizers ?? []).includes(f));
      if (added.length) {
        throw this.invalid(kind, name, 'metadata.finalizers', `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`);
      }
    }
    let next: KubeObject = { ...input, metadata: meta };
    if (STATUS_KINDS.has(kind)) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    if (kind === 'Namespace') next.spec = { ...(next.spec ?? {}), finalizers: old.spec?.finalizers ?? [] };
    next = admit(next, { operation: 'UPDATE', old, origin: opts.origin ?? 'user', settings: this.settings });
    next = this.runPlugins(next, 'UPDATE', old);
    if (kind === 'DaemonSet') next = daemonSetTemplateGeneration(next, old, !deepEqual(next.spec?.template, old.spec?.template));
    if (GENERATION_KINDS.has(kind)) {
      // deploymentStrategy also bumps on annotation changes (they are copied to ReplicaSets);
      // endpointSliceStrategy on label changes.
      const changed =
        !deepEqual(generationContent(next), generationContent(old)) ||
        (kind === 'Deployment' && !deepEqual(next.metadata.annotations ?? {}, om.annotations ?? {})) ||
        (kind === 'EndpointSlice' && !deepEqual(next.metadata.labels ?? {}, om.labels ?? {}));
      if (changed) next = { ...next, metadata: { ...next.metadata, generation: (om.generation ?? 0) + 1 } };
    }
    return this.commitUpdate(e, next, opts, verb);
  }

  /** Write `next` over the entry (no-op detection, delete-on-last-finalizer). */
  private commitUpdate(e: Entry, next: KubeObject, opts: WriteOptions, verb: string): KubeObject {
    const old = e.obj;
    if (equalIgnoringResourceVersion(next, old)) return old;
    const rv = ++this.rv;
    const meta: ObjectMeta = Object.assign({}, next.metadata);
    meta.resourceVersion = String(rv);
    const obj: KubeObject = Object.assign({}, next);
    obj.metadata = meta;
    const actor = opts.actor ?? 'scenario';
    // shouldDeleteDuringUpdate: the last finalizer of an object whose deletion has no pending grace period.
    const om = old.metadata;
    if (om.deletionTimestamp && (om.finalizers?.length ?? 0) > 0 && (obj.metadata.finalizers?.length ?? 0) === 0 && !(om.deletionGracePeriodSeconds! > 0)) {
      this.index.remove(e);
      this.engine.recordObject(actor, 'delete', e.kind, e.ns, e.name);
      this.emit('DELETED', e.kind, old, obj);
      return obj;
    }
    this.index.replace(e, obj);
    this.engine.recordObject(actor, verb, e.kind, e.ns, e.name);
    this.emit('MODIFIED', e.kind, old, obj);
    return obj;
  }

  updateStatus(input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const kind = input.kind;
    const ns = this.nsOf(kind, input.metadata?.namespace);
    const name = input.metadata?.name ?? '';
    const e = this.mustGet(kind, ns, name);
    const old = e.obj;
    this.checkPreconditions(kind, name, old, input.metadata?.uid, input.metadata?.resourceVersion);
    let next: KubeObject = { ...old };
    if (input.status === undefined) delete next.status;
    else next.status = input.status;
    // pkg/registry/apps/deployment/strategy.go deploymentStatusStrategy.PrepareForUpdate keeps
    // only spec and labels from the stored object: the controller's UpdateStatus also carries
    // the revision annotation, without bumping generation.
    if (kind === 'Deployment' && input.metadata?.annotations !== undefined) {
      next.metadata = { ...old.metadata, annotations: input.metadata.annotations };
    }
    next = prepareForStatusUpdate(next, old, this.timestamp());
    next = admit(next, { operation: 'UPDATE', old, origin: opts.origin ?? 'system', settings: this.settings });
    return this.commitUpdate(e, next, opts, 'status');
  }

  bind(namespace: string, name: string, nodeName: string, opts: WriteOptions = {}): KubeObject {
    const e = this.mustGet('Pod', namespace, name);
    const pod = e.obj;
    // pkg/registry/core/pod/storage/storage.go setPodHostAndAnnotations.
    if (pod.metadata.deletionTimestamp) throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
    if (pod.spec?.nodeName) throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    const conditions: any[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
    const prev = conditions.find((c) => c.type === 'PodScheduled');
    const cond = prev && prev.status === 'True' ? prev : { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(this.engine.now) };
    const next: KubeObject = {
      ...pod,
      spec: { ...pod.spec, nodeName },
      status: { ...(pod.status ?? {}), conditions: prev ? conditions.map((c) => (c === prev ? cond : c)) : [...conditions, cond] },
    };
    return this.commitUpdate(e, next, opts, 'bind');
  }

  // ---------------------------------------------------------------- patch / apply

  patch(kind: string, namespace: string | undefined, name: string, patch: unknown, type: PatchType, opts: WriteOptions = {}): KubeObject {
    const ns = this.nsOf(kind, namespace);
    const old = this.mustGet(kind, ns, name).obj;
    let patched: any;
    if (type === 'merge') patched = applyMergePatch(old, patch);
    else if (type === 'json') patched = applyJsonPatch(old, patch);
    else patched = applyStrategicMergePatch(kind, old, patch);
    if (!patched || typeof patched !== 'object' || !patched.metadata) throw new ApiError(400, 'BadRequest', 'the patch removed the object metadata');
    if (patched.metadata.name !== name) throw this.invalid(kind, name, 'metadata.name', `Invalid value: "${patched.metadata.name}": field is immutable`);
    patched = { ...patched, kind, apiVersion: patched.apiVersion ?? old.apiVersion, metadata: dropEmptyMeta(patched.metadata) };
    // The patched object carries the stored resourceVersion unless the patch sets its own.
    return this.doUpdate(patched, opts, 'patch');
  }

  apply(manifest: KubeObject, opts: WriteOptions = {}): ApplyResult {
    const kind = manifest.kind;
    const info = kindInfo(kind);
    const namespaced = info ? info.namespaced : !!manifest.metadata?.namespace;
    // kubectl sets the namespace on the object before it serializes the last-applied annotation.
    const baseMeta: ObjectMeta = { ...(manifest.metadata ?? {}) };
    if (namespaced && !baseMeta.namespace) baseMeta.namespace = 'default';
    const annotations = { ...(baseMeta.annotations ?? {}) };
    delete annotations[LAST_APPLIED];
    const forAnnotation = { ...manifest, metadata: { ...baseMeta, annotations } };
    const lastApplied = stableStringify(forAnnotation) + '\n';
    const modified: KubeObject = { ...manifest, metadata: { ...baseMeta, annotations: { ...annotations, [LAST_APPLIED]: lastApplied } } };
    const ns = namespaced ? baseMeta.namespace! : '';
    const e = baseMeta.name ? this.index.get(kind, ns, baseMeta.name) : undefined;
    if (!e) return { object: this.create(modified, opts), action: 'created' };
    const live = e.obj;
    let previous: any;
    const prevText = live.metadata.annotations?.[LAST_APPLIED];
    if (prevText) {
      try {
        previous = JSON.parse(prevText);
      } catch {
        previous = undefined;
      }
    }
    const merged = threeWayMerge(kind, previous, modified, live) as KubeObject;
    const next = { ...merged, metadata: { ...merged.metadata, resourceVersion: live.metadata.resourceVersion } };
    const object = this.doUpdate(next, opts, 'patch');
    return { object, action: object === live ? 'unchanged' : 'configured' };
  }

  // ---------------------------------------------------------------- delete

  delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject | undefined {
    const ns = this.nsOf(kind, namespace);
    const e = this.mustGet(kind, ns, name);
    const obj = e.obj;
    const actor = opts.actor ?? 'scenario';
    this.checkPreconditions(kind, name, obj, opts.preconditions?.uid, opts.preconditions?.resourceVersion);
    if (kind === 'Namespace') return this.deleteNamespace(e, opts);
    const meta = obj.metadata;
    const now = this.engine.now;
    // rest.BeforeDelete (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go).
    let graceful = false;
    let grace = 0;
    let newMeta: ObjectMeta = { ...meta };
    if (GRACEFUL_KINDS.has(kind)) {
      if (meta.deletionTimestamp) {
        const cur = meta.deletionGracePeriodSeconds;
        if (cur !== undefined && cur !== 0) {
          if (opts.gracePeriodSeconds === undefined || opts.gracePeriodSeconds >= cur) return obj; // pending graceful deletion
          // Only a shorter grace period may be given: deletionTimestamp moves earlier.
          const start = fromTimestamp(meta.deletionTimestamp) - cur * 1000;
          newMeta.deletionTimestamp = toTimestamp(start + opts.gracePeriodSeconds * 1000);
          newMeta.deletionGracePeriodSeconds = opts.gracePeriodSeconds;
          graceful = true;
          grace = opts.gracePeriodSeconds;
        }
      } else {
        // podStrategy.CheckGracefulDelete (pkg/registry/core/pod/strategy.go).
        let period = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 0;
        if (!obj.spec?.nodeName) period = 0;
        const phase = obj.status?.phase;
        if (phase === 'Failed' || phase === 'Succeeded') period = 0;
        if (period < 0) period = 1;
        newMeta.deletionTimestamp = toTimestamp(now + period * 1000);
        newMeta.deletionGracePeriodSeconds = period;
        if (meta.generation) newMeta.generation = meta.generation + 1;
        graceful = true;
        grace = period;
      }
    }
    // deletionFinalizersForGarbageCollection (registry/store.go).
    const fins = this.gcFinalizers(meta.finalizers ?? [], opts.propagationPolicy);
    if (fins) newMeta.finalizers = fins;
    const pendingFinalizers = (newMeta.finalizers?.length ?? 0) > 0;
    if (!newMeta.finalizers?.length) delete newMeta.finalizers;
    if (!graceful && pendingFinalizers) {
      // markAsDeleting: deletionTimestamp now (or earlier), grace 0, generation bump once.
      if (!meta.deletionTimestamp && meta.generation) newMeta.generation = meta.generation + 1;
      if (!meta.deletionTimestamp || fromTimestamp(meta.deletionTimestamp) > now) newMeta.deletionTimestamp = toTimestamp(now);
      newMeta.deletionGracePeriodSeconds = 0;
    }
    if (pendingFinalizers || (graceful && grace > 0)) {
      const next = { ...obj, metadata: newMeta };
      if (deepEqual(next, obj)) return obj;
      const rv = ++this.rv;
      const marked: KubeObject = { ...next, metadata: { ...newMeta, resourceVersion: String(rv) } };
      this.index.replace(e, marked);
      this.engine.recordObject(actor, 'mark-deleted', kind, ns, name);
      this.emit('MODIFIED', kind, obj, marked);
      return marked;
    }
    const last: KubeObject = graceful ? { ...obj, metadata: newMeta } : obj;
    this.removeEntry(e, last, actor);
    return undefined;
  }

  private removeEntry(e: Entry, last: KubeObject, actor: string): void {
    const old = e.obj;
    this.index.remove(e);
    // The DELETED watch event carries the deletion's revision (etcd3 watcher).
    const final: KubeObject = { ...last, metadata: { ...last.metadata, resourceVersion: String(++this.rv) } };
    this.engine.recordObject(actor, 'delete', e.kind, e.ns, e.name);
    this.emit('DELETED', e.kind, old, final);
  }

  /** New finalizer list for the propagation policy, or undefined when unchanged. */
  private gcFinalizers(current: string[], policy: DeleteOptions['propagationPolicy']): string[] | undefined {
    let orphan: boolean;
    let foreground: boolean;
    if (policy) {
      orphan = policy === 'Orphan';
      foreground = policy === 'Foreground';
    } else {
      // No explicit policy: an existing orphan/foreground finalizer wins; default Background.
      const f = current.find((x) => x === ORPHAN || x === FOREGROUND);
      orphan = f === ORPHAN;
      foreground = f === FOREGROUND;
    }
    const next = current.filter((f) => f !== ORPHAN && f !== FOREGROUND);
    if (orphan) next.push(ORPHAN);
    if (foreground) next.push(FOREGROUND);
    const a = new Set(current);
    const b = new Set(next);
    if (a.size === b.size && [...a].every((x) => b.has(x))) return undefined;
    return next;
  }

  private deleteNamespace(e: Entry, opts: DeleteOptions): KubeObject | undefined {
    const obj = e.obj;
    const name = e.name;
    const actor = opts.actor ?? 'scenario';
    if (IMMORTAL_NAMESPACES.has(name)) throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`);
    // pkg/registry/core/namespace/storage/storage.go Delete: the first request only marks.
    if (!obj.metadata.deletionTimestamp) {
      const meta: ObjectMeta = { ...obj.metadata, deletionTimestamp: toTimestamp(this.engine.now) };
      const fins = this.gcFinalizers(meta.finalizers ?? [], opts.propagationPolicy);
      if (fins) {
        if (fins.length) meta.finalizers = fins;
        else delete meta.finalizers;
      }
      meta.resourceVersion = String(++this.rv);
      const marked: KubeObject = { ...obj, metadata: meta, status: { ...(obj.status ?? {}), phase: 'Terminating' } };
      this.index.replace(e, marked);
      this.engine.recordObject(actor, 'mark-deleted', 'Namespace', '', name);
      this.emit('MODIFIED', 'Namespace', obj, marked);
      return marked;
    }
    if ((obj.spec?.finalizers?.length ?? 0) > 0 || (obj.metadata.finalizers?.length ?? 0) > 0) return obj;
    this.removeEntry(e, obj, actor);
    return undefined;
  }

  /** The namespaces/finalize subresource: replaces spec.finalizers (the namespace controller's last step). */
  finalizeNamespace(name: string, finalizers: string[], opts: WriteOptions = {}): KubeObject {
    const e = this.mustGet('Namespace', '', name);
    const next: KubeObject = { ...e.obj, spec: { ...(e.obj.spec ?? {}), finalizers } };
    return this.commitUpdate(e, next, opts, 'finalize');
  }

  // ---------------------------------------------------------------- helpers

  private nsOf(kind: string, namespace: string | undefined): string {
    const info = kindInfo(kind);
    if (info && !info.namespaced) return '';
    return namespace ?? (info ? 'default' : '');
  }

  private mustGet(kind: string, ns: string, name: string): Entry {
    const e = this.index.get(kind, ns, name);
    if (!e) throw new ApiError(404, 'NotFound', `${qualifiedResource(kind)} "${name}" not found`);
    return e;
  }

  private checkPreconditions(kind: string, name: string, obj: KubeObject, uid: string | undefined, rv: string | undefined): void {
    const res = qualifiedResource(kind);
    if (uid && uid !== obj.metadata.uid) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${res} "${name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (rv && rv !== obj.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${res} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
  }

  private invalid(kind: string, name: string, field: string, body: string): ApiError {
    const k = kindInfo(kind);
    const qk = k && k.group ? `${kind}.${k.group}` : kind;
    return new ApiError(422, 'Invalid', `${qk} "${name}" is invalid: ${field}: ${body}`, [{ field, message: body }]);
  }

  private runPlugins(obj: KubeObject, operation: 'CREATE' | 'UPDATE', old: KubeObject | undefined): KubeObject {
    for (let i = 0; i < this.plugins.length; i++) {
      const p = this.plugins[i]!;
      if (p.kinds && !p.kinds.includes(obj.kind)) continue;
      const r = p.admit(obj, { operation, old, store: this });
      if (r) obj = r;
    }
    return obj;
  }
}

function setOrDelete(meta: ObjectMeta, key: string, value: unknown): void {
  if (value === undefined) delete meta[key];
  else meta[key] = value;
}


function toSelector(s: ListOptions['labelSelector']): Selector | undefined {
  if (s === undefined) return undefined;
  if (typeof s !== 'string') {
    if (typeof (s as Selector).requirements === 'function') return s as Selector;
    return wrap(String(s.toString()), s);
  }
  return wrap(s);
}

function wrap(text: string, custom?: { matches(labels: Record<string, string>): boolean }): Selector {
  let parsed: Selector | undefined;
  try {
    parsed = parseSelector(text);
  } catch (err) {
    if (!custom) throw new ApiError(400, 'BadRequest', (err as Error).message);
  }
  if (!custom) return parsed!;
  // A caller's own selector object: its matches() decides; the parsed text (if any) feeds the index.
  return {
    matches: (l) => custom.matches((l ?? {}) as Record<string, string>),
    empty: () => false,
    toString: () => text,
    requirements: () => (parsed ? parsed.requirements() : []),
    selectable: () => true,
    add: () => {
      throw new Error('not supported');
    },
    requiresExactMatch: (label) => parsed?.requiresExactMatch(label),
  };
}

/**
 * ObjectMeta's list and map fields are `omitempty` in Go: a patch that removes the last owner
 * reference or finalizer leaves no empty `[]` behind once the object is serialised.
 */
function dropEmptyMeta(meta: any): any {
  let out = meta;
  for (const f of ['ownerReferences', 'finalizers', 'labels', 'annotations', 'managedFields'] as const) {
    const v = meta[f];
    const empty = Array.isArray(v) ? v.length === 0 : v !== null && typeof v === 'object' && Object.keys(v).length === 0;
    if (v === null || empty) {
      if (out === meta) out = { ...meta };
      delete out[f];
    }
  }
  return out;
}

/**
 * deepEqual(next, old) with next's metadata.resourceVersion taken as old's: the no-op update
 * check, without building a copy of `next` to compare (it runs on every write).
 */
function equalIgnoringResourceVersion(next: KubeObject, old: KubeObject): boolean {
  if (next === old) return true;
  let n = 0;
  for (const k in next) {
    if (!Object.prototype.hasOwnProperty.call(next, k)) continue;
    n++;
    if (!Object.prototype.hasOwnProperty.call(old, k)) return false;
    if (k === 'metadata') {
      const a = next.metadata as Record<string, unknown>;
      const b = old.metadata as Record<string, unknown>;
      if (a === b) continue;
      let m = 0;
      for (const mk in a) {
        if (!Object.prototype.hasOwnProperty.call(a, mk)) continue;
        m++;
        if (mk === 'resourceVersion') {
          if (!Object.prototype.hasOwnProperty.call(b, mk)) return false;
          continue;
        }
        if (!Object.prototype.hasOwnProperty.call(b, mk) || !deepEqual(a[mk], b[mk])) return false;
      }
      // A resourceVersion missing from next counts as old's (the copy above always had one).
      if (!Object.prototype.hasOwnProperty.call(a, 'resourceVersion') && Object.prototype.hasOwnProperty.call(b, 'resourceVersion')) m++;
      if (m !== Object.keys(b).length) return false;
    } else if (!deepEqual(next[k], old[k])) return false;
  }
  return n === Object.keys(old).length;
}
