/**
 * client-go `flowcontrol.Backoff` as the kubelet uses it (staging/src/k8s.io/client-go/util/flowcontrol/backoff.go,
 * no jitter: the kubelet builds it with NewBackOff): per-key delay starting at `initial`, doubled by
 * every `next`, capped at `max`; an entry whose last update is more than 2 × max before the event
 * is treated as expired (`hasExpired`), so the next `next` starts again at `initial`.
 * Times are virtual ms.
 */
export class Backoff {
  private readonly entries = new Map<string, { backoff: number; lastUpdate: number }>();

  constructor(
    readonly initial: number,
    readonly max: number,
  ) {}

  /** The current delay of `id` (0 when there is no entry), like Backoff.Get. */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Backoff.Next: move to the next mark (initial on a new or expired entry), lastUpdate = now. */
  next(id: string, eventTime: number, now: number): number {
    let e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) {
      e = { backoff: this.initial, lastUpdate: now };
      this.entries.set(id, e);
    } else {
      e.backoff = Math.min(e.backoff * 2, this.max);
      e.lastUpdate = now;
    }
    return e.backoff;
  }

  /** Backoff.IsInBackOffSince: now − eventTime is still inside the current window. */
  isInBackOffSince(id: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return false;
    return now - eventTime < e.backoff;
  }

  /** Backoff.IsInBackOffSinceUpdate: eventTime − lastUpdate is still inside the window (image pulls). */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  /** When the window that started at `eventTime` ends (for scheduling the retry), or undefined. */
  windowEnd(id: string, eventTime: number): number | undefined {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return undefined;
    return eventTime + e.backoff;
  }

  /** When the update window ends (image pulls: lastUpdate + backoff). */
  updateWindowEnd(id: string): number | undefined {
    const e = this.entries.get(id);
    return e ? e.lastUpdate + e.backoff : undefined;
  }

  /** Backoff.GC: drop entries not updated for 2 × max. */
  gc(now: number): void {
    for (const [id, e] of this.entries) if (now - e.lastUpdate > this.max * 2) this.entries.delete(id);
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.max * 2;
  }
}
