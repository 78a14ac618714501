import { parseQuantity } from '../../api/quantity.js';
import type { KubeObject } from '../../store/types.js';
import { cmp, printBool, printLabelsMultiline, printAnnotationsMultiline, printTolerationsMultiline, rfc1123z } from './describe-format.js';
import { orNone } from '../format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.js';

/**
 * The container, volume and pod-template parts of describe.go shared by Pod, ReplicaSet and
 * Deployment: describeContainers, describeVolumes, DescribePodTemplate, DescribeProbe.
 */

type EnvResolver = (fieldPath: string) => string;

/** describeContainers: `<label>:` then per container its basic info, command, state, resources, probes, env and mounts. */
export function describeContainers(label: string, containers: any[], statuses: any[] | undefined, resolver: EnvResolver | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map<string, any>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    const nameIndent = space ? ' ' : '';
    w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = portStrings(c.ports, (p) => p.containerPort);
    if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
    else w.write(LEVEL_2, `Port:\t${orNone(ports)}\n`);
    const hostPorts = portStrings(c.ports, (p) => p.hostPort ?? 0);
    if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${orNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    describeCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if (Array.isArray(c.envFrom) && c.envFrom.length > 0) describeEnvFrom(c, w);
    describeEnv(c, resolver, w);
    describeMounts(c, w);
  }
}

function portStrings(ports: any[] | undefined, num: (p: any) => number): string {
  return (ports ?? []).map((p) => `${num(p)}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

function describeCommand(c: any, w: PrefixWriter): void {
  if (Array.isArray(c.command) && c.command.length > 0) {
    w.write(LEVEL_2, 'Command:\n');
    for (const x of c.command) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
  if (Array.isArray(c.args) && c.args.length > 0) {
    w.write(LEVEL_2, 'Args:\n');
    for (const x of c.args) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeResources: Limits then Requests, resource names sorted. */
export function describeResources(res: any, w: PrefixWriter, level: number): void {
  if (!res) return;
  for (const [title, list] of [['Limits', res.limits], ['Requests', res.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${quantityString(list[n])}\n`);
  }
}

/** Quantity.String() of a stored quantity (canonical form). */
export function quantityString(v: unknown): string {
  try {
    return parseQuantity(String(v)).toString();
  } catch {
    return String(v);
  }
}

/** describeContainerState: State, Last State (when it terminated), Ready, Restart Count. */
function describeContainerState(status: any, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(name: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function describeProbes(c: any, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** DescribeProbe: `http-get http://:80/ping delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined || g.port === null ? '' : String(g.port);
    const host = g.host ?? '';
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    let path = g.path ?? '';
    // url.URL.String: a path without a leading slash gets one when there is a host.
    if (path && !path.startsWith('/') && hostPort) path = `/${path}`;
    const scheme = String(g.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}${hostPort ? `//${hostPort}` : ''}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnvFrom(c: any, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeEnv(c: any, resolver: EnvResolver | undefined, w: PrefixWriter): void {
  const env: any[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (vf.fieldRef) {
      const v = resolver ? resolver(vf.fieldRef.fieldPath) : '';
      w.write(LEVEL_3, `${e.name}:\t${v} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      let v = containerResourceValue(vf.resourceFieldRef, c);
      const r = vf.resourceFieldRef.resource;
      if (v === '0' && (r === 'limits.cpu' || r === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${r})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name ?? ''}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name ?? ''}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
}

/** resource.ExtractContainerResourceValue: the value in units of the divisor, rounded up. */
function containerResourceValue(ref: any, c: any): string {
  const [kind, res] = String(ref.resource).split('.') as [string, string];
  const raw = c.resources?.[kind]?.[res];
  if (raw === undefined) return '0';
  try {
    const q = parseQuantity(String(raw));
    const divisor = parseQuantity(String(ref.divisor ?? (res === 'cpu' ? '1' : '1')));
    if (res === 'cpu') return String(Math.ceil(q.milliValue() / divisor.milliValue()));
    return String(Math.ceil(q.value() / divisor.value()));
  } catch {
    return '';
  }
}

function describeMounts(c: any, w: PrefixWriter): void {
  const mounts: any[] = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of [...mounts].sort((a, b) => cmp(a.mountPath, b.mountPath))) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices: any[] = c.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of [...devices].sort((a, b) => cmp(a.devicePath, b.devicePath))) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** describeVolumes: `Volumes:  <none>` or one entry per volume with its source's lines. */
export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    } else if (v.emptyDir) {
      const limit = v.emptyDir.sizeLimit !== undefined && parseQuantity(String(v.emptyDir.sizeLimit)).sign() > 0 ? quantityString(v.emptyDir.sizeLimit) : '<unset>';
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${limit}\n`);
    } else if (v.secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`);
    } else if (v.configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
    } else if (v.nfs) {
      w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${v.nfs.readOnly === true}\n`);
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.write(LEVEL_3, `${it.fieldRef.fieldPath} -> ${it.path}\n`);
        if (it.resourceFieldRef) w.write(LEVEL_3, `${it.resourceFieldRef.resource} -> ${it.path}\n`);
      }
    } else if (v.projected) {
      // 1.30's printProjectedVolumeSource (SecretOptionalName/ConfigMapOptional print the *bool: <nil>).
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPtr(s.secret.optional)}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPtr(s.configMap.optional)}\n`);
        else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

function optionalPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

/** describeTopologySpreadConstraints: sorted by topologyKey, one per line. */
export function describeTopologySpreadConstraints(tscs: any[] | undefined, w: PrefixWriter, space: string, formatSelector: (ls: any) => string): void {
  if (!tscs || tscs.length === 0) return;
  const sorted = [...tscs].sort((a, b) => cmp(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** DescribePodTemplate (ReplicaSet, Deployment, ...): labels, annotations, containers, volumes, node selectors, tolerations. */
export function describePodTemplate(template: any, w: PrefixWriter, formatSelector: (ls: any) => string): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (Array.isArray(spec.initContainers) && spec.initContainers.length > 0) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ', formatSelector);
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** The pod's fields a downward-API env var can name (fieldpath.ExtractFieldPathAsString). */
export function podFieldResolver(pod: KubeObject): EnvResolver {
  return (path) => {
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return (pod.metadata as any)[m[1]!]?.[m[2]!] ?? '';
    switch (path) {
      case 'metadata.name':
        return pod.metadata.name ?? '';
      case 'metadata.namespace':
        return pod.metadata.namespace ?? '';
      case 'metadata.uid':
        return pod.metadata.uid ?? '';
      case 'spec.nodeName':
        return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName':
        return pod.spec?.serviceAccountName ?? '';
      case 'status.hostIP':
        return pod.status?.hostIP ?? '';
      case 'status.podIP':
        return pod.status?.podIP ?? '';
      default:
        return '';
    }
  };
}
