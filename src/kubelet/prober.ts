/**
 * One probe worker (pkg/kubelet/prober/worker.go) on the virtual clock.
 *
 * Upstream a worker goroutine is created when the pod is added and probes on a ticker of
 * periodSeconds from that moment (doProbe runs at once, then every period): ticks are
 * `anchor + k·period`. A tick is skipped during initialDelaySeconds after the container started,
 * liveness/readiness are skipped until the startup probe succeeded, startup is skipped after.
 * failureThreshold / successThreshold consecutive results change the result; a liveness or startup
 * failure puts the worker on hold until a new container appears.
 *
 * Speed: probe outcomes are a piecewise-constant function of time (image behaviour and
 * failProbe/healProbe overrides), so ticks that cannot change anything (a success while the
 * result already is Success) are not run as engine events; the worker jumps to the next tick that
 * fails (an `Unhealthy` event upstream) or flips the result. The run-length state of the skipped
 * ticks is applied arithmetically, so results and times are the same as ticking every period.
 */
export type ProbeType = 'startup' | 'liveness' | 'readiness';
export type ProbeResult = 'success' | 'failure' | 'unknown';
export type Outcome = 'success' | 'failure' | 'skip';

export interface ProbeTimer {
  cancel(): void;
}

/** What a worker needs from its pod worker. */
export interface ProbeHost {
  schedule(at: number, type: ProbeType, fn: () => void): ProbeTimer;
  /** The outcome a probe run at `t` would have, for the current container. */
  outcome(w: ProbeWorker, t: number): Outcome;
  /** The first time after `t` at which `outcome` may change, or undefined. */
  nextBreakpoint(w: ProbeWorker, t: number): number | undefined;
  /** A probe ran and failed at `t` (upstream records the Unhealthy event for every failure). */
  failed(w: ProbeWorker, t: number): void;
  /** The result changed (resultsManager update). */
  resultChanged(w: ProbeWorker, result: ProbeResult): void;
}

/** A probe spec with the API defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe). */
export interface ProbeSpec {
  initialDelay: number;
  period: number;
  successThreshold: number;
  failureThreshold: number;
  raw: any;
}

export function probeSpec(p: any): ProbeSpec {
  return {
    initialDelay: (p.initialDelaySeconds ?? 0) * 1000,
    period: Math.max(1, p.periodSeconds ?? 10) * 1000,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
    raw: p,
  };
}

export class ProbeWorker {
  result: ProbeResult;
  lastResult: 'success' | 'failure' | undefined;
  resultRun = 0;
  onHold = false;
  active = false;
  private timer: ProbeTimer | undefined;
  private scanFrom = 0;
  private pendingSuccesses = 0;

  constructor(
    readonly type: ProbeType,
    readonly container: string,
    readonly spec: ProbeSpec,
    /** Tick origin: when the worker was created (pod added). */
    readonly anchor: number,
    private readonly host: ProbeHost,
  ) {
    this.result = this.initialValue();
  }

  /** worker.go newWorker: readiness starts Failure, liveness Success, startup Unknown. */
  initialValue(): ProbeResult {
    return this.type === 'readiness' ? 'failure' : this.type === 'liveness' ? 'success' : 'unknown';
  }

  /** A new container appeared: reset the result, resume probing. */
  containerStarted(now: number): void {
    this.interrupt(now);
    this.result = this.initialValue();
    this.onHold = false;
    this.active = true;
    this.reschedule(now);
  }

  /** The container is not running any more: stop until a new one starts. */
  containerStopped(now: number): void {
    this.interrupt(now);
    this.active = false;
  }

  /** Stop for good (pod terminating or gone). */
  stop(now: number): void {
    this.containerStopped(now);
  }

  /**
   * Account for the skipped ticks before `now` under the outcome function valid until now and
   * cancel the pending tick. Call before changing what `outcome` returns; then `reschedule(now)`.
   */
  interrupt(now: number): void {
    if (!this.timer) return;
    this.timer.cancel();
    this.timer = undefined;
    this.applySuccesses(this.scan(this.scanFrom, now).successes);
  }

  /** Schedule the next tick at or after `from` that can matter. */
  reschedule(from: number): void {
    if (this.timer) {
      this.timer.cancel();
      this.timer = undefined;
    }
    if (!this.active || this.onHold) return;
    const s = this.scan(from, Infinity);
    this.scanFrom = from;
    if (s.next === undefined) return;
    const at = s.next;
    this.pendingSuccesses = s.successes;
    this.timer = this.host.schedule(at, this.type, () => {
      this.timer = undefined;
      this.applySuccesses(this.pendingSuccesses);
      this.doProbe(at);
      this.reschedule(at + 1);
    });
  }

  /** A manual trigger (prober_manager UpdatePodStatus runs readiness at once while not ready). */
  probeNow(now: number): void {
    if (!this.active || this.onHold) return;
    this.interrupt(now);
    this.doProbe(now);
    this.reschedule(now + 1);
  }

  private firstTick(t: number): number {
    if (t <= this.anchor) return this.anchor;
    return this.anchor + Math.ceil((t - this.anchor) / this.spec.period) * this.spec.period;
  }

  private scan(from: number, until: number): { next: number | undefined; successes: number } {
    const P = this.spec.period;
    let t = this.firstTick(from);
    let successes = 0;
    while (t < until) {
      const o = this.host.outcome(this, t);
      if (o === 'failure' || (o === 'success' && this.result !== 'success')) return { next: t, successes };
      const b = this.host.nextBreakpoint(this, t);
      const end = Math.min(b ?? Infinity, until);
      if (end === Infinity) return { next: undefined, successes: o === 'success' ? successes + 1e9 : successes };
      const n = Math.ceil((end - t) / P);
      if (o === 'success') successes += n;
      t += n * P;
    }
    return { next: undefined, successes };
  }

  private applySuccesses(n: number): void {
    if (n <= 0) return;
    if (this.lastResult === 'success') this.resultRun = Math.min(this.resultRun + n, 1e9);
    else {
      this.lastResult = 'success';
      this.resultRun = Math.min(n, 1e9);
    }
  }

  /** worker.go doProbe for one tick at `t`. */
  private doProbe(t: number): void {
    const o = this.host.outcome(this, t);
    if (o === 'skip') return;
    if (o === 'failure') this.host.failed(this, t);
    if (this.lastResult === o) this.resultRun++;
    else {
      this.lastResult = o;
      this.resultRun = 1;
    }
    if ((o === 'failure' && this.resultRun < this.spec.failureThreshold) || (o === 'success' && this.resultRun < this.spec.successThreshold)) return;
    const changed = this.result !== o;
    this.result = o;
    if ((this.type === 'liveness' || this.type === 'startup') && o === 'failure') {
      this.onHold = true;
      this.resultRun = 0;
    }
    if (changed) this.host.resultChanged(this, o);
  }
}
