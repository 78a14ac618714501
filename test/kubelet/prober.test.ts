import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { makeRng } from '../../src/engine/rng.js';
import { ProbeWorker, probeSpec, type Outcome, type ProbeType } from '../../src/kubelet/prober.js';

/**
 * The probe worker skips ticks that cannot change anything. It must give exactly what
 * worker.go gives when it probes on every tick: the same failed probes (Unhealthy events) and
 * the same result changes at the same times. Compared here against a literal per-tick worker
 * over random piecewise-constant outcomes, thresholds and periods.
 */
function naive(type: ProbeType, spec: ReturnType<typeof probeSpec>, anchor: number, outcome: (t: number) => Outcome, end: number) {
  let result = type === 'readiness' ? 'failure' : type === 'liveness' ? 'success' : 'unknown';
  let last: string | undefined;
  let run = 0;
  let onHold = false;
  const log: string[] = [];
  for (let t = anchor; t <= end; t += spec.period) {
    if (onHold) break;
    const o = outcome(t);
    if (o === 'skip') continue;
    if (o === 'failure') log.push(`fail@${t}`);
    if (last === o) run++;
    else {
      last = o;
      run = 1;
    }
    if ((o === 'failure' && run < spec.failureThreshold) || (o === 'success' && run < spec.successThreshold)) continue;
    if (result !== o) log.push(`${o}@${t}`);
    result = o;
    if (type !== 'readiness' && o === 'failure') {
      onHold = true;
      run = 0;
    }
  }
  return log;
}

describe('probe worker tick skipping', () => {
  it('matches a per-tick worker on random outcome schedules', () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = makeRng(seed, 'prober-test');
      const type = (['readiness', 'liveness', 'startup'] as const)[rng.int(3)];
      const spec = probeSpec({ periodSeconds: 1 + rng.int(10), failureThreshold: 1 + rng.int(4), successThreshold: type === 'readiness' ? 1 + rng.int(3) : 1, initialDelaySeconds: rng.int(20) });
      const anchor = rng.int(5000);
      const breaks: number[] = [];
      const values: Outcome[] = [];
      let t = anchor;
      for (let i = 0; i < 1 + rng.int(8); i++) {
        t += 1 + rng.int(120_000);
        breaks.push(t);
        values.push((['success', 'failure', 'skip', 'success'] as const)[rng.int(4)]);
      }
      const start = anchor + spec.initialDelay;
      const outcome = (x: number): Outcome => {
        if (x < start) return 'skip';
        let v: Outcome = 'success';
        for (let i = 0; i < breaks.length; i++) if (x >= breaks[i]!) v = values[i]!;
        return v;
      };
      const end = anchor + 2_000_000;
      const engine = new Engine({ keepTrace: false, hashTrace: false });
      const log: string[] = [];
      const w: ProbeWorker = new ProbeWorker(type, 'c', spec, anchor, {
        schedule: (at, _type, fn) => engine.at(at, 't', 'probe', 'c', fn),
        outcome: (_w, x) => outcome(x),
        nextBreakpoint: (_w, x) => [start, ...breaks].find((b) => b > x),
        failed: (_w, x) => log.push(`fail@${x}`),
        resultChanged: (_w, r) => log.push(`${r}@${engine.now}`),
      });
      engine.run({ until: anchor });
      w.containerStarted(anchor);
      // Interrupt (as a failProbe/healProbe with no effect would) at random times: must not change anything.
      for (let i = 0; i < 3; i++) {
        const at = anchor + rng.int(1_000_000);
        engine.at(at, 't', 'poke', 'c', () => {
          w.interrupt(at);
          w.reschedule(at);
        });
      }
      engine.run({ until: end });
      expect(log, `seed ${seed}`).toEqual(naive(type, spec, anchor, outcome, end));
    }
  });
});
