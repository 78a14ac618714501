import type { KubeObject, WatchEvent } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';
import { Controller, keyOf } from './controller.js';
import { jobFinishedCondition } from './job-util.js';

const COMPONENT = 'ttl-after-finished-controller';

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
 * a finished Job with spec.ttlSecondsAfterFinished is deleted (Foreground propagation, so its
 * pods go first) that long after it finished (jobFinishTime: the lastTransitionTime of the True
 * Complete or Failed condition; a failed Job has no completionTime). The expiry is re-checked on
 * a fresh read, as upstream does before deleting.
 */
export class TTLAfterFinishedController extends Controller {
  constructor() {
    super(COMPONENT);
  }

  protected setup(): void {
    this.ctx.store.watch((e) => this.onJob(e), ['Job']);
  }

  private onJob(e: WatchEvent): void {
    if (e.type === 'DELETED') return;
    const j = e.object;
    if (j.metadata.deletionTimestamp || j.spec?.ttlSecondsAfterFinished == null || !jobFinishedCondition(j)) return;
    this.enqueue(keyOf(j));
  }

  /** timeLeft: ms until the Job expires, or undefined when it has no TTL or is not finished. */
  static timeLeft(j: KubeObject, now: number): number | undefined {
    const ttl = j.spec?.ttlSecondsAfterFinished;
    const fin = jobFinishedCondition(j);
    if (ttl == null || !fin) return undefined;
    if (!fin.lastTransitionTime) return undefined;
    return fromTimestamp(fin.lastTransitionTime) + ttl * 1000 - now;
  }

  protected reconcile(key: string): void {
    const { store, engine } = this.ctx;
    const i = key.indexOf('/');
    const j = store.get('Job', key.slice(0, i), key.slice(i + 1));
    if (!j || j.metadata.deletionTimestamp) return;
    const left = TTLAfterFinishedController.timeLeft(j, engine.now);
    if (left === undefined) return;
    if (left > 0) {
      this.enqueueAfter(key, left);
      return;
    }
    try {
      store.delete('Job', j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Foreground', preconditions: { uid: j.metadata.uid! }, actor: COMPONENT });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
