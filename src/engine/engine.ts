import { EventHeap } from './heap.js';
import { makeRng, type Rng } from './rng.js';

/** One line of the trace: what ran, when, by whom, on what. */
export interface TraceEntry {
  time: number;
  component: string;
  action: string;
  object: string;
  detail?: string;
}

/** A handle to a scheduled event; `cancel()` makes it a no-op that is not traced. */
export interface Timer {
  readonly time: number;
  cancel(): void;
  readonly cancelled: boolean;
}

/** A queued event; it is its own Timer handle (one allocation per event on the hot path). */
class Scheduled implements Timer {
  cancelled = false;
  constructor(
    readonly time: number,
    readonly seq: number,
    readonly component: string,
    readonly action: string,
    readonly object: string,
    readonly fn: () => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

export interface EngineOptions {
  seed?: number;
  /** Stop with an EngineLimitError after this many events (default 50,000,000). */
  maxEvents?: number;
  /** Stop with an EngineLimitError when an event is due after this virtual time in ms (default 400 days). */
  horizon?: number;
  /** Keep trace entries in memory (default true). */
  keepTrace?: boolean;
  /** Hash every trace line into traceDigest() (default true; benchmarks of the bare engine turn it off). */
  hashTrace?: boolean;
}

/** Thrown when a run exceeds its event budget or virtual-time horizon. */
export class EngineLimitError extends Error {
  constructor(
    message: string,
    readonly limit: 'events' | 'horizon',
  ) {
    super(message);
    this.name = 'EngineLimitError';
  }
}

/**
 * The discrete-event core: virtual time in integer milliseconds and a queue of events ordered
 * by (time, insertion sequence). Everything else (store, controllers, kubelets, steps) is a
 * client that schedules plain synchronous functions here. No wall clock, no promises.
 */
export class Engine {
  private queue = new EventHeap<Scheduled>();
  private seqCounter = 0;
  private nowMs = 0;
  private eventCount = 0;
  private readonly streams = new Map<string, Rng>();
  private readonly trace: TraceEntry[] = [];
  private traceHash = 0x811c9dc5;
  private traceLines = 0;
  private hashTimeAt = -1;
  private hashTimeText = '';
  private readonly listeners: Array<(e: TraceEntry) => void> = [];
  private readonly afterEventHooks: Array<() => void> = [];
  readonly seed: number;
  readonly maxEvents: number;
  readonly horizon: number;
  private readonly keepTrace: boolean;
  private readonly hashTrace: boolean;
  /** The event currently running (time, component, action, object), for components that want to name their cause. */
  current: TraceEntry | undefined;

  constructor(opts: EngineOptions = {}) {
    this.seed = opts.seed ?? 0;
    this.maxEvents = opts.maxEvents ?? 50_000_000;
    this.horizon = opts.horizon ?? 400 * 24 * 3600 * 1000;
    this.keepTrace = opts.keepTrace ?? true;
    this.hashTrace = opts.hashTrace ?? true;
  }

  /** Current virtual time in milliseconds. */
  get now(): number {
    return this.nowMs;
  }

  /** Number of events run so far. */
  get events(): number {
    return this.eventCount;
  }

  /** Number of events waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending (non-cancelled) event, or undefined. */
  nextTime(): number | undefined {
    let top = this.queue.peek();
    while (top && top.cancelled) {
      this.queue.pop();
      top = this.queue.peek();
    }
    return top?.time;
  }

  /** The named random stream derived from the seed (created on first use). */
  rng(name: string): Rng {
    let r = this.streams.get(name);
    if (!r) {
      r = makeRng(this.seed, name);
      this.streams.set(name, r);
    }
    return r;
  }

  /** Schedule `fn` at absolute virtual time `time` (ms, clamped to now). */
  at(time: number, component: string, action: string, object: string, fn: () => void): Timer {
    const t = time > this.nowMs ? (Number.isInteger(time) ? time : Math.round(time)) : this.nowMs;
    const ev = new Scheduled(t, this.seqCounter++, component, action, object, fn);
    this.queue.push(ev);
    return ev;
  }

  /** Schedule `fn` `delay` ms from now. */
  after(delay: number, component: string, action: string, object: string, fn: () => void): Timer {
    return this.at(this.nowMs + Math.max(0, delay), component, action, object, fn);
  }

  /** Record a trace line without running an event (e.g. a store commit inside an event). */
  record(component: string, action: string, object: string, detail?: string): void {
    const e: TraceEntry = detail === undefined
      ? { time: this.nowMs, component, action, object }
      : { time: this.nowMs, component, action, object, detail };
    this.emit(e);
  }

  /**
   * record(component, action, `${kind}/${ns}/${name}`) (`${kind}/${name}` when ns is ''): the
   * store's commit line. When the trace is only hashed, the object text is hashed part by part
   * and neither the string nor the entry is built (the same digest).
   */
  recordObject(component: string, action: string, kind: string, ns: string, name: string): void {
    if (this.keepTrace || this.listeners.length > 0) {
      this.record(component, action, ns ? [kind, '/', ns, '/', name].join('') : [kind, '/', name].join(''));
      return;
    }
    if (!this.hashTrace) {
      this.traceLines++;
      return;
    }
    const time = this.nowMs;
    if (time !== this.hashTimeAt) {
      this.hashTimeAt = time;
      this.hashTimeText = String(time);
    }
    let h = fnv(this.traceHash, this.hashTimeText);
    h = fnv(Math.imul(h ^ 9, 0x01000193), component);
    h = fnv(Math.imul(h ^ 9, 0x01000193), action);
    h = fnv(Math.imul(h ^ 9, 0x01000193), kind);
    h = Math.imul(h ^ 47, 0x01000193);
    if (ns) {
      h = fnv(h, ns);
      h = Math.imul(h ^ 47, 0x01000193);
    }
    h = fnv(h, name);
    h ^= 10;
    this.traceHash = Math.imul(h, 0x01000193);
    this.traceLines++;
  }

  /** Subscribe to every trace entry. */
  onTrace(fn: (e: TraceEntry) => void): void {
    this.listeners.push(fn);
  }

  /** Run `fn` after every event (invariant checks, `hold` assertions). */
  afterEachEvent(fn: () => void): () => void {
    this.afterEventHooks.push(fn);
    return () => {
      const i = this.afterEventHooks.indexOf(fn);
      if (i >= 0) this.afterEventHooks.splice(i, 1);
    };
  }

  /** Run one event. Returns false when the queue is empty. */
  step(): boolean {
    const ev = this.queue.pop();
    if (!ev) return false;
    if (ev.cancelled) return true;
    if (ev.time > this.horizon) {
      throw new EngineLimitError(
        `virtual-time horizon exceeded: an event (${ev.component} ${ev.action} ${ev.object}) is due at ${ev.time}ms, after the horizon of ${this.horizon}ms`,
        'horizon',
      );
    }
    if (++this.eventCount > this.maxEvents) {
      throw new EngineLimitError(
        `event budget exhausted: more than ${this.maxEvents} events by virtual time ${this.nowMs}ms (last: ${ev.component} ${ev.action} ${ev.object}); a controller may be looping`,
        'events',
      );
    }
    this.nowMs = ev.time;
    // A Scheduled has the TraceEntry fields, so it serves as the entry without a copy.
    this.current = ev;
    if (this.keepTrace || this.hashTrace || this.listeners.length > 0) this.emit(ev);
    else this.traceLines++;
    ev.fn();
    this.current = undefined;
    const hooks = this.afterEventHooks;
    for (let i = 0; i < hooks.length; i++) hooks[i]!();
    return true;
  }

  /**
   * Run every event due at or before `until` (ms), then set the clock to `until`. With no
   * `until`, run until the queue is empty. `stopWhen` is checked after each event.
   */
  run(opts: { until?: number; stopWhen?: () => boolean } = {}): void {
    const until = opts.until;
    for (;;) {
      const next = this.nextTime();
      if (next === undefined) break;
      if (until !== undefined && next > until) break;
      this.step();
      if (opts.stopWhen && opts.stopWhen()) return;
    }
    if (until !== undefined && until > this.nowMs) {
      if (until > this.horizon) {
        throw new EngineLimitError(`virtual-time horizon exceeded: cannot advance to ${until}ms (horizon ${this.horizon}ms)`, 'horizon');
      }
      this.nowMs = until;
    }
  }

  /** All trace entries kept so far. */
  traceEntries(): readonly TraceEntry[] {
    return this.trace;
  }

  /** FNV-1a hash (hex) over every trace line, stable across runs and machines. */
  traceDigest(): string {
    return `${(this.traceHash >>> 0).toString(16).padStart(8, '0')}-${this.traceLines}`;
  }

  private emit(e: TraceEntry): void {
    if (this.keepTrace) this.trace.push(e instanceof Scheduled ? { time: e.time, component: e.component, action: e.action, object: e.object } : e);
    if (this.hashTrace) {
      // FNV-1a over formatTraceLine(e) + '\n', fed part by part (no line string is built).
      if (e.time !== this.hashTimeAt) {
        this.hashTimeAt = e.time;
        this.hashTimeText = String(e.time);
      }
      let h = fnv(this.traceHash, this.hashTimeText);
      h = fnv(Math.imul(h ^ 9, 0x01000193), e.component);
      h = fnv(Math.imul(h ^ 9, 0x01000193), e.action);
      h = fnv(Math.imul(h ^ 9, 0x01000193), e.object);
      if (e.detail !== undefined) h = fnv(Math.imul(h ^ 9, 0x01000193), e.detail);
      h ^= 10;
      this.traceHash = Math.imul(h, 0x01000193);
    }
    this.traceLines++;
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i]!(e);
  }
}

/** FNV-1a step over the UTF-16 code units of `s`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** One trace line: `time component action object [detail]`. */
export function formatTraceLine(e: TraceEntry): string {
  return `${e.time}\t${e.component}\t${e.action}\t${e.object}${e.detail === undefined ? '' : `\t${e.detail}`}`;
}
