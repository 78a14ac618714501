// Kubelet benchmarks (node agents only, pods created already bound, no scheduler):
//  1. 150,000 pods on 5,000 nodes from creation to Running. Goal ≥ 15,000 pods/s overall.
//  2. A 24-hour virtual run of 100 pods with liveness + readiness probes every 10s.
//     Goal ≥ 100,000× real time.
import { Cluster, DEFAULT_IMAGE } from '../dist/src/cluster/cluster.js';
import { nodeAgents } from '../dist/src/kubelet/node-agents.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};

function podsToRunning(nodes, pods, events = true) {
  const t0 = process.hrtime.bigint();
  const cluster = new Cluster({
    nodes: [{ name: 'node', count: nodes }],
    components: (c) => nodeAgents(c),
    engine: { keepTrace: false, hashTrace: true, maxEvents: 100_000_000 },
  });
  cluster.start();
  cluster.engine.run({ until: 0 });
  cluster.events.enabled = events;
  const tStart = process.hrtime.bigint();
  for (let i = 0; i < pods; i++) {
    cluster.store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default', labels: { app: 'bench' } },
        spec: { nodeName: `node-${i % nodes}`, containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
      { actor: 'bench', origin: 'system' },
    );
  }
  const tCreated = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  cluster.engine.run({ until: 1000 });
  const cpu = process.cpuUsage(c0);
  const tEnd = process.hrtime.bigint();
  let running = 0;
  for (const p of cluster.store.list('Pod')) if (p.status?.phase === 'Running') running++;
  const s = (a, b) => Number(b - a) / 1e9;
  console.log(
    JSON.stringify({
      bench: `kubelet ${pods} pods on ${nodes} nodes to Running${events ? '' : ' (events off)'}`,
      running,
      setupSeconds: +s(t0, tStart).toFixed(3),
      createSeconds: +s(tStart, tCreated).toFixed(3),
      kubeletSeconds: +s(tCreated, tEnd).toFixed(3),
      wallSeconds: +s(tStart, tEnd).toFixed(3),
      podsPerSecond: Math.round(running / s(tStart, tEnd)),
      // CPU time of the kubelet phase (sync, containers, status writes, Events) per pod: steadier
      // than wall time on a shared machine.
      kubeletCpuMicrosPerPod: +((cpu.user + cpu.system) / running).toFixed(1),
      events: cluster.engine.events,
      eventObjects: cluster.store.count('Event'),
      heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    }),
  );
}

function probes24h(pods) {
  const images = new Map([['app:v1', { ...DEFAULT_IMAGE, start: 2000 }]]);
  const cluster = new Cluster({
    nodes: [{ name: 'node' }],
    images,
    components: (c) => nodeAgents(c),
    engine: { keepTrace: false, hashTrace: true, maxEvents: 100_000_000 },
  });
  cluster.start();
  cluster.engine.run({ until: 0 });
  for (let i = 0; i < pods; i++) {
    cluster.store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default' },
        spec: {
          nodeName: 'node',
          containers: [
            {
              name: 'c',
              image: 'app:v1',
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, initialDelaySeconds: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 },
            },
          ],
        },
      },
      { actor: 'bench', origin: 'system' },
    );
  }
  const day = 24 * 3600 * 1000;
  const t0 = process.hrtime.bigint();
  cluster.engine.run({ until: day });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  let ready = 0;
  for (const p of cluster.store.list('Pod')) if (p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True') ready++;
  console.log(
    JSON.stringify({
      bench: `kubelet 24h virtual, ${pods} pods, liveness+readiness every 10s`,
      ready,
      wallSeconds: +secs.toFixed(3),
      speedup: Math.round(day / 1000 / secs),
      events: cluster.engine.events,
      probeTicksModelled: pods * 2 * 8640,
    }),
  );
}

podsToRunning(arg('nodes', 5000), arg('pods', 150_000));
// The same without core/v1 Events (3 per pod: Pulled, Created, Started), to show their share.
if (arg('events-off', 1)) podsToRunning(Math.max(1, Math.round(arg('nodes', 5000) / 5)), Math.round(arg('pods', 150_000) / 5), false);
probes24h(arg('probe-pods', 100));
