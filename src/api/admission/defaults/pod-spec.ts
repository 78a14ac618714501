/**
 * Pod and pod template defaults (pkg/apis/core/v1/defaults.go): SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_ContainerPort,
 * SetDefaults_Volume and the volume source defaults. Copy-on-write: unchanged parts keep
 * their identity, so defaulting a 150,000-pod cluster copies only what changes.
 */
import { defaultImagePullPolicy } from './image-pull-policy.js';

type Obj = Record<string, any>;

function defaultProbe(p: Obj | undefined): Obj | undefined {
  if (!p || typeof p !== 'object') return p;
  let out = p;
  const set = (k: string, v: unknown): void => {
    if (out[k] === undefined || out[k] === null) {
      if (out === p) out = { ...p };
      out[k] = v;
    }
  };
  set('timeoutSeconds', 1);
  set('periodSeconds', 10);
  set('successThreshold', 1);
  set('failureThreshold', 3);
  const hg = out.httpGet;
  if (hg && typeof hg === 'object' && (hg.path === undefined || hg.scheme === undefined)) {
    // SetDefaults_HTTPGetAction: path "/", scheme HTTP.
    if (out === p) out = { ...p };
    out.httpGet = { ...hg, path: hg.path ?? '/', scheme: hg.scheme ?? 'HTTP' };
  }
  return out;
}

function defaultLifecycleHandler(h: Obj | undefined): Obj | undefined {
  const hg = h?.httpGet;
  if (!hg || typeof hg !== 'object' || (hg.path !== undefined && hg.scheme !== undefined)) return h;
  return { ...h, httpGet: { ...hg, path: hg.path ?? '/', scheme: hg.scheme ?? 'HTTP' } };
}

function defaultFieldRef(env: Obj[] | undefined): Obj[] | undefined {
  if (!Array.isArray(env)) return env;
  let changed = false;
  const out = env.map((e) => {
    const fr = e?.valueFrom?.fieldRef;
    if (fr && typeof fr === 'object' && !fr.apiVersion) {
      changed = true;
      // SetDefaults_ObjectFieldSelector: apiVersion v1.
      return { ...e, valueFrom: { ...e.valueFrom, fieldRef: { ...fr, apiVersion: 'v1' } } };
    }
    return e;
  });
  return changed ? out : env;
}

/** Maps a list, returning the same array when no element changed (copy-on-write). */
function mapCow<T>(list: T[], f: (x: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    const y = f(x);
    if (y !== x && !out) out = list.slice(0, i);
    if (out) out.push(y);
  }
  return out ?? list;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function defaultPort(p: Obj): Obj {
  return p && !p.protocol ? { ...p, protocol: 'TCP' } : p;
}

export function defaultContainer(c: Obj, podLevel: boolean): Obj {
  if (!c || typeof c !== 'object') return c;
  // Hot path (every pod): one copy at most, no closures.
  let out: Obj = c;
  if (!c.imagePullPolicy || !c.terminationMessagePath || !c.terminationMessagePolicy) {
    out = { ...c };
    if (!c.imagePullPolicy) out.imagePullPolicy = defaultImagePullPolicy(c.image);
    if (!c.terminationMessagePath) out.terminationMessagePath = '/dev/termination-log';
    if (!c.terminationMessagePolicy) out.terminationMessagePolicy = 'File';
  }
  if (Array.isArray(c.ports)) {
    const ports = mapCow(c.ports as Obj[], defaultPort);
    if (ports !== c.ports) {
      if (out === c) out = { ...c };
      out.ports = ports;
    }
  }
  for (let i = 0; i < PROBES.length; i++) {
    const k = PROBES[i]!;
    if (c[k] === undefined) continue;
    const pr = defaultProbe(c[k]);
    if (pr !== c[k]) {
      if (out === c) out = { ...c };
      out[k] = pr;
    }
  }
  if (c.lifecycle && typeof c.lifecycle === 'object') {
    const l = c.lifecycle;
    const ps = defaultLifecycleHandler(l.postStart);
    const pr = defaultLifecycleHandler(l.preStop);
    if (ps !== l.postStart || pr !== l.preStop) {
      const lc: Obj = { ...l };
      if (ps) lc.postStart = ps;
      if (pr) lc.preStop = pr;
      if (out === c) out = { ...c };
      out.lifecycle = lc;
    }
  }
  if (c.env !== undefined) {
    const env = defaultFieldRef(c.env);
    if (env !== c.env) {
      if (out === c) out = { ...c };
      out.env = env;
    }
  }
  // SetDefaults_Pod (not PodSpec): requests default to limits, only on Pods, not templates.
  const res = c.resources;
  if (podLevel && res && typeof res === 'object' && res.limits && typeof res.limits === 'object') {
    let req: Obj | undefined;
    for (const k of Object.keys(res.limits).sort()) {
      if (!res.requests || !(k in res.requests)) {
        const r: Obj = req ?? { ...(res.requests ?? {}) };
        r[k] = res.limits[k];
        req = r;
      }
    }
    if (req) {
      if (out === c) out = { ...c };
      out.resources = { ...res, requests: req };
    }
  }
  return out;
}

const VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI',
  'emptyDir', 'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath',
  'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected',
  'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
] as const;

export function defaultVolume(v: Obj): Obj {
  if (!v || typeof v !== 'object') return v;
  // SetDefaults_Volume: no source at all means emptyDir {}.
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) return { ...v, emptyDir: {} };
  let out = v;
  const put = (k: string, val: unknown): void => {
    if (out === v) out = { ...v };
    out[k] = val;
  };
  // defaultMode 0644 (420) for configMap/secret/downwardAPI/projected (SetDefaults_*VolumeSource).
  for (const k of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    const s = v[k];
    if (s && typeof s === 'object' && s.defaultMode === undefined) put(k, { ...s, defaultMode: 420 });
  }
  const hp = v.hostPath;
  if (hp && typeof hp === 'object' && hp.type === undefined) put('hostPath', { ...hp, type: '' });
  const pr = (out.projected ?? undefined) as Obj | undefined;
  if (pr && Array.isArray(pr.sources) && pr.sources.some((s: Obj) => s?.serviceAccountToken && s.serviceAccountToken.expirationSeconds === undefined)) {
    put('projected', {
      ...pr,
      sources: pr.sources.map((s: Obj) =>
        s?.serviceAccountToken && s.serviceAccountToken.expirationSeconds === undefined
          ? { ...s, serviceAccountToken: { ...s.serviceAccountToken, expirationSeconds: 3600 } }
          : s,
      ),
    });
  }
  const eph = v.ephemeral?.volumeClaimTemplate?.spec;
  if (eph && typeof eph === 'object' && eph.volumeMode === undefined) {
    put('ephemeral', { ...v.ephemeral, volumeClaimTemplate: { ...v.ephemeral.volumeClaimTemplate, spec: { ...eph, volumeMode: 'Filesystem' } } });
  }
  return out;
}

/** `securityContext: {}` shared by every pod that sets none (store objects are immutable). */
const EMPTY_SECURITY_CONTEXT: Obj = Object.freeze({});
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const defaultAppContainerPod = (c: Obj): Obj => defaultContainer(c, true);
const defaultAppContainerTemplate = (c: Obj): Obj => defaultContainer(c, false);

/** Whether SetDefaults_PodSpec has anything to add at the top level of `spec`. */
function specNeedsDefaults(spec: Obj, podLevel: boolean): boolean {
  return (
    !spec.dnsPolicy ||
    !spec.restartPolicy ||
    spec.securityContext === undefined ||
    spec.securityContext === null ||
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null ||
    !spec.schedulerName ||
    (podLevel && (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null))
  );
}

/**
 * SetDefaults_PodSpec + per-container defaults. `podLevel` adds what only SetDefaults_Pod does
 * (requests from limits, enableServiceLinks), which pod templates do not get.
 * A changed spec is returned as a new object that nobody else holds yet: the caller may still
 * write to it before publishing it (admission adds its plugins' fields to the same copy).
 */
export function defaultPodSpec(spec: Obj | undefined, podLevel: boolean): Obj | undefined {
  if (!spec || typeof spec !== 'object') return spec;
  let out: Obj = spec;
  if (specNeedsDefaults(spec, podLevel)) {
    out = { ...spec };
    if (!spec.dnsPolicy) out.dnsPolicy = 'ClusterFirst';
    if (!spec.restartPolicy) out.restartPolicy = 'Always';
    if (spec.securityContext === undefined || spec.securityContext === null) out.securityContext = EMPTY_SECURITY_CONTEXT;
    if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) out.terminationGracePeriodSeconds = 30;
    if (!spec.schedulerName) out.schedulerName = 'default-scheduler';
  }
  for (let i = 0; i < CONTAINER_LISTS.length; i++) {
    const k = CONTAINER_LISTS[i]!;
    const cs = spec[k];
    if (!Array.isArray(cs)) continue;
    const lvl = k === 'ephemeralContainers' ? false : podLevel;
    const list = mapCow(cs as Obj[], lvl ? defaultAppContainerPod : defaultAppContainerTemplate);
    if (list !== cs) {
      if (out === spec) out = { ...spec };
      out[k] = list;
    }
  }
  if (Array.isArray(spec.volumes)) {
    const vols = mapCow(spec.volumes as Obj[], defaultVolume);
    if (vols !== spec.volumes) {
      if (out === spec) out = { ...spec };
      out.volumes = vols;
    }
  }
  if (podLevel && (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)) out.enableServiceLinks = true;
  return out;
}

/** A PodTemplateSpec inside a workload: the PodSpec defaults without the Pod-only ones. */
export function defaultPodTemplate(tpl: Obj | undefined): Obj | undefined {
  if (!tpl || typeof tpl !== 'object' || !tpl.spec) return tpl;
  const spec = defaultPodSpec(tpl.spec, false);
  return spec === tpl.spec ? tpl : { ...tpl, spec };
}
