// Scheduler throughput: pods scheduled (bound) per second of wall time on 5,000 nodes.
// Size: --nodes N --pods N (or NODES=/PODS= in the environment); e.g. --nodes 5000 --pods 20000.
// --cycle: the scheduling algorithm alone (see cycleOnly below).
// cpuMicrosPerPod: CPU µs per pod for the whole run (bind, events, watch fan-out included);
// --cycle gives the scheduling algorithm's own cost.
// 1) scheduler alone: 5,000 Node objects, 150,000 pods owned by 300 ReplicaSets (so system
//    default spreading runs), requests 100m / 128Mi; every pod created up front, then the engine
//    runs until the queue is empty. Checks every pod is bound and no node is over-committed.
// 2) the whole cluster (kubelets included) to Running, when the default components can run it:
//    5,000 nodes, 150,000 pods, counting the time until every pod is Running.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { Scheduler, numFeasibleNodesToFind } from '../dist/src/scheduler/scheduler.js';
import { CycleState } from '../dist/src/scheduler/framework.js';
import { newPodInfo } from '../dist/src/scheduler/pod-info.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const NODES = arg('nodes', Number(process.env.NODES ?? 5000));
const PODS = arg('pods', Number(process.env.PODS ?? 150000));
const RS = 300;

function nodeObj(i) {
  const name = `node-${String(i).padStart(5, '0')}`;
  const alloc = { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: {},
    status: { capacity: alloc, allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function schedulerOnly() {
  const sched = new Scheduler();
  const cluster = new Cluster({ seed: 1, components: () => [sched], engine: { keepTrace: false, maxEvents: 1e9 } });
  cluster.events.enabled = true;
  cluster.start();
  const store = cluster.store;
  for (let i = 0; i < NODES; i++) store.create(nodeObj(i), { actor: 'bench', origin: 'system' });
  const owners = [];
  for (let r = 0; r < RS; r++) {
    const rs = store.create(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: `app-${r}-abcde`, namespace: 'default', labels: { app: `app-${r}` } },
        spec: { replicas: PODS / RS, selector: { matchLabels: { app: `app-${r}`, 'pod-template-hash': 'abcde' } }, template: { metadata: { labels: { app: `app-${r}`, 'pod-template-hash': 'abcde' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
      },
      { actor: 'bench', origin: 'system' },
    );
    owners.push(rs);
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PODS; i++) {
    const rs = owners[i % RS];
    store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${rs.metadata.name}-${i}`,
          namespace: 'default',
          labels: { app: rs.metadata.labels.app, 'pod-template-hash': 'abcde' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      },
      { actor: 'bench', origin: 'system' },
    );
  }
  const t1 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  cluster.engine.run();
  const cpu = process.cpuUsage(cpu0);
  const t2 = process.hrtime.bigint();
  // On a shared machine wall time includes other processes' turns; CPU time does not.
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const createSecs = Number(t1 - t0) / 1e9;
  const schedSecs = Number(t2 - t1) / 1e9;
  // Sanity: all bound, none over 110 pods per node.
  let maxPods = 0;
  for (const ni of sched.cache.nodes.values()) maxPods = Math.max(maxPods, ni.podCount);
  console.log(
    JSON.stringify({
      bench: `scheduler alone ${NODES} nodes ${PODS} pods`,
      bound: sched.scheduledCount,
      maxPodsPerNode: maxPods,
      createSeconds: +createSecs.toFixed(2),
      scheduleSeconds: +schedSecs.toFixed(2),
      podsScheduledPerSecond: Math.round(sched.scheduledCount / schedSecs),
      scheduleCpuSeconds: +cpuSecs.toFixed(2),
      podsScheduledPerCpuSecond: Math.round(sched.scheduledCount / cpuSecs),
      podsPerSecondIncludingCreate: Math.round(sched.scheduledCount / (createSecs + schedSecs)),
      cpuMicrosPerPod: +((cpuSecs * 1e6) / sched.scheduledCount).toFixed(1),
    }),
  );
}

// The whole cluster (kubelets, node lifecycle, events...) to Running: opt-in with FULL=1
// (FULL_PODS, default 20,000), since it measures every component, not only the scheduler.
function fullCluster() {
  const pods = Number(process.env.FULL_PODS ?? 20000);
  const cluster = new Cluster({
    seed: 1,
    nodes: [{ name: 'node', count: NODES, capacity: { cpu: '32', memory: '128Gi', pods: '110' } }],
    engine: { keepTrace: false, maxEvents: 1e9 },
  });
  cluster.start();
  cluster.engine.run({ until: 1000 });
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < pods; i++) {
    cluster.store.create(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', labels: { app: `app-${i % RS}` } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } },
      { actor: 'bench', origin: 'system' },
    );
  }
  let running = 0;
  for (let t = 2000; running < pods && t < 3_600_000; t += 1000) {
    cluster.engine.run({ until: t });
    running = cluster.store.list('Pod', { fieldSelector: 'status.phase=Running' }).length;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      bench: `cluster to Running ${NODES} nodes ${pods} pods`,
      running,
      virtualSeconds: cluster.engine.now / 1000,
      wallSeconds: +secs.toFixed(2),
      podsRunningPerSecond: Math.round(running / secs),
      cpuSeconds: +cpuSecs.toFixed(2),
      podsRunningPerCpuSecond: Math.round(running / cpuSecs),
    }),
  );
}

// --cycle: the scheduling algorithm alone, without binding: NODES nodes holding PODS bound pods,
// then schedulePod() (PreFilter, Filter, Score, selectHost) for 4,000 pending pods of each kind
// (no owner; owned by a ReplicaSet, so system default spreading scores too), the best of 120
// batches of 100 (a shared machine's other processes and GC pauses excluded).
function cycleOnly() {
  const sched = new Scheduler();
  const cluster = new Cluster({ seed: 1, components: () => [sched], engine: { keepTrace: false, hashTrace: false, maxEvents: 1e9 } });
  cluster.start();
  const store = cluster.store;
  const o = { actor: 'bench', origin: 'system' };
  for (let i = 0; i < NODES; i++) store.create(nodeObj(i), o);
  const owners = [];
  for (let r = 0; r < RS; r++) {
    owners.push(
      store.create(
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `app-${r}`, namespace: 'default' }, spec: { replicas: 0, selector: { matchLabels: { app: `app-${r}` } }, template: { metadata: { labels: { app: `app-${r}` } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } },
        o,
      ),
    );
  }
  const podObj = (i, owned) => {
    const rs = owners[i % RS];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: rs.metadata.name }, ...(owned ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }] } : {}) },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
    };
  };
  for (let i = 0; i < PODS; i++) store.create(podObj(i, true), o);
  cluster.engine.run();
  const micros = {};
  for (const [kind, owned] of [['noOwner', false], ['replicaSet', true]]) {
    const pods = [];
    for (let i = 0; i < 4000; i++) pods.push(podObj(1_000_000 + i, owned));
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      for (let b = 0; b < 40; b++) {
        const t = process.hrtime.bigint();
        for (let j = 0; j < 100; j++) sched.schedulePod(new CycleState(newPodInfo(pods[b * 100 + j]), sched.cache, 0, (pi) => sched.defaultSelector(pi)));
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / 100);
      }
    }
    micros[kind] = +best.toFixed(1);
  }
  console.log(JSON.stringify({ bench: `scheduling cycle alone, ${NODES} nodes, ${PODS} bound pods`, nodesEvaluatedPerPod: Math.min(NODES, numFeasibleNodesToFind(NODES)), schedulePodMicrosPerPod: micros }));
}

if (process.argv.includes('--cycle')) cycleOnly();
else {
  schedulerOnly();
  if (process.env.FULL === '1') fullCluster();
}
