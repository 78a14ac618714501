// Whole-cluster rollouts with the full default component set (ReplicaSet + Deployment
// controllers create the pods, the real scheduler binds them, the real kubelets run them):
//  1. DEPLOYMENTS Deployments (default 1,000) × REPLICAS pods (default 150) on NODES nodes
//     (default 5,000), scaled up, then all rolled to a new image at once. Goal: rollout ≤ 30 s
//     wall and ≤ 4 GiB.
//  2. One Deployment of BIG replicas (default 10,000) scaled up and rolled.
// Quick check: `node bench/cluster-rollout.bench.mjs --deployments 50 --replicas 30 --nodes 200 --big 1000`.
import { Cluster } from '../dist/src/cluster/cluster.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};

let peakRss = 0;
const sampleRss = () => {
  const r = process.memoryUsage.rss();
  if (r > peakRss) peakRss = r;
};

function scenario(label, deployments, replicas, nodes) {
  peakRss = 0;
  const cluster = new Cluster({
    seed: 1,
    nodes: [{ name: 'node', count: nodes, capacity: { cpu: '64', memory: '256Gi', pods: '110' } }],
    engine: { keepTrace: false, hashTrace: true, maxEvents: 1e10 },
  });
  cluster.start();
  cluster.engine.run({ until: 0 });
  const { store, engine } = cluster;
  const opts = { actor: 'bench', origin: 'system' };
  const nsOf = (d) => `ns-${d % Math.max(1, Math.min(deployments, 100))}`;
  for (let n = 0; n < Math.min(deployments, 100); n++) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }, opts);
  const dep = (d, image) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${d}`, namespace: nsOf(d) },
    spec: {
      replicas,
      selector: { matchLabels: { app: `web-${d}` } },
      template: { metadata: { labels: { app: `web-${d}` } }, spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  });
  // A Deployment is done when its status reports the whole rollout of `image` complete.
  let want = '';
  const done = new Set();
  store.watch((e) => {
    if (e.type === 'DELETED') return;
    const d = e.object;
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const st = d.status ?? {};
    const ok =
      d.spec.template.spec.containers[0].image === want &&
      (st.observedGeneration ?? 0) >= d.metadata.generation &&
      st.updatedReplicas === replicas &&
      st.availableReplicas === replicas &&
      st.replicas === replicas &&
      st.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable';
    if (ok) done.add(key);
    else done.delete(key);
  }, ['Deployment']);

  const phase = (name, act) => {
    done.clear();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const e0 = engine.events;
    const v0 = engine.now;
    act();
    let until = engine.now;
    while (done.size < deployments && engine.pending > 0) {
      until += 1000;
      engine.run({ until, stopWhen: () => done.size >= deployments });
      sampleRss();
      if (until - v0 > 4 * 3_600_000) break;
    }
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    console.log(
      JSON.stringify({
        bench: `${label} ${name}`,
        deployments,
        replicas,
        nodes,
        completed: done.size,
        wallSeconds: +wall.toFixed(3),
        cpuSeconds: +cpuSecs.toFixed(3),
        podsPerSecond: Math.round((deployments * replicas) / wall),
        virtualSeconds: (engine.now - v0) / 1000,
        engineEvents: engine.events - e0,
        engineEventsPerSecond: Math.round((engine.events - e0) / wall),
        pods: store.count('Pod'),
        eventObjects: store.count('Event'),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      }),
    );
  };

  phase('scale-up', () => {
    want = 'web:v1';
    for (let d = 0; d < deployments; d++) store.create(dep(d, 'web:v1'), { actor: 'bench' });
  });
  phase('rollout', () => {
    want = 'web:v2';
    for (let d = 0; d < deployments; d++) {
      const cur = store.get('Deployment', nsOf(d), `web-${d}`);
      store.update({ ...cur, spec: { ...cur.spec, template: { ...cur.spec.template, spec: { containers: [{ ...cur.spec.template.spec.containers[0], image: 'web:v2' }] } } } }, { actor: 'bench' });
    }
  });
}

if (arg('deployments', 1000) > 0) scenario(`cluster-rollout ${arg('deployments', 1000)}x${arg('replicas', 150)}`, arg('deployments', 1000), arg('replicas', 150), arg('nodes', 5000));
if (arg('big', 10_000) > 0) scenario(`cluster-rollout single ${arg('big', 10_000)}`, 1, arg('big', 10_000), arg('nodes', 5000));
