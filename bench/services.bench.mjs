// Endpoints + EndpointSlice controllers: one Service over N pods, created at once, then each
// pod's readiness flips at its own instant (N syncs of N pods: the quadratic worst case).
import { Cluster } from '../dist/src/cluster/cluster.js';
import { ServiceAllocator } from '../dist/src/controllers/service-allocator.js';
import { EndpointsController } from '../dist/src/controllers/endpoints.js';
import { EndpointSliceController } from '../dist/src/controllers/endpointslice.js';

for (const n of (process.env.N ? [Number(process.env.N)] : [1000, 3000])) {
  const c = new Cluster({ seed: 0, components: () => [new ServiceAllocator(), new EndpointsController(), new EndpointSliceController()] });
  c.start();
  const t0 = performance.now();
  c.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  const status = (i, ready) => ({ phase: 'Running', podIP: `10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2024-04-17T00:00:00Z' }] });
  for (let i = 0; i < n; i++) {
    const p = c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, { origin: 'system' });
    c.store.updateStatus({ ...p, status: status(i, true) }, { origin: 'system' });
  }
  c.engine.run({ until: 1 });
  const t1 = performance.now();
  for (let i = 0; i < n; i++) {
    c.engine.at(1000 + i, 'bench', 'flip', `p${i}`, () => {
      const p = c.store.get('Pod', 'default', `p${i}`);
      c.store.updateStatus({ ...p, status: status(i, false) }, { origin: 'system' });
    });
  }
  c.engine.run({ until: 1000 + n + 1 });
  const t2 = performance.now();
  console.log(JSON.stringify({ bench: 'services', pods: n, createMs: Math.round(t1 - t0), flipsMs: Math.round(t2 - t1), perFlipMs: +((t2 - t1) / n).toFixed(3) }));
}
