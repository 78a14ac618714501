// Eviction manager benchmark: 1,000 nodes with 30,000 bound pods whose image uses 100Mi, for
// 1h of virtual time (nothing under pressure: after the first passes the loops sleep until a
// container starts or setUsage, see EvictionManager.dormant); the same hour with eviction off
// (no memory threshold) gives its overhead. A third run puts 100 of the nodes under memory
// pressure at 1m (one pod each grows to 3.9Gi): passes every 10s during the 5m transition
// period, rankings, evictions, node conditions. Each configuration runs in its own process.
// Goal: the eviction manager adds < 25% to the kubelets' cost.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { nodeAgents } from '../dist/src/kubelet/node-agents.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const NODES = arg('nodes', 1000);
const PODS = arg('pods', 30_000);
const HOT = arg('hot', 100);

function run(evictionHard, hot) {
  const images = new Map([['app:v1', { pull: 0, start: 0, readyAfter: 0, memory: 100 * 2 ** 20, stop: 0, missing: false }]]);
  const cluster = new Cluster({
    nodes: [{ name: 'node', count: NODES }],
    images,
    settings: { evictionHard },
    components: (c) => nodeAgents(c),
    engine: { keepTrace: false, hashTrace: true, maxEvents: 200_000_000 },
  });
  cluster.start();
  cluster.engine.run({ until: 0 });
  for (let i = 0; i < PODS; i++) {
    cluster.store.create(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default' }, spec: { nodeName: `node-${i % NODES}`, containers: [{ name: 'c', image: 'app:v1' }] } },
      { actor: 'bench', origin: 'system' },
    );
  }
  const t0 = process.hrtime.bigint();
  cluster.engine.run({ until: 60_000 });
  for (let n = 0; n < hot; n++) cluster.component(`kubelet/node-${n}`).setUsage(`default/p-${n}`, 'c', '3900Mi');
  cluster.engine.run({ until: 3_600_000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const evicted = cluster.store.list('Pod').filter((p) => p.status?.reason === 'Evicted').length;
  return { wall, events: cluster.engine.events, evicted };
}

// Each configuration in its own process (a second cluster in the same heap skews the timing).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const mode = process.argv[2];
if (mode === 'off' || mode === 'on' || mode === 'hot') {
  const r = mode === 'off' ? run({}, 0) : run({ 'memory.available': '100Mi' }, mode === 'hot' ? HOT : 0);
  console.log(JSON.stringify(r));
  process.exit(0);
}
const sub = (m) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), m, ...process.argv.slice(2)], { encoding: 'utf8' }).trim().split('\n').pop());
const off = sub('off');
const on = sub('on');
const hot = sub('hot');
console.log(
  JSON.stringify({
    bench: `eviction manager: ${NODES} nodes, ${PODS} pods using memory, 1h virtual`,
    wallSeconds: +on.wall.toFixed(3),
    evictionOffSeconds: +off.wall.toFixed(3),
    overheadPct: Math.round(((on.wall - off.wall) / off.wall) * 100),
    underPressureSeconds: +hot.wall.toFixed(3),
    evicted: hot.evicted,
    events: on.events,
    eventsEvictionOff: off.events,
  }),
);
