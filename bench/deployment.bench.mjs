// Workload controllers: a Deployment of REPLICAS pods (default 10,000) scaled up from nothing,
// then rolled to a new image at 25%/25%, with the ReplicaSet and Deployment controllers and a
// minimal stand-in kubelet (bind + Ready after 1s, terminating pods gone at once) so the
// numbers measure the controllers, not the scheduler or kubelets.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { ReplicaSetController } from '../dist/src/controllers/replicaset.js';
import { DeploymentController } from '../dist/src/controllers/deployment.js';
import { GarbageCollector } from '../dist/src/controllers/garbage-collector.js';
import { standInKubelet } from './stand-in-kubelet.mjs';

const REPLICAS = Number(process.env.REPLICAS ?? 10000);

const kubelet = standInKubelet();

const cluster = new Cluster({ seed: 1, components: () => [new GarbageCollector(), new ReplicaSetController(), new DeploymentController(), kubelet], engine: { keepTrace: false, maxEvents: 1e9 } });
cluster.start();
const { store, engine } = cluster;
const dep = (image) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
});
const done = (image) => () => {
  const d = store.get('Deployment', 'default', 'web');
  const c = d?.status?.conditions?.find((x) => x.type === 'Progressing');
  return d.spec.template.spec.containers[0].image === image && d.status.updatedReplicas === REPLICAS && d.status.availableReplicas === REPLICAS && d.status.replicas === REPLICAS && c?.reason === 'NewReplicaSetAvailable';
};

let t0 = process.hrtime.bigint();
let e0 = engine.events;
store.create(dep('web:v1'), { actor: 'bench' });
engine.run({ stopWhen: done('web:v1') });
const scaleUpMs = Number(process.hrtime.bigint() - t0) / 1e6;
const scaleUpEvents = engine.events - e0;
const scaleUpVirtual = engine.now;

t0 = process.hrtime.bigint();
e0 = engine.events;
const v0 = engine.now;
const d = store.get('Deployment', 'default', 'web');
store.update({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'web', image: 'web:v2' }] } } } }, { actor: 'bench' });
engine.run({ stopWhen: done('web:v2') });
const rolloutMs = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ bench: 'deployment-scale-up', replicas: REPLICAS, wallMs: Math.round(scaleUpMs), events: scaleUpEvents, virtualMs: scaleUpVirtual, podsPerSec: Math.round(REPLICAS / (scaleUpMs / 1000)) }));
console.log(JSON.stringify({ bench: 'deployment-rollout', replicas: REPLICAS, wallMs: Math.round(rolloutMs), events: engine.events - e0, virtualMs: engine.now - v0, heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
