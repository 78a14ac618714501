import type { Engine } from '../engine/engine.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import type { Settings } from './settings.js';

/** Records core/v1 Events like client-go's EventRecorder (dedup by object+reason+message: count++). */
export interface EventSink {
  /**
   * `type` Normal|Warning; `component` is source.component ("kubelet", "default-scheduler",
   * "deployment-controller"...); `host` is source.host for kubelet events.
   */
  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string, fieldPath?: string): void;
}

/** What every component gets: the clock and queue, the API server, settings, events. */
export interface ClusterContext {
  readonly engine: Engine;
  readonly store: StoreApi;
  readonly settings: Settings;
  readonly events: EventSink;
  /** Image behaviours from the scenario (`images:` section), resolved by image name. */
  readonly images: ImageCatalog;
  /** Component actions that invariants observe (a rule about an action, not about state). */
  readonly actions: ActionBus;
}

/**
 * A component announces a decision here, e.g. the Deployment controller's
 * `{component: 'deployment-controller', action: 'scale-old', object: 'default/web', data: {...}}`,
 * or the scheduler's `bind`, or the kubelet's `evict`. Invariants subscribe.
 */
export interface Action {
  component: string;
  action: string;
  object: string;
  data?: Record<string, unknown>;
}

export interface ActionBus {
  emit(a: Action): void;
  subscribe(fn: (a: Action) => void): () => void;
}

/** How the containers of one image behave (SCENARIO-SPEC.md, `images`). Durations in ms. */
export interface ImageBehaviour {
  pull: number;
  start: number;
  /** Readiness/startup probes fail until this long after start (0 = pass at once). */
  readyAfter: number;
  /** All probes fail from this long after start (undefined = forever healthy). */
  healthyFor?: number;
  /** Working set once running, in bytes. */
  memory: number;
  exit?: { after: number; code: number };
  /** Time to exit after SIGTERM. */
  stop: number;
  missing: boolean;
}

export interface ImageCatalog {
  /** The behaviour for an image, or undefined when the image is unknown (no "*" entry). */
  lookup(image: string): ImageBehaviour | undefined;
}

/** A component wired onto the cluster: controllers, scheduler, kubelets, invariants. */
export interface Component {
  readonly name: string;
  /** Subscribe to watches and schedule periodic work. Called once when the cluster starts. */
  start(ctx: ClusterContext): void;
}
