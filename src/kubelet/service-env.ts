import type { StoreApi } from '../store/types.js';

/** envvars.makeEnvVariableName: upper case, '-' -> '_'. */
function envName(s: string): string {
  return s.replace(/-/g, '_').toUpperCase();
}

/** envvars.FromServices (pkg/kubelet/envvars/envvars.go) for one service with its ClusterIP set. */
function serviceVars(svc: any, out: Map<string, string>): void {
  const ip: string = svc.spec.clusterIP;
  const ports: any[] = svc.spec.ports ?? [];
  if (ports.length === 0) return;
  const prefix = envName(svc.metadata.name);
  out.set(`${prefix}_SERVICE_HOST`, ip);
  const portName = `${prefix}_SERVICE_PORT`;
  out.set(portName, String(ports[0].port));
  for (const p of ports) if (p.name) out.set(`${portName}_${envName(p.name)}`, String(p.port));
  // makeLinkVariables: the Docker-link style variables.
  const host = ip.includes(':') ? `[${ip}]` : ip;
  ports.forEach((p, i) => {
    const proto = String(p.protocol || 'TCP');
    const url = `${proto.toLowerCase()}://${host}:${p.port}`;
    if (i === 0) out.set(`${prefix}_PORT`, url);
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.set(pp, url);
    out.set(`${pp}_PROTO`, proto.toLowerCase());
    out.set(`${pp}_PORT`, String(p.port));
    out.set(`${pp}_ADDR`, ip);
  });
}

/** v1helper.IsServiceIPSet: a ClusterIP that is neither "" nor "None". */
function ipSet(svc: any): boolean {
  const ip = svc.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None';
}

/**
 * getServiceEnvVarMap (kubelet_pods.go): the `kubernetes` service of the default namespace
 * always, and with enableServiceLinks every service of the pod's namespace. Services are
 * taken in name order (upstream walks a map; a name clash between two services' variables is
 * left to that order).
 */
export function serviceEnvVarMap(store: StoreApi, namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const chosen = new Map<string, any>();
  const master = store.get('Service', 'default', 'kubernetes');
  if (master && ipSet(master)) chosen.set('kubernetes', master);
  if (enableServiceLinks) {
    for (const svc of store.list('Service', { namespace })) {
      if (!ipSet(svc)) continue;
      if (namespace === 'default' && svc.metadata.name === 'kubernetes') continue;
      chosen.set(svc.metadata.name!, svc);
    }
  }
  for (const name of [...chosen.keys()].sort()) serviceVars(chosen.get(name), out);
  return out;
}
