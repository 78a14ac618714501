import { describe, expect, it } from 'vitest';
import { runPod, services, setStatus, settle, svc } from '../controllers/services-harness.js';
import { endpointsReady } from '../../src/invariants/endpoints-ready.js';
import type { Violation } from '../../src/invariants/types.js';
import type { Cluster } from '../../src/cluster/cluster.js';

function watched(): { c: Cluster; violations: Violation[] } {
  const c = services();
  const violations: Violation[] = [];
  endpointsReady().start(c, (v) => violations.push(v));
  return { c, violations };
}

describe('endpoints-ready invariant', () => {
  it('holds for the controller through readiness flips, terminations, publishNotReadyAddresses and Service deletion', () => {
    const { c, violations } = watched();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }));
    c.store.create(svc('pub', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }));
    const syncs: string[] = [];
    c.actions.subscribe((a) => a.component === 'endpoint-controller' && syncs.push(`${a.object}:${a.data?.result}`));
    runPod(c, 'a', { ip: '10.244.0.2', node: 'n', ports: [{ name: 'http', containerPort: 8080 }] });
    runPod(c, 'b', { ip: '10.244.0.3', node: 'n', ready: false, ports: [{ name: 'http', containerPort: 8080 }] });
    runPod(c, 'c', { ip: '10.244.0.4', node: 'n' });
    settle(c);
    setStatus(c, 'b', { ip: '10.244.0.3', ready: true });
    settle(c);
    c.store.delete('Pod', 'default', 'a');
    settle(c);
    c.store.delete('Service', 'default', 'web');
    settle(c);
    // b turning ready and a terminating change nothing for pub (publishNotReadyAddresses lists both anyway).
    expect(syncs).toEqual(['default/web:written', 'default/pub:written', 'default/pub:unchanged', 'default/web:written', 'default/pub:unchanged', 'default/web:written', 'default/web:deleted']);
    expect(violations).toEqual([]);
  });

  it('reports a not-ready pod listed as ready and a ready pod left out', () => {
    const { c, violations } = watched();
    c.store.create(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    runPod(c, 'a', { ip: '10.244.0.2' });
    runPod(c, 'b', { ip: '10.244.0.3', ready: false });
    settle(c);
    expect(violations).toEqual([]);
    // A broken controller: the Endpoints object says b is ready and forgets a.
    const ep = c.store.get('Endpoints', 'default', 'web')!;
    c.store.update({ ...ep, subsets: [{ addresses: [{ ip: '10.244.0.3', targetRef: { kind: 'Pod', namespace: 'default', name: 'b' } }], ports: [{ port: 80, protocol: 'TCP' }] }] });
    c.actions.emit({ component: 'endpoint-controller', action: 'sync', object: 'default/web', data: { result: 'unchanged' } });
    expect(violations.map((v) => [v.message, v.numbers])).toEqual([
      ['after the sync of Service default/web, addresses: missing [a=10.244.0.2], unexpected [b=10.244.0.3]', { expected: 1, actual: 1 }],
      ['after the sync of Service default/web, notReadyAddresses: missing [b=10.244.0.3], unexpected []', { expected: 1, actual: 0 }],
    ]);
    expect(violations[0]!.objects).toEqual(['service/default/web', 'endpoints/default/web']);
  });

  it('reports Endpoints left behind after the sync of a deleted Service', () => {
    const { c, violations } = watched();
    c.store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'gone', namespace: 'default' } });
    c.actions.emit({ component: 'endpoint-controller', action: 'sync', object: 'default/gone', data: { result: 'deleted' } });
    expect(violations.map((v) => v.message)).toEqual(['Endpoints default/gone still exists after the sync of its deleted Service']);
  });
});
