// Engine throughput: no-op events through the (time, seq) heap. Goal ≥ 2,000,000 events/s.
import { Engine } from '../dist/src/engine/index.js';

function run(label, opts, n, fanout) {
  const e = new Engine({ maxEvents: n * 2, ...opts });
  const noop = () => {};
  // Keep `fanout` events in flight, each rescheduling itself: the heap stays `fanout` deep.
  let left = n;
  const tick = () => {
    if (--left > 0) e.after(1 + (left % 97), 'bench', 'tick', 'o', tick);
  };
  for (let i = 0; i < fanout; i++) e.after(i % 100, 'bench', 'tick', 'o', tick);
  e.at(0, 'bench', 'noop', 'o', noop);
  const t0 = process.hrtime.bigint();
  e.run();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ bench: `engine ${label}`, events: e.events, wallSeconds: +secs.toFixed(3), eventsPerSecond: Math.round(e.events / secs) }));
}

run('no-op, no trace, heap 1k', { keepTrace: false, hashTrace: false }, 5_000_000, 1_000);
run('no-op, hashed trace, heap 1k', { keepTrace: false, hashTrace: true }, 2_000_000, 1_000);
run('no-op, no trace, heap 100k', { keepTrace: false, hashTrace: false }, 3_000_000, 100_000);
