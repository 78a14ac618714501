import { age } from './age.js';
import { formatLabels } from './format.js';
import type { KindPrinter } from './kind-printer.js';

/** loadBalancerWidth in printers.go: narrow output cuts longer ingress lists to 13 chars + `...`. */
const LOAD_BALANCER_WIDTH = 16;

function loadBalancerStatus(lb: any, wide: boolean): string {
  const parts: string[] = [];
  for (const ing of lb?.ingress ?? []) {
    if (ing.ip) parts.push(ing.ip);
    else if (ing.hostname) parts.push(ing.hostname);
  }
  let r = parts.join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = `${r.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
  return r;
}

/** getServiceExternalIP: externalIPs, the load balancer's ingress (`<pending>` until set), ExternalName. */
function externalIP(svc: any, wide: boolean): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer, wide);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port, comma-joined. */
export function portString(ports: any[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** printService. */
export const serviceTable: KindPrinter = {
  columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideColumns: ['SELECTOR'],
  row(o, now, wide) {
    const spec = o.spec ?? {};
    const clusterIP: string = spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>';
    const cells = [o.metadata.name ?? '', spec.type ?? 'ClusterIP', clusterIP || '<none>', externalIP(o, wide), portString(spec.ports) || '<none>', age(o.metadata.creationTimestamp, now)];
    if (wide) cells.push(formatLabels(spec.selector));
    return cells;
  },
};
