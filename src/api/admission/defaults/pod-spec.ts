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

export function defaultContainer(c: Obj, podLevel: boolean): Obj {
  if (!c || typeof c !== 'object') return c;
  const out: Obj = { ...c };
  if (!out.imagePullPolicy) out.imagePullPolicy = defaultImagePullPolicy(out.image);
  if (!out.terminationMessagePath) out.terminationMessagePath = '/dev/termination-log';
  if (!out.terminationMessagePolicy) out.terminationMessagePolicy = 'File';
  if (Array.isArray(out.ports) && out.ports.some((p: Obj) => p && !p.protocol)) {
    out.ports = out.ports.map((p: Obj) => (p && !p.protocol ? { ...p, protocol: 'TCP' } : p));
  }
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (out[k] !== undefined) out[k] = defaultProbe(out[k]);
  }
  if (out.lifecycle && typeof out.lifecycle === 'object') {
    const l = out.lifecycle;
    const ps = defaultLifecycleHandler(l.postStart);
    const pr = defaultLifecycleHandler(l.preStop);
    if (ps !== l.postStart || pr !== l.preStop) {
      out.lifecycle = { ...l };
      if (ps) out.lifecycle.postStart = ps;
      if (pr) out.lifecycle.preStop = pr;
    }
  }
  const env = defaultFieldRef(out.env);
  if (env !== out.env) out.env = env;
  // SetDefaults_Pod (not PodSpec): requests default to limits, only on Pods, not templates.
  const res = out.resources;
  if (podLevel && res && typeof res === 'object' && res.limits && typeof res.limits === 'object') {
    const req: Obj = { ...(res.requests ?? {}) };
    let changed = false;
    for (const k of Object.keys(res.limits).sort()) {
      if (!(k in req)) {
        req[k] = res.limits[k];
        changed = true;
      }
    }
    if (changed) out.resources = { ...res, requests: req };
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

/**
 * SetDefaults_PodSpec + per-container defaults. `podLevel` adds what only SetDefaults_Pod does
 * (requests from limits, enableServiceLinks), which pod templates do not get.
 */
export function defaultPodSpec(spec: Obj | undefined, podLevel: boolean): Obj | undefined {
  if (!spec || typeof spec !== 'object') return spec;
  const out: Obj = { ...spec };
  if (!out.dnsPolicy) out.dnsPolicy = 'ClusterFirst';
  if (!out.restartPolicy) out.restartPolicy = 'Always';
  if (out.securityContext === undefined || out.securityContext === null) out.securityContext = {};
  if (out.terminationGracePeriodSeconds === undefined || out.terminationGracePeriodSeconds === null) out.terminationGracePeriodSeconds = 30;
  if (!out.schedulerName) out.schedulerName = 'default-scheduler';
  if (Array.isArray(out.containers)) out.containers = out.containers.map((c: Obj) => defaultContainer(c, podLevel));
  if (Array.isArray(out.initContainers)) out.initContainers = out.initContainers.map((c: Obj) => defaultContainer(c, podLevel));
  if (Array.isArray(out.ephemeralContainers)) out.ephemeralContainers = out.ephemeralContainers.map((c: Obj) => defaultContainer(c, false));
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map(defaultVolume);
  if (podLevel && (out.enableServiceLinks === undefined || out.enableServiceLinks === null)) out.enableServiceLinks = true;
  return out;
}

/** A PodTemplateSpec inside a workload: the PodSpec defaults without the Pod-only ones. */
export function defaultPodTemplate(tpl: Obj | undefined): Obj | undefined {
  if (!tpl || typeof tpl !== 'object' || !tpl.spec) return tpl;
  return { ...tpl, spec: defaultPodSpec(tpl.spec, false) };
}
