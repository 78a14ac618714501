import type { Engine, Timer } from '../engine/engine.js';

/**
 * client-go's delaying queue (util/workqueue/delaying_queue.go) next to the Controller base's
 * work queue: AddAfter keeps, per key, only the earliest pending ready time, independently of
 * whether the key is also queued for an immediate reconcile. (The base class's enqueueAfter
 * drops a later time while an immediate reconcile is pending, which would lose upstream's
 * minReadySeconds and progress-deadline re-checks.) When the time comes the key is handed to
 * `add` (the controller's enqueue).
 */
export class DelayingQueue {
  private readonly waiting = new Map<string, Timer>();

  constructor(
    private readonly engine: Engine,
    private readonly component: string,
    private readonly add: (key: string) => void,
  ) {}

  addAfter(key: string, delayMs: number): void {
    const t = this.engine.now + Math.max(0, delayMs);
    const existing = this.waiting.get(key);
    if (existing && !existing.cancelled) {
      if (existing.time <= t) return;
      existing.cancel();
    }
    this.waiting.set(
      key,
      this.engine.at(t, this.component, 'requeue', key, () => {
        this.waiting.delete(key);
        this.add(key);
      }),
    );
  }
}
