// Node lifecycle benchmark: 5,000 nodes with 150,000 bound pods (kubelets, node lifecycle
// controller, taint eviction controller, pod GC; no scheduler). 50 nodes die at 1m; the run
// goes to 1h of virtual time (NotReady, taints, 300s toleration, eviction of 1,500 pods).
// Reports the wall time of the hour after creation and the same hour without the three
// controllers (their overhead). Goal: the controllers add < 50% to the kubelets' cost.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { nodeAgents } from '../dist/src/kubelet/node-agents.js';
import { NodeLifecycleController } from '../dist/src/controllers/node-lifecycle.js';
import { TaintEvictionController } from '../dist/src/controllers/taint-eviction.js';
import { PodGCController } from '../dist/src/controllers/pod-gc.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const NODES = arg('nodes', 5000);
const PODS = arg('pods', 150_000);
const DEAD = arg('dead', 50);

function run(withControllers) {
  const cluster = new Cluster({
    nodes: [{ name: 'node', count: NODES }],
    components: (c) => [...nodeAgents(c), ...(withControllers ? [new NodeLifecycleController(), new TaintEvictionController(), new PodGCController()] : [])],
    engine: { keepTrace: false, hashTrace: true, maxEvents: 200_000_000 },
  });
  cluster.start();
  cluster.engine.run({ until: 0 });
  for (let i = 0; i < PODS; i++) {
    cluster.store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default' },
        spec: { nodeName: `node-${i % NODES}`, containers: [{ name: 'c', image: 'nginx:1.25' }] },
      },
      { actor: 'bench', origin: 'system' },
    );
  }
  const t0 = process.hrtime.bigint();
  cluster.engine.run({ until: 60_000 });
  for (let i = 0; i < DEAD; i++) cluster.component(`kubelet/node-${i}`).kill();
  cluster.engine.run({ until: 3_600_000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let terminating = 0;
  for (let i = 0; i < DEAD; i++) for (const p of cluster.store.podsOnNode(`node-${i}`)) if (p.metadata.deletionTimestamp) terminating++;
  return { wall, events: cluster.engine.events, terminating };
}

const base = run(false);
const full = run(true);
console.log(
  JSON.stringify({
    bench: `node lifecycle: ${NODES} nodes, ${PODS} pods, ${DEAD} nodes die, 1h virtual`,
    wallSeconds: +full.wall.toFixed(3),
    kubeletsOnlySeconds: +base.wall.toFixed(3),
    overheadPct: Math.round(((full.wall - base.wall) / base.wall) * 100),
    events: full.events,
    evictedTerminating: full.terminating,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
