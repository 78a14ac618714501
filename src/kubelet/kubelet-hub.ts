import type { ClusterContext } from '../cluster/context.js';
import type { WatchEvent } from '../store/types.js';
import type { PodWorker } from './pod-worker.js';

/** The part of a NodeAgent the hub talks to. */
export interface PodSink {
  onPodEvent(e: WatchEvent): void;
}

/**
 * Shared plumbing of all kubelets of one cluster, so 5,000 nodes cost one watch and one
 * after-event hook instead of 5,000: routes pod watch events by spec.nodeName to the node's
 * agent, and flushes the pod statuses marked dirty during an engine event once it ends (the
 * status manager batches every change of one event into one write per pod).
 */
export class KubeletHub {
  private readonly agents = new Map<string, PodSink>();
  private dirty: PodWorker[] = [];
  private started = false;

  register(node: string, agent: PodSink): void {
    this.agents.set(node, agent);
  }

  start(ctx: ClusterContext): void {
    if (this.started) return;
    this.started = true;
    ctx.store.watch((e) => {
      const node = e.object.spec?.nodeName ?? e.old?.spec?.nodeName;
      if (!node) return;
      this.agents.get(node)?.onPodEvent(e);
    }, ['Pod']);
    ctx.engine.afterEachEvent(() => this.flush());
  }

  markDirty(w: PodWorker): void {
    this.dirty.push(w);
  }

  /** Write every dirty pod status, in the order they were marked. */
  flush(): void {
    while (this.dirty.length > 0) {
      const batch = this.dirty;
      this.dirty = [];
      for (let i = 0; i < batch.length; i++) {
        const w = batch[i]!;
        if (w.dirty) w.flush();
      }
    }
  }
}
