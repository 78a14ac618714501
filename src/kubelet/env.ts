import { isEnvVarName } from '../api/validation.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import { extractContainerResourceValue, extractFieldPathAsString } from './downward-api.js';
import { serviceEnvVarMap } from './service-env.js';

/**
 * The environment of one container run, fixed when the container is created
 * (kubelet_pods.go makeEnvironmentVariables, called from generateContainerConfig at every
 * container creation: a restarted container gets the values current at its restart, a running
 * one never changes). Lookup order follows how containerd builds the OCI env: HOSTNAME first,
 * then the container's variables (env over envFrom), then the service variables not already set.
 */
export interface ContainerEnv {
  readonly own: ReadonlyMap<string, string>;
  /** The namespace's service variables at creation (a snapshot shared by many runs). */
  readonly services: ReadonlyMap<string, string>;
  readonly hostname: string;
}

/** The value a process sees for `name`, or undefined when unset. */
export function envValue(env: ContainerEnv, name: string): string | undefined {
  const v = env.own.get(name);
  if (v !== undefined) return v;
  const s = env.services.get(name);
  if (s !== undefined) return s;
  return name === 'HOSTNAME' ? env.hostname : undefined;
}

/** What makeEnvironmentVariables reads besides the pod and container. */
export interface EnvInputs {
  store: StoreApi;
  podIP: string;
  hostIP: string;
  nodeName: string;
  /** The node's status.allocatable (resourceFieldRef limits default to it). */
  allocatable: Record<string, string> | undefined;
  /** A Warning event on the pod (InvalidEnvironmentVariableNames). */
  warn(reason: string, message: string): void;
  /** How the kubelet reads a ConfigMap/Secret (its object cache); default: the store. */
  getObject?(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): KubeObject | undefined;
}

/** A failure that keeps the container from being created (CreateContainerConfigError). */
export class EnvError extends Error {}

const NO_ENV: ReadonlyMap<string, string> = new Map();

/**
 * Service variable snapshots per store and namespace, rebuilt only after a Service changed
 * (a watch bumps the version): most containers are created while the services stay the same.
 */
interface ServiceSnapshots {
  version: number;
  byNs: Map<string, { version: number; links: boolean; vars: ReadonlyMap<string, string> }>;
}
const serviceCache = new WeakMap<StoreApi, ServiceSnapshots>();

function serviceEnv(store: StoreApi, ns: string, links: boolean): ReadonlyMap<string, string> {
  let c = serviceCache.get(store);
  if (!c) {
    const snaps: ServiceSnapshots = { version: 0, byNs: new Map() };
    store.watch(() => {
      snaps.version++;
    }, ['Service']);
    serviceCache.set(store, (c = snaps));
  }
  const hit = c.byNs.get(ns);
  if (hit && hit.version === c.version && hit.links === links) return hit.vars;
  const vars = serviceEnvVarMap(store, ns, links);
  c.byNs.set(ns, { version: c.version, links, vars });
  return vars;
}

/** GeneratePodHostNameAndDomain: spec.hostname or the pod name cut to 63 characters (no trailing '-' or '.'). */
export function podHostname(pod: KubeObject, nodeName: string): string {
  if (pod.spec?.hostNetwork) return nodeName;
  const h: string = pod.spec?.hostname || pod.metadata.name || '';
  return h.length > 63 ? h.slice(0, 63).replace(/[-.]+$/, '') : h;
}

/** expansion.Expand (third_party/forked/golang/expansion): `$(VAR)`, `$$` escapes, unknown references kept. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close >= 0) {
        const name = rest.slice(1, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close + 1;
      } else out += '$(';
    } else out += '$' + rest[0];
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

function decodeBase64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}

/**
 * makeEnvironmentVariables for `container` of `pod`. Throws EnvError with the upstream message
 * (`configmap "x" not found`, `couldn't find key k in ConfigMap ns/x`...) when a non-optional
 * reference cannot be resolved.
 */
export function makeEnvironmentVariables(pod: KubeObject, container: any, inp: EnvInputs): ContainerEnv {
  const ns = pod.metadata.namespace ?? 'default';
  const services = serviceEnv(inp.store, ns, pod.spec?.enableServiceLinks !== false);
  const hostname = podHostname(pod, inp.nodeName);
  const envFrom: any[] | undefined = container.envFrom;
  const env: any[] | undefined = container.env;
  if (!envFrom?.length && !env?.length) return { own: NO_ENV, services, hostname };
  const tmp = new Map<string, string>();
  const getObject = inp.getObject ?? ((kind: string, n: string, name: string) => inp.store.get(kind, n, name));
  const configMaps = new Map<string, KubeObject>();
  const secrets = new Map<string, KubeObject>();
  const getCM = (name: string, optional: boolean): KubeObject | undefined => {
    let cm = configMaps.get(name);
    if (cm) return cm;
    cm = getObject('ConfigMap', ns, name);
    if (!cm) {
      if (optional) return undefined;
      throw new EnvError(`configmap "${name}" not found`);
    }
    configMaps.set(name, cm);
    return cm;
  };
  const getSecret = (name: string, optional: boolean): KubeObject | undefined => {
    let s = secrets.get(name);
    if (s) return s;
    s = getObject('Secret', ns, name);
    if (!s) {
      if (optional) return undefined;
      throw new EnvError(`secret "${name}" not found`);
    }
    secrets.set(name, s);
    return s;
  };
  // Env overrides EnvFrom: EnvFrom first.
  for (const ef of envFrom ?? []) {
    const ref = ef.configMapRef ?? ef.secretRef;
    if (!ref) continue;
    const isCM = !!ef.configMapRef;
    const obj = isCM ? getCM(ref.name, ref.optional === true) : getSecret(ref.name, ref.optional === true);
    if (!obj) continue;
    const data: Record<string, string> = obj.data ?? {};
    const invalid: string[] = [];
    for (const k of Object.keys(data).sort()) {
      const name = (ef.prefix ?? '') + k;
      // 1.30: keys that are no valid variable names are skipped with an event.
      if (isEnvVarName(name).length) {
        invalid.push(name);
        continue;
      }
      tmp.set(name, isCM ? data[k]! : decodeBase64(data[k]!));
    }
    if (invalid.length) {
      inp.warn('InvalidEnvironmentVariableNames', `Keys [${invalid.join(', ')}] from the EnvFrom ${isCM ? 'configMap' : 'secret'} ${ns}/${ref.name} were skipped since they are considered invalid environment variable names.`);
    }
  }
  const lookup = (n: string): string | undefined => tmp.get(n) ?? services.get(n);
  for (const ev of env ?? []) {
    let val: string = ev.value ?? '';
    if (val !== '') val = expand(val, lookup);
    else if (ev.valueFrom) {
      const vf = ev.valueFrom;
      try {
        if (vf.fieldRef) val = fieldRefValue(vf.fieldRef.fieldPath, pod, inp);
        else if (vf.resourceFieldRef) {
          const cname = vf.resourceFieldRef.containerName;
          const target = cname ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c: any) => c.name === cname) : container;
          if (!target) throw new Error(`container ${cname} not found`);
          val = extractContainerResourceValue(vf.resourceFieldRef, target, inp.allocatable);
        } else if (vf.configMapKeyRef) {
          const r = vf.configMapKeyRef;
          const cm = getCM(r.name, r.optional === true);
          if (!cm) continue;
          const v = cm.data?.[r.key];
          if (v === undefined) {
            if (r.optional === true) continue;
            throw new EnvError(`couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`);
          }
          val = v;
        } else if (vf.secretKeyRef) {
          const r = vf.secretKeyRef;
          const s = getSecret(r.name, r.optional === true);
          if (!s) continue;
          const v = s.data?.[r.key];
          if (v === undefined) {
            if (r.optional === true) continue;
            throw new EnvError(`couldn't find key ${r.key} in Secret ${ns}/${r.name}`);
          }
          val = decodeBase64(v);
        }
      } catch (e) {
        if (e instanceof EnvError) throw e;
        throw new EnvError((e as Error).message);
      }
    }
    tmp.set(ev.name, val);
  }
  return { own: tmp, services, hostname };
}

/** podFieldSelectorRuntimeValue (kubelet_pods.go). */
function fieldRefValue(path: string, pod: KubeObject, inp: EnvInputs): string {
  switch (path) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return inp.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return inp.podIP;
  }
  return extractFieldPathAsString(pod, path);
}
