/**
 * The contract of the in-memory API server. Everything that reads or writes cluster state
 * (steps, controllers, scheduler, kubelets, invariants) goes through this interface.
 * Objects returned are immutable values: never mutate them; build a new object and write it.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/** Any API object. Use kubernetes-models interfaces (IPod, IDeployment...) for typed access. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  /** Pods: override terminationGracePeriodSeconds; 0 with `force` removes the object at once. */
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Who asked (trace and events): "scenario", "replicaset-controller", ... */
  actor?: string;
}

export interface WriteOptions {
  /** Who writes (for the trace): "scenario", "deployment-controller", "kubelet/node-a" ... */
  actor?: string;
  /**
   * "user" (default): full admission (defaulting, schema and semantic validation, strict
   * unknown-field detection). "system": defaulting and semantic validation only, for objects
   * built by components from already-validated templates (keeps 150,000-pod runs fast).
   */
  origin?: 'user' | 'system';
  /**
   * create only: the caller built `obj` and its metadata for this call alone and never touches
   * them again, so the store may finish and keep them as they are instead of copying (the event
   * recorder's hot path). Behaviour is the same as without it.
   */
  handOver?: boolean;
}

export interface ListOptions {
  namespace?: string;
  /** Label selector string (`app=web,tier in (a,b)`) or a parsed selector. */
  labelSelector?: string | { matches(labels: Record<string, string>): boolean; toString(): string };
  /** Field selector (`spec.nodeName=node-a,status.phase!=Running`, `metadata.name=x`). */
  fieldSelector?: string;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchType;
  kind: string;
  /** The object before the change (undefined for ADDED). */
  old: KubeObject | undefined;
  /** The object after the change; for DELETED, its last state. */
  object: KubeObject;
}

export type Watcher = (e: WatchEvent) => void;

export type ApiReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'TooManyRequests';

export interface StatusCause {
  /** Field path as Kubernetes prints it: `spec.template.spec.containers[0].image`. */
  field?: string;
  message: string;
  type?: string;
}

/**
 * An error the API server returns, worded as Kubernetes words it (the message is what
 * kubectl prints after "Error from server (Reason): ").
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: ApiReason,
    message: string,
    readonly causes: StatusCause[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApplyResult {
  object: KubeObject;
  /** kubectl's word: `deployment.apps/web created|configured|unchanged`. */
  action: 'created' | 'configured' | 'unchanged';
}

export type PatchType = 'merge' | 'strategic' | 'json';

export interface StoreApi {
  /** Current virtual time in ms (the engine's clock). */
  readonly now: number;
  create(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** Full replace. If obj.metadata.resourceVersion is set it must match (409 Conflict otherwise). */
  update(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /**
   * The pods/binding subresource (what the scheduler calls): sets spec.nodeName on an
   * unbound pod (Conflict `pod x is already assigned to node "y"` when already bound) and
   * sets condition PodScheduled=True. Pod spec is otherwise immutable on update.
   */
  bind(namespace: string, name: string, nodeName: string, opts?: WriteOptions): KubeObject;
  /** Status subresource: only `.status` is taken from obj; generation does not change. */
  updateStatus(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** `kubectl apply` (client-side, last-applied annotation, three-way merge). */
  apply(obj: KubeObject, opts?: WriteOptions): ApplyResult;
  patch(kind: string, namespace: string | undefined, name: string, patch: unknown, type: PatchType, opts?: WriteOptions): KubeObject;
  /**
   * Delete. Returns the object as it now stands when it is only marked (graceful pod deletion,
   * finalizers, Foreground/Orphan), or undefined when it is gone from the store.
   */
  delete(kind: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  getByUid(uid: string): KubeObject | undefined;
  /** Sorted by (namespace, name). */
  list(kind: string, opts?: ListOptions): KubeObject[];
  /** Pods bound to a node (spec.nodeName), sorted by (namespace, name). */
  podsOnNode(nodeName: string): KubeObject[];
  /** Objects whose ownerReferences name this uid. */
  dependents(ownerUid: string): KubeObject[];
  /** Subscribe to every commit, optionally only for some kinds. Returns an unsubscribe function. */
  watch(fn: Watcher, kinds?: string[]): () => void;
  /** Number of stored objects of a kind. */
  count(kind: string): number;
}
