import type { Invariant } from './types.js';
import { findPort, isPodReady, shouldPodBeInEndpoints } from '../controllers/endpoints-util.js';
import { OVER_CAPACITY, managesEndpoints, selectedPods } from '../controllers/endpoints.js';

/**
 * endpoints-ready (INVARIANTS.md): after every Endpoints controller sync (`endpoint-controller
 * sync` action) of a Service with a selector, recomputed from the store independently of the
 * controller's subsets code:
 *   - the pods eligible are the selected pods in the namespace that are not terminal, have an IP,
 *     and are not terminating (terminating ones count when publishNotReadyAddresses), and that
 *     resolve at least one Service port (or the Service is headless without ports);
 *   - ready addresses = eligible pods that are Ready (all eligible with publishNotReadyAddresses);
 *   - notReadyAddresses = the other eligible pods; no other pod appears anywhere.
 * Addresses are compared by targetRef pod name and IP. An Endpoints object marked over-capacity
 * (truncated at 1000) only has to be a subset.
 */
export function endpointsReady(): Invariant {
  return {
    name: 'endpoints-ready',
    start(ctx, report) {
      ctx.actions.subscribe((a) => {
        if (a.component !== 'endpoint-controller' || a.action !== 'sync' || a.data?.result === 'retry') return;
        const i = a.object.indexOf('/');
        const ns = a.object.slice(0, i);
        const name = a.object.slice(i + 1);
        const svc = ctx.store.get('Service', ns, name);
        const ep = ctx.store.get('Endpoints', ns, name);
        const objects = [`service/${a.object}`, `endpoints/${a.object}`];
        if (!svc) {
          if (ep) report({ invariant: 'endpoints-ready', message: `Endpoints ${a.object} still exists after the sync of its deleted Service`, objects });
          return;
        }
        if (!managesEndpoints(svc)) return;
        const pnra = svc.spec?.publishNotReadyAddresses === true;
        const ports: any[] = svc.spec?.ports ?? [];
        const wantReady = new Set<string>();
        const wantNotReady = new Set<string>();
        for (const pod of selectedPods(ctx.store, svc)) {
          if (!shouldPodBeInEndpoints(pod, pnra)) continue;
          const resolvable = ports.length === 0 ? svc.spec?.clusterIP === 'None' : ports.some((p) => findPort(pod, p) !== undefined);
          if (!resolvable) continue;
          const id = `${pod.metadata.name}=${pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip}`;
          (pnra || isPodReady(pod) ? wantReady : wantNotReady).add(id);
        }
        const gotReady = new Set<string>();
        const gotNotReady = new Set<string>();
        for (const s of ep?.subsets ?? []) {
          for (const x of s.addresses ?? []) gotReady.add(addrId(x));
          for (const x of s.notReadyAddresses ?? []) gotNotReady.add(addrId(x));
        }
        const truncated = !!ep?.metadata.annotations?.[OVER_CAPACITY];
        const diff = (want: Set<string>, got: Set<string>, what: string): void => {
          const missing = truncated ? [] : [...want].filter((x) => !got.has(x)).sort();
          const extra = [...got].filter((x) => !want.has(x)).sort();
          if (missing.length || extra.length) {
            report({
              invariant: 'endpoints-ready',
              message: `after the sync of Service ${a.object}, ${what}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
              objects,
              numbers: { expected: want.size, actual: got.size },
            });
          }
        };
        diff(wantReady, gotReady, 'addresses');
        diff(wantNotReady, gotNotReady, 'notReadyAddresses');
      });
    },
  };
}

function addrId(a: { ip: string; targetRef?: { name?: string } }): string {
  return `${a.targetRef?.name ?? ''}=${a.ip}`;
}
