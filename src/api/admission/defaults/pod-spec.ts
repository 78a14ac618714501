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

export function defaultContainer(c: Obj, podLevel: boolean): Obj {
  if (!c || typeof c !== 'object') return c;
  let out: Obj = c;
  const w = (): Obj => (out === c ? (out = { ...c }) : out);
  if (!c.imagePullPolicy) w().imagePullPolicy = defaultImagePullPolicy(c.image);
  if (!c.terminationMessagePath) w().terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) w().terminationMessagePolicy = 'File';
  if (Array.isArray(c.ports)) {
    const ports = mapCow(c.ports as Obj[], (p) => (p && !p.protocol ? { ...p, protocol: 'TCP' } : p));
    if (ports !== c.ports) w().ports = ports;
  }
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (c[k] === undefined) continue;
    const pr = defaultProbe(c[k]);
    if (pr !== c[k]) w()[k] = pr;
  }
  if (c.lifecycle && typeof c.lifecycle === 'object') {
    const l = c.lifecycle;
    const ps = defaultLifecycleHandler(l.postStart);
    const pr = defaultLifecycleHandler(l.preStop);
    if (ps !== l.postStart || pr !== l.preStop) {
      const lc: Obj = { ...l };
      if (ps) lc.postStart = ps;
      if (pr) lc.preStop = pr;
      w().lifecycle = lc;
    }
  }
  const env = defaultFieldRef(c.env);
  if (env !== c.env) w().env = env;
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
    if (req) w().resources = { ...res, requests: req };
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
  let out: Obj = spec;
  const w = (): Obj => (out === spec ? (out = { ...spec }) : out);
  if (!spec.dnsPolicy) w().dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) w().restartPolicy = 'Always';
  if (spec.securityContext === undefined || spec.securityContext === null) w().securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) w().terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) w().schedulerName = 'default-scheduler';
  for (const k of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (!Array.isArray(spec[k])) continue;
    const lvl = k === 'ephemeralContainers' ? false : podLevel;
    const list = mapCow(spec[k] as Obj[], (c) => defaultContainer(c, lvl));
    if (list !== spec[k]) w()[k] = list;
  }
  if (Array.isArray(spec.volumes)) {
    const vols = mapCow(spec.volumes as Obj[], defaultVolume);
    if (vols !== spec.volumes) w().volumes = vols;
  }
  if (podLevel && (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)) w().enableServiceLinks = true;
  return out;
}

/** A PodTemplateSpec inside a workload: the PodSpec defaults without the Pod-only ones. */
export function defaultPodTemplate(tpl: Obj | undefined): Obj | undefined {
  if (!tpl || typeof tpl !== 'object' || !tpl.spec) return tpl;
  const spec = defaultPodSpec(tpl.spec, false);
  return spec === tpl.spec ? tpl : { ...tpl, spec };
}
