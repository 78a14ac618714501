import { Engine, type EngineOptions } from '../engine/engine.js';
import { Store } from '../store/store.js';
import type { Action, ActionBus, ClusterContext, Component, ImageBehaviour, ImageCatalog } from './context.js';
import { EventRecorder } from './events.js';
import { defaultSettings, type Profile, type Settings } from './settings.js';
import { defaultComponents } from './components.js';

/** One node (or `count` nodes) from `spec.cluster.nodes`, with quantities as strings. */
export interface NodeSpec {
  name: string;
  count?: number;
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

export interface ClusterOptions {
  seed?: number;
  profile?: Profile;
  settings?: Partial<Settings>;
  nodes?: NodeSpec[];
  /** Resolved image behaviours; undefined = no `images` section (every image gets defaults). */
  images?: Map<string, ImageBehaviour>;
  engine?: EngineOptions;
  /** Replace the default component set (tests). */
  components?: (cluster: Cluster) => Component[];
}

export const DEFAULT_IMAGE: ImageBehaviour = { pull: 0, start: 0, readyAfter: 0, memory: 0, stop: 0, missing: false };

/**
 * One simulated cluster: an Engine, a Store and the components (controllers, scheduler,
 * kubelets, invariants) wired onto them. Every simulation is its own instance.
 */
export class Cluster implements ClusterContext {
  readonly engine: Engine;
  readonly store: Store;
  readonly settings: Settings;
  readonly events: EventRecorder;
  readonly images: ImageCatalog;
  readonly actions: ActionBus;
  readonly nodes: NodeSpec[];
  readonly components: Component[] = [];
  private started = false;

  constructor(opts: ClusterOptions = {}) {
    this.engine = new Engine({ seed: opts.seed ?? 0, ...opts.engine });
    this.settings = { ...defaultSettings(opts.profile ?? '1.30'), ...opts.settings };
    this.store = new Store(this.engine, { settings: this.settings });
    this.events = new EventRecorder(this.store);
    this.nodes = opts.nodes ?? [];
    const subscribers: Array<(a: Action) => void> = [];
    this.actions = {
      emit: (a) => {
        for (let i = 0; i < subscribers.length; i++) subscribers[i]!(a);
      },
      subscribe: (fn) => {
        subscribers.push(fn);
        return () => {
          const i = subscribers.indexOf(fn);
          if (i >= 0) subscribers.splice(i, 1);
        };
      },
    };
    const images = opts.images;
    this.images = {
      lookup: (image) => (images === undefined ? DEFAULT_IMAGE : (images.get(image) ?? images.get('*'))),
    };
    for (const c of (opts.components ?? defaultComponents)(this)) this.components.push(c);
  }

  /** A component by name (e.g. `kubelet/node-a`, `deployment-controller`). */
  component<T extends Component>(name: string): T | undefined {
    return this.components.find((c) => c.name === name) as T | undefined;
  }

  /** Start every component (once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.components) c.start(this);
  }
}
