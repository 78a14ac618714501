import { formatLabels } from '../format.js';
import { formatEndpoints } from '../endpoints-table.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';


/**
 * describeService (kubectl 1.30 describe.go). The `Endpoints:` lines come from the Endpoints
 * object of the same name, as kubectl 1.30 reads them (later releases read EndpointSlices).
 */
export function describeService(store: StoreApi, svc: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  const ep = store.get('Endpoints', svc.metadata.namespace, svc.metadata.name!);
  w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  const families: string[] = spec.ipFamilies ?? [];
  w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  const ips: string[] = spec.clusterIPs ?? [];
  w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
  if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const list = ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ');
    w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
  }
  for (const sp of spec.ports ?? []) {
    const name = sp.name ? sp.name : '<unset>';
    const proto = sp.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${proto}\n`);
    const tp = sp.targetPort ?? sp.port;
    w.write(LEVEL_0, `TargetPort:\t${tp}/${proto}\n`);
    if (sp.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
    if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(ep, sp.name ?? '')}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (Array.isArray(spec.loadBalancerSourceRanges) && spec.loadBalancerSourceRanges.length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  describeEvents(searchEvents(store, svc), w, now);
  return w.toString();
}
