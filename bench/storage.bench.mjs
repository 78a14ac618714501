// PV controller: N PVs (sizes 1..N Gi) and N claims created at once, each claim bound to the
// smallest fitting volume (every claim scans the volumes: findByClaim), then one 15s resync of
// N bound claims and N bound volumes.
import { Cluster } from '../dist/src/cluster/cluster.js';
import { storageComponents } from '../dist/src/controllers/storage-components.js';

for (const n of (process.env.N ? [Number(process.env.N)] : [300, 1000])) {
  const c = new Cluster({ seed: 0, components: () => storageComponents() });
  c.start();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    c.store.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` }, spec: { capacity: { storage: `${n - i}Gi` }, accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', nfs: { path: `/e/${i}`, server: 's' } } });
  }
  for (let i = 0; i < n; i++) {
    c.store.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `c-${i}`, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${i + 1}Gi` } }, storageClassName: 'nfs' } });
  }
  c.engine.run({ until: 1 });
  const t1 = performance.now();
  const bound = c.store.list('PersistentVolumeClaim').filter((x) => x.status?.phase === 'Bound').length;
  c.engine.run({ until: 15_000 });
  const t2 = performance.now();
  console.log(JSON.stringify({ bench: 'storage', volumes: n, claims: n, bound, bindMs: Math.round(t1 - t0), resyncMs: Math.round(t2 - t1) }));
}
