// StatefulSet controller: an OrderedReady set of ORDERED pods (default 500) created one at a time
// (every sync examines every replica, so the whole scale-up is quadratic, as upstream), a
// Parallel set of PARALLEL pods (default 5,000) created at once, then a rolling update of the
// OrderedReady set. A stand-in kubelet (bind at once, Ready after 1s, terminating pods gone at
// once) so the numbers measure the controller.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { StatefulSetController } from '../dist/src/controllers/statefulset.js';
import { GarbageCollector } from '../dist/src/controllers/garbage-collector.js';
import { standInKubelet } from './stand-in-kubelet.mjs';

const ORDERED = Number(process.env.ORDERED ?? 500);
const PARALLEL = Number(process.env.PARALLEL ?? 5000);

const kubelet = standInKubelet({ runningAtBind: true });

const cluster = new Cluster({ seed: 1, components: () => [new GarbageCollector(), new StatefulSetController(), kubelet], engine: { keepTrace: false, maxEvents: 1e9 } });
cluster.start();
const { store, engine } = cluster;
const sts = (name, replicas, image, policy) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'default' },
  spec: { replicas, serviceName: name, podManagementPolicy: policy, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } } },
});
const ready = (name, n, image) => () => {
  const s = store.get('StatefulSet', 'default', name);
  return s?.status?.observedGeneration === s?.metadata.generation && s.status.readyReplicas === n && s.status.updatedReplicas === n && s.status.currentRevision === s.status.updateRevision && s.spec.template.spec.containers[0].image === image;
};
const measure = (bench, replicas, fn, stop) => {
  const t0 = process.hrtime.bigint();
  const e0 = engine.events;
  const v0 = engine.now;
  fn();
  engine.run({ stopWhen: stop });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ bench, replicas, wallMs: Math.round(wallMs), events: engine.events - e0, virtualMs: engine.now - v0, msPerPod: Number((wallMs / replicas).toFixed(3)) }));
};

measure('statefulset-ordered-scale-up', ORDERED, () => store.create(sts('ord', ORDERED, 'web:v1', 'OrderedReady'), { actor: 'bench' }), ready('ord', ORDERED, 'web:v1'));
measure('statefulset-parallel-scale-up', PARALLEL, () => store.create(sts('par', PARALLEL, 'web:v1', 'Parallel'), { actor: 'bench' }), ready('par', PARALLEL, 'web:v1'));
measure(
  'statefulset-ordered-rolling-update',
  ORDERED,
  () => {
    const s = store.get('StatefulSet', 'default', 'ord');
    store.update({ ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { containers: [{ name: 'c', image: 'web:v2' }] } } } }, { actor: 'bench' });
  },
  ready('ord', ORDERED, 'web:v2'),
);
