// Store throughput and memory at 150,000 pods over 5,000 namespaces (origin 'system').
// Goals: create ≥ 200,000 objects/s; list of 30 pods by label selector ≤ 1 ms; heap/RSS ≤ 1.5 GiB.
import { Engine } from '../dist/src/engine/index.js';
import { Store } from '../dist/src/store/store.js';
import { defaultSettings } from '../dist/src/cluster/settings.js';
import { admit } from '../dist/src/api/admission/index.js';

const NAMESPACES = 5_000;
const PODS = 150_000;
const perNs = PODS / NAMESPACES;

function gc() {
  if (global.gc) global.gc();
}

function podFor(i) {
  const ns = `ns-${i % NAMESPACES}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      namespace: ns,
      labels: { app: `app-${i % NAMESPACES}`, tier: i % 2 ? 'frontend' : 'backend', 'pod-template-hash': `h${i % 7}` },
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '64Mi' } }, ports: [{ containerPort: 80 }] }],
      nodeName: `node-${i % 1000}`,
    },
  };
}

gc();
const base = process.memoryUsage();
const engine = new Engine({ seed: 1, keepTrace: false, hashTrace: true });
const store = new Store(engine, { settings: defaultSettings('1.30') });
const opts = { actor: 'bench', origin: 'system' };
for (let n = 0; n < NAMESPACES; n++) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }, opts);

const pods = new Array(PODS);
for (let i = 0; i < PODS; i++) pods[i] = podFor(i);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < PODS; i++) store.create(pods[i], opts);
const createSecs = Number(process.hrtime.bigint() - t0) / 1e9;
const createCpu = process.cpuUsage(c0);
pods.length = 0;

function timeIt(n, fn) {
  fn();
  const t = process.hrtime.bigint();
  let r;
  for (let i = 0; i < n; i++) r = fn(i);
  return [Number(process.hrtime.bigint() - t) / 1e6 / n, r];
}
// 30 matching pods, cluster-wide selector (label index) and within one namespace.
const [clusterMs, clusterN] = timeIt(2000, (i) => store.list('Pod', { labelSelector: `app=app-${(i ?? 0) % NAMESPACES}` }).length);
const [nsMs, nsN] = timeIt(2000, (i) => store.list('Pod', { namespace: `ns-${(i ?? 0) % NAMESPACES}`, labelSelector: `app=app-${(i ?? 0) % NAMESPACES},tier in (frontend,backend)` }).length);
const [nodeMs, nodeN] = timeIt(2000, (i) => store.podsOnNode(`node-${(i ?? 0) % 1000}`).length);
const [fieldMs, fieldN] = timeIt(200, (i) => store.list('Pod', { fieldSelector: `spec.nodeName=node-${(i ?? 0) % 1000}` }).length);
const [phaseMs, phaseN] = timeIt(5, () => store.list('Pod', { fieldSelector: 'status.phase=Running' }).length);

// Status updates (kubelet path).
const sample = store.list('Pod', { namespace: 'ns-1' });
const [statusMs] = timeIt(1, () => {
  for (let k = 0; k < 100; k++)
    for (const p0 of sample) {
      const p = store.get('Pod', p0.metadata.namespace, p0.metadata.name);
      store.updateStatus({ ...p, status: { ...p.status, phase: k % 2 ? 'Running' : 'Pending' } }, opts);
    }
});

gc();
const mem = process.memoryUsage();
const MiB = (b) => Math.round(b / 1048576);
console.log(
  JSON.stringify({
    bench: 'store 150k pods / 5k namespaces',
    pods: store.count('Pod'),
    createPerSecond: Math.round(PODS / createSecs),
    createSeconds: +createSecs.toFixed(3),
    createCpuPerSecond: Math.round(PODS / ((createCpu.user + createCpu.system) / 1e6)),
    listSelector30ClusterMs: +clusterMs.toFixed(4),
    listSelector30ClusterMatched: clusterN,
    listSelector30NamespaceMs: +nsMs.toFixed(4),
    listSelector30NamespaceMatched: nsN,
    podsOnNode150Ms: +nodeMs.toFixed(4),
    podsOnNodeMatched: nodeN,
    fieldSelectorNodeNameMs: +fieldMs.toFixed(4),
    fieldSelectorNodeNameMatched: fieldN,
    fieldSelectorFullScanMs: +phaseMs.toFixed(2),
    fieldSelectorFullScanMatched: phaseN,
    statusUpdatesPerSecond: Math.round((100 * sample.length) / (statusMs / 1000)),
    heapUsedMiB: MiB(mem.heapUsed - base.heapUsed),
    rssMiB: MiB(mem.rss),
  }),
);

// Context for the create rate: the same objects inserted into nested Maps with one shallow
// copy each and no admission (the floor this machine gives for retaining 150k objects).
{
  const objs = Array.from({ length: PODS }, (_, i) => podFor(i));
  const m = new Map();
  const t = process.hrtime.bigint();
  for (let i = 0; i < PODS; i++) {
    const o = objs[i];
    let s = m.get(o.metadata.namespace);
    if (!s) m.set(o.metadata.namespace, (s = new Map()));
    s.set(o.metadata.name, { ...o, metadata: { ...o.metadata, uid: `u${i}`, resourceVersion: String(i) } });
  }
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(JSON.stringify({ bench: 'store baseline: bare Map insert of 150k pods', insertPerSecond: Math.round(PODS / secs) }));
}

// The share of the built-in admission chain (defaulting + validation, helper "admission") in a pod create.
{
  const settings = defaultSettings('1.30');
  const objs = Array.from({ length: PODS }, (_, i) => podFor(i));
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = 0; i < PODS; i++) admit(objs[i], { operation: 'CREATE', origin: 'system', settings });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(c);
  console.log(JSON.stringify({ bench: 'store: admit() alone on the same 150k pods', admitPerSecond: Math.round(PODS / secs), admitCpuPerSecond: Math.round(PODS / ((cpu.user + cpu.system) / 1e6)) }));
}

// The store's own create path with little admission work: 150k labelled ConfigMaps.
{
  gc();
  const eng = new Engine({ seed: 2, keepTrace: false, hashTrace: true });
  const st = new Store(eng, { settings: defaultSettings('1.30') });
  for (let n = 0; n < NAMESPACES; n++) st.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }, opts);
  const objs = Array.from({ length: PODS }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: `ns-${i % NAMESPACES}`, labels: { app: `app-${i % NAMESPACES}` } }, data: { k: 'v' } }));
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = 0; i < PODS; i++) st.create(objs[i], opts);
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(c);
  console.log(JSON.stringify({ bench: 'store create 150k ConfigMaps (store path, trivial admission)', createPerSecond: Math.round(PODS / secs), createCpuPerSecond: Math.round(PODS / ((cpu.user + cpu.system) / 1e6)) }));
}
