import type { ClusterContext, Component } from '../cluster/context.js';
import type { Timer } from '../engine/engine.js';

/**
 * Base of every reconciler: a de-duplicating work queue on the virtual clock, like client-go's
 * workqueue. Watch handlers only map a change to keys and `enqueue` them; `reconcile(key)` runs
 * as an engine event, reads the store, writes the store. `enqueueAfter` is `AddAfter`.
 * Keys are `namespace/name` (or `name` for cluster-scoped objects).
 */
export abstract class Controller implements Component {
  protected ctx!: ClusterContext;
  private readonly queued = new Map<string, Timer>();
  private readonly waiting = new Map<string, Timer>();

  constructor(readonly name: string) {}

  start(ctx: ClusterContext): void {
    this.ctx = ctx;
    this.setup();
  }

  /** Subscribe to watches and schedule periodic work. */
  protected abstract setup(): void;

  /** Reconcile one key. Runs as its own engine event. */
  protected abstract reconcile(key: string): void;

  /** Queue a reconcile after the configured controller latency (de-duplicated, like workqueue.Add). */
  enqueue(key: string): void {
    if (this.queued.has(key)) return;
    const timer = this.ctx.engine.after(this.ctx.settings.controllerLatency, this.name, 'reconcile', key, () => {
      this.queued.delete(key);
      this.reconcile(key);
    });
    this.queued.set(key, timer);
  }

  /**
   * AddAfter (client-go delaying queue): the key is added to the queue `delayMs` from now.
   * While a delayed add is waiting, a new one keeps only the earlier ready time; an immediate
   * `enqueue` does not cancel a waiting delayed add (both happen, as upstream).
   */
  enqueueAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.enqueue(key);
    const at = this.ctx.engine.now + delayMs;
    const existing = this.waiting.get(key);
    if (existing && !existing.cancelled) {
      if (existing.time <= at) return;
      existing.cancel();
    }
    const timer = this.ctx.engine.at(at, this.name, 'requeue', key, () => {
      this.waiting.delete(key);
      this.enqueue(key);
    });
    this.waiting.set(key, timer);
  }
}

/** `namespace/name` or `name`. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

/** Split a key back into namespace and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
