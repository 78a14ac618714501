/**
 * The NoExecute tainting queue of one zone: RateLimitedTimedQueue with a token-bucket limiter
 * (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go, client-go
 * util/flowcontrol/throttle.go). Burst is EvictionRateLimiterBurst = 1, so a bucket holds at
 * most one token and refills one token every 1/qps seconds; qps <= 0 is the "never" limiter.
 * Times are virtual ms.
 */
export const EVICTION_RATE_LIMITER_BURST = 1;

interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
  seq: number;
}

export class TokenBucket {
  /** When the bucket next holds a token (-Infinity: full). Infinity for the never limiter. */
  private nextTokenAt: number;

  constructor(readonly qps: number) {
    this.nextTokenAt = qps > 0 ? -Infinity : Infinity;
  }

  /** flowcontrol.RateLimiter.QPS(): fakeNeverRateLimiter reports 1 (throttle.go). */
  reportedQPS(): number {
    return this.qps > 0 ? this.qps : 1;
  }

  /** TryAccept: take the token if there is one. */
  tryAccept(now: number): boolean {
    if (now < this.nextTokenAt) return false;
    this.nextTokenAt = now + 1000 / this.qps;
    return true;
  }

  /** The earliest time tryAccept can succeed. */
  availableAt(): number {
    return this.nextTokenAt;
  }
}

export class RateLimitedTimedQueue {
  private items: TimedValue[] = [];
  /** UniqueQueue's set: values added and not explicitly removed (also after processing). */
  private readonly set = new Set<string>();
  private seq = 0;
  limiter: TokenBucket;

  constructor(qps: number) {
    this.limiter = new TokenBucket(qps);
  }

  get size(): number {
    return this.items.length;
  }

  /** Add: only when not added before (or removed since). */
  add(value: string, uid: string, now: number): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    this.items.push({ value, uid, addedAt: now, processAt: now, seq: this.seq++ });
    this.sort();
    return true;
  }

  /** Remove: from the queue and the set, so the value may be added again. */
  remove(value: string): boolean {
    if (!this.set.has(value)) return false;
    this.set.delete(value);
    this.items = this.items.filter((v) => v.value !== value);
    return true;
  }

  /**
   * Try: while the head exists, take a token (stop when none), stop when the head is not due,
   * else process it; on failure requeue it at now + wait + 1ns (modelled as +1ms).
   */
  try(now: number, fn: (value: string) => { ok: boolean; wait: number }): void {
    while (this.items.length > 0) {
      if (!this.limiter.tryAccept(now)) break;
      const head = this.items[0]!;
      if (now < head.processAt) break;
      const r = fn(head.value);
      if (!r.ok) {
        head.processAt = now + r.wait + 1;
        this.sort();
      } else {
        // RemoveFromQueue: out of the queue but kept in the set (not re-added until Remove).
        this.items = this.items.filter((v) => v !== head);
      }
    }
  }

  /** The earliest time a Try could act, or undefined when nothing is queued or the limiter never accepts. */
  nextActionAt(): number | undefined {
    if (this.items.length === 0) return undefined;
    const t = this.limiter.availableAt();
    return Number.isFinite(t) || t === -Infinity ? t : undefined;
  }

  /**
   * SwapLimiter: a new bucket when the QPS differs; when the old one is out of tokens the new
   * one starts drained (good enough with burst 1, says upstream). Note that probing the old
   * limiter consumes its token when it has one.
   */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.reportedQPS() === qps) return;
    const next = new TokenBucket(qps);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }

  private sort(): void {
    this.items.sort((a, b) => a.processAt - b.processAt || a.seq - b.seq);
  }
}
