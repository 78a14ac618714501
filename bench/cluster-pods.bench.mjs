// Whole-cluster pod startup: PODS pods (default 150,000) created unbound in NAMESPACES
// namespaces, scheduled by the real Scheduler and started by the real kubelets on NODES nodes
// (default 5,000), with the full default component set. Goal: ≥ 15,000 pods/s to Running.
// Size: `node bench/cluster-pods.bench.mjs --pods 15000 --nodes 500` for a quick check.
import { Cluster } from '../dist/src/cluster/cluster.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const NODES = arg('nodes', 5000);
const PODS = arg('pods', 150_000);
const NAMESPACES = arg('namespaces', Math.max(1, Math.round(PODS / 30)));

let peakRss = 0;
const sampleRss = () => {
  const r = process.memoryUsage.rss();
  if (r > peakRss) peakRss = r;
};

const t0 = process.hrtime.bigint();
const cluster = new Cluster({
  seed: 1,
  nodes: [{ name: 'node', count: NODES, capacity: { cpu: '64', memory: '256Gi', pods: '110' } }],
  engine: { keepTrace: false, hashTrace: true, maxEvents: 1e9 },
});
cluster.start();
cluster.engine.run({ until: 0 });
const { store, engine } = cluster;
const opts = { actor: 'bench', origin: 'system' };
for (let n = 0; n < NAMESPACES; n++) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }, opts);
engine.run({ until: 1 });
sampleRss();

const c0 = process.cpuUsage();
const tStart = process.hrtime.bigint();
const e0 = engine.events;
for (let i = 0; i < PODS; i++) {
  store.create(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: `ns-${i % NAMESPACES}`, labels: { app: `app-${i % NAMESPACES}` } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    },
    opts,
  );
  if ((i & 4095) === 0) sampleRss();
}
const tCreated = process.hrtime.bigint();
// Run until every pod is Running (count phase transitions through the watch, no list scans).
let running = 0;
store.watch((e) => {
  if (e.type === 'MODIFIED' && e.object.status?.phase === 'Running' && e.old?.status?.phase !== 'Running') running++;
}, ['Pod']);
let virtualStep = engine.now;
while (running < PODS && engine.pending > 0) {
  virtualStep += 1000;
  engine.run({ until: virtualStep, stopWhen: () => running >= PODS });
  sampleRss();
  if (virtualStep - engine.now > 3_600_000) break;
}
const tEnd = process.hrtime.bigint();
const cpu = process.cpuUsage(c0);
sampleRss();
const s = (a, b) => Number(b - a) / 1e9;
const wall = s(tStart, tEnd);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    bench: `cluster ${PODS} pods on ${NODES} nodes (scheduler + kubelets) to Running`,
    running,
    setupSeconds: +s(t0, tStart).toFixed(3),
    createSeconds: +s(tStart, tCreated).toFixed(3),
    runSeconds: +s(tCreated, tEnd).toFixed(3),
    wallSeconds: +wall.toFixed(3),
    cpuSeconds: +cpuSecs.toFixed(3),
    podsPerSecond: Math.round(running / wall),
    podsPerCpuSecond: Math.round(running / cpuSecs),
    virtualMs: engine.now,
    engineEvents: engine.events - e0,
    engineEventsPerSecond: Math.round((engine.events - e0) / wall),
    eventObjects: store.count('Event'),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
