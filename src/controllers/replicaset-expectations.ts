/**
 * UIDTrackingControllerExpectations (pkg/controller/controller_utils.go): after a sync creates
 * or deletes pods, the controller does not manage replicas again until its watch has seen
 * those creations/deletions, or until ExpectationsTimeout (5 min) passes. Deletions are
 * tracked by pod key so a pod's deletion is counted once (first deletionTimestamp update or
 * the DELETED event, whichever comes first).
 */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
  deleteKeys: Set<string>;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  /** SatisfiedExpectations: none recorded, fulfilled, or expired. */
  satisfied(key: string, now: number): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return now - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number, now: number): void {
    this.byKey.set(key, { add: n, del: 0, timestamp: now, deleteKeys: new Set() });
  }

  expectDeletions(key: string, podKeys: string[], now: number): void {
    this.byKey.set(key, { add: 0, del: podKeys.length, timestamp: now, deleteKeys: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  /** Counts a deletion only for a pod key this controller expected to delete. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.byKey.get(key);
    if (e && e.deleteKeys.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** For tests and describe-like views. */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.byKey.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }
}
