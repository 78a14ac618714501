/**
 * Runs a loaded Scenario: builds the Cluster from its cluster/images sections, starts the
 * enabled invariants and the components, then runs the steps in order on the virtual clock.
 * Invariants are checked after every engine event; the run stops at the first failed
 * expectation or violation. Never hangs: engine limits become verdict "error".
 */
import { Cluster, type ClusterOptions } from '../cluster/cluster.js';
import { EngineLimitError, type EngineOptions, type TraceEntry } from '../engine/engine.js';
import { formatDuration } from '../api/duration.js';
import { INVARIANTS } from '../invariants/index.js';
import type { Violation } from '../invariants/types.js';
import type { Diagnostic } from './diagnostic.js';
import { formatDocPath, InputError } from './diagnostic.js';
import { STEP_HANDLERS } from './steps/index.js';
import type { DocPath, StepRuntime } from './steps/types.js';
import { STEP_KEYS } from './step-keys.js';
import { StepFailure } from './step-failure.js';
import type { Scenario } from './types.js';
import { clusterOptions } from './cluster-options.js';
import { MAX_PODS, REPLICA_FIELDS, replicaFieldsOverLimit, tooManyPods, tooManyReplicas } from './model-limits.js';

export interface RunOptions {
  /** Overrides spec.seed. */
  seed?: number;
  /** Keep every trace entry in the result (`trace`). */
  trace?: boolean;
  /** Engine limits (event budget, horizon). */
  engine?: EngineOptions;
  /** Stop the run at this virtual time (ms), e.g. for `--at D --get KIND`; the verdict covers what ran. */
  stopAt?: number;
  /** Replace the default component set (tests). */
  components?: ClusterOptions['components'];
}

export interface RunFailure {
  /** `steps[3] waitFor` or the step's name. */
  step: string;
  message: string;
  diff?: string;
  /** Virtual time (ms) of the failure. */
  time: number;
  /** Where the failing step is written (absent for scenarios built without a loader). */
  at?: { file: string; line: number; col: number };
}

export interface RunResult {
  name: string;
  file: string | undefined;
  /** pass: every expectation held and no violation; fail: one did not; error: invalid input found while running, or an engine limit. */
  verdict: 'pass' | 'fail' | 'error';
  failures: RunFailure[];
  violations: Violation[];
  /** Input errors found while running (exit 2), positioned like load diagnostics. */
  diagnostics: Diagnostic[];
  /** verdict error without a diagnostic: what went wrong (engine limits, internal errors). */
  error?: string;
  /** Human timeline: `  0s   apply     deployment.apps/web created`. */
  timeline: string[];
  traceDigest: string;
  /** Number of engine events run. */
  events: number;
  /** Virtual time (ms) at the end. */
  virtualTime: number;
  /** Every trace entry (with `trace: true`). */
  trace?: readonly TraceEntry[];
  /** True when the run stopped at `stopAt` before the steps finished. */
  stoppedAt?: number;
  /** The cluster as it stands at the end (for printers). */
  cluster: Cluster;
}

class ViolationStop extends Error {}
class StopAt extends Error {}

/** Names of the invariants a scenario enables. */
export function enabledInvariants(s: Scenario): string[] {
  const inv = s.spec.invariants ?? 'all';
  const all = Object.keys(INVARIANTS).sort();
  if (inv === 'all') return all;
  if (Array.isArray(inv)) return inv.filter((n) => INVARIANTS[n]);
  const except = new Set(inv.except);
  return all.filter((n) => !except.has(n));
}

/** `  1m30s  apply     deployment.apps/web created` */
export function timelineLine(ms: number, what: string, message: string): string {
  return `${formatDuration(ms).padStart(6)}  ${what.padEnd(9)} ${message}`;
}

/** Run a scenario to its verdict. */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunResult {
  const copts = clusterOptions(scenario, opts.seed);
  copts.engine = { ...opts.engine, keepTrace: opts.trace ?? false };
  if (opts.components) copts.components = opts.components;
  const cluster = new Cluster(copts);
  const engine = cluster.engine;
  const file = scenario.source?.file;
  const timeline: string[] = [];
  const failures: RunFailure[] = [];
  const violations: Violation[] = [];
  const diagnostics: Diagnostic[] = [];
  let error: string | undefined;
  let stoppedAt: number | undefined;

  const invariants = enabledInvariants(scenario).map((n) => INVARIANTS[n]!());
  const report = (v: Violation): void => {
    violations.push(v.time === undefined ? { ...v, time: engine.now } : v);
  };
  let currentStep = '';
  let currentPath: DocPath = [];
  const checkAfterEvent = (): void => {
    const pods = cluster.store.count('Pod');
    if (pods > MAX_PODS) {
      const pos = locateStep(currentPath);
      throw new InputError({ code: 'TOO_LARGE', file: pos.file, line: pos.line, col: pos.col, message: tooManyPods(pods), path: formatDocPath(currentPath) });
    }
    for (const inv of invariants) inv.check?.();
    if (violations.length) throw new ViolationStop();
  };

  const locateStep = (path: DocPath): { file: string; line: number; col: number } =>
    scenario.source ? scenario.source.locate(path) : { file: file ?? '<scenario>', line: 0, col: 0 };

  try {
    for (const inv of invariants) inv.start(cluster, report);
    engine.afterEachEvent(checkAfterEvent);
    // A write (a patch, an undo, a controller) that asks a workload for more pods than the model
    // simulates ends the run with a clear error instead of hours of pod creation.
    cluster.store.watch((ev) => {
      if (ev.type === 'DELETED') return;
      for (const { path, n } of replicaFieldsOverLimit(ev.object)) {
        // Bad input (exit 2), positioned at the step that made the write.
        const pos = locateStep(currentPath);
        const message = `${ev.kind.toLowerCase()}/${ev.object.metadata.name}: ${tooManyReplicas(path.join('.'), n)}`;
        throw new InputError({ code: 'TOO_LARGE', file: pos.file, line: pos.line, col: pos.col, message, path: formatDocPath(currentPath) });
      }
    }, Object.keys(REPLICA_FIELDS));
    cluster.start();
    const steps = scenario.spec.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]! as Record<string, unknown>;
      const key = STEP_KEYS.find((k) => step[k] !== undefined)!;
      const path: DocPath = ['spec', 'steps', i];
      currentStep = typeof step.name === 'string' ? step.name : `steps[${i}] ${key}`;
      currentPath = path;
      const handler = STEP_HANDLERS[key];
      const rt: StepRuntime = {
        cluster,
        path,
        step,
        manifests: scenario.source?.manifests.get(i),
        advanceTo(t: number) {
          if (opts.stopAt !== undefined && t > opts.stopAt) {
            engine.run({ until: opts.stopAt });
            throw new StopAt();
          }
          engine.run({ until: t });
        },
        advanceUntil(cond: () => boolean, deadline: number) {
          if (cond()) return true;
          const limit = opts.stopAt !== undefined ? Math.min(deadline, opts.stopAt) : deadline;
          engine.run({ until: limit, stopWhen: cond });
          if (cond()) return true;
          if (limit < deadline) throw new StopAt();
          return false;
        },
        log(message: string) {
          timeline.push(timelineLine(engine.now, key, message));
        },
        inputError(code: string, message: string, subPath: DocPath = []): never {
          const full = [...path, key, ...subPath];
          const pos = locateStep(full);
          throw new InputError({ code, file: pos.file, line: pos.line, col: pos.col, message, path: formatDocPath(full) });
        },
        fail(message: string): never {
          throw new StepFailure(message);
        },
        failWithDiff(message: string, diff: string): never {
          throw new StepFailure(message, diff);
        },
      } as StepRuntime;
      if (!handler) rt.inputError('STEP_NOT_SUPPORTED', `step "${key}" is not supported yet`);
      handler!(step[key], rt);
      if (violations.length) throw new ViolationStop();
    }
  } catch (e) {
    if (e instanceof StepFailure) {
      const f: RunFailure = { step: currentStep, message: e.message, time: engine.now };
      if (e.diff !== undefined) f.diff = e.diff;
      if (scenario.source) f.at = scenario.source.locate(currentPath);
      failures.push(f);
      timeline.push(timelineLine(engine.now, 'FAIL', `${currentStep}: ${e.message}`));
    } else if (e instanceof InputError) {
      diagnostics.push(e.diagnostic);
    } else if (e instanceof ViolationStop) {
      for (const v of violations) timeline.push(timelineLine(v.time ?? engine.now, 'VIOLATION', `${v.invariant}: ${v.message}`));
    } else if (e instanceof StopAt) {
      stoppedAt = engine.now;
    } else if (e instanceof EngineLimitError) {
      error = `${currentStep}: ${e.message}`;
    } else {
      const err = e as Error;
      error = `${currentStep}: internal error: ${err?.stack ?? String(e)}`;
    }
  }
  const verdict: RunResult['verdict'] = diagnostics.length || error !== undefined ? 'error' : failures.length || violations.length ? 'fail' : 'pass';
  const result: RunResult = {
    name: scenario.metadata.name,
    file,
    verdict,
    failures,
    violations,
    diagnostics,
    timeline,
    traceDigest: engine.traceDigest(),
    events: engine.events,
    virtualTime: engine.now,
    cluster,
  };
  if (error !== undefined) result.error = error;
  if (stoppedAt !== undefined) result.stoppedAt = stoppedAt;
  if (opts.trace) result.trace = engine.traceEntries();
  return result;
}
