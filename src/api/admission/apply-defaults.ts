/**
 * Registered API defaults per kind (pkg/apis/{core,apps,batch,storage,scheduling}/v1/defaults.go),
 * as the API server applies them when it decodes a request. Copy-on-write: the input is never
 * mutated; parts that need no default keep their identity (cheap for system-created pods).
 */
import type { KubeObject } from '../../store/types.js';
import type { Settings } from '../../cluster/settings.js';
import { defaultPodSpec, defaultPodTemplate } from './defaults/pod-spec.js';
import { addDefaultTolerations } from './defaults/default-toleration-seconds.js';

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** SetDefaults_PersistentVolumeClaim(+Spec): volumeMode Filesystem, status.phase Pending. */
function defaultPVCLike(pvc: Obj): Obj {
  const out: Obj = { ...pvc };
  if (isObj(out.spec) && unset(out.spec.volumeMode)) out.spec = { ...out.spec, volumeMode: 'Filesystem' };
  if (!isObj(out.status) || !out.status.phase) out.status = { ...(isObj(out.status) ? out.status : {}), phase: 'Pending' };
  return out;
}

function withSpec(obj: KubeObject, f: (spec: Obj) => Obj): KubeObject {
  const spec = isObj(obj.spec) ? obj.spec : {};
  return { ...obj, spec: f({ ...spec }) };
}

function defaultService(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    if (!s.sessionAffinity) s.sessionAffinity = 'None';
    if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
    if (s.sessionAffinity === 'ClientIP' && unset(s.sessionAffinityConfig?.clientIP?.timeoutSeconds)) {
      s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
    if (!s.type) s.type = 'ClusterIP';
    if (Array.isArray(s.ports)) {
      s.ports = s.ports.map((p: Obj) => {
        if (!isObj(p)) return p;
        const q = { ...p };
        if (!q.protocol) q.protocol = 'TCP';
        if (unset(q.targetPort) || q.targetPort === 0 || q.targetPort === '') q.targetPort = q.port;
        return q;
      });
    }
    const beta = obj.metadata?.annotations?.['service.beta.kubernetes.io/external-traffic'] !== undefined;
    if (!beta && (s.type === 'NodePort' || s.type === 'LoadBalancer') && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
    if (!beta && unset(s.internalTrafficPolicy) && (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP')) {
      s.internalTrafficPolicy = 'Cluster';
    }
    if (s.type === 'LoadBalancer' && unset(s.allocateLoadBalancerNodePorts)) s.allocateLoadBalancerNodePorts = true;
    return s;
  });
}

function defaultDeployment(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    if (unset(s.replicas)) s.replicas = 1;
    const st: Obj = isObj(s.strategy) ? { ...s.strategy } : {};
    if (!st.type) st.type = 'RollingUpdate';
    if (st.type === 'RollingUpdate') {
      const ru: Obj = isObj(st.rollingUpdate) ? { ...st.rollingUpdate } : {};
      if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
      if (unset(ru.maxSurge)) ru.maxSurge = '25%';
      st.rollingUpdate = ru;
    }
    s.strategy = st;
    if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
    if (unset(s.progressDeadlineSeconds)) s.progressDeadlineSeconds = 600;
    s.template = defaultPodTemplate(s.template);
    return s;
  });
}

function defaultReplicaSet(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    if (unset(s.replicas)) s.replicas = 1;
    s.template = defaultPodTemplate(s.template);
    return s;
  });
}

function defaultStatefulSet(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    if (!s.podManagementPolicy) s.podManagementPolicy = 'OrderedReady';
    let us: Obj = isObj(s.updateStrategy) ? { ...s.updateStrategy } : {};
    if (!us.type) {
      us.type = 'RollingUpdate';
      if (unset(us.rollingUpdate)) us.rollingUpdate = {};
    }
    if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate) && unset(us.rollingUpdate.partition)) {
      us = { ...us, rollingUpdate: { ...us.rollingUpdate, partition: 0 } };
    }
    // pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields: the
    // MaxUnavailableStatefulSet gate is alpha and off in 1.30, so the API server drops the field
    // (no object can have it in use, so the update exception never applies).
    if (isObj(us.rollingUpdate) && us.rollingUpdate.maxUnavailable !== undefined) {
      const { maxUnavailable: _dropped, ...ru } = us.rollingUpdate;
      us = { ...us, rollingUpdate: ru };
    }
    s.updateStrategy = us;
    // StatefulSetAutoDeletePVC (beta, on in 1.30).
    const rp: Obj = isObj(s.persistentVolumeClaimRetentionPolicy) ? { ...s.persistentVolumeClaimRetentionPolicy } : {};
    if (!rp.whenDeleted) rp.whenDeleted = 'Retain';
    if (!rp.whenScaled) rp.whenScaled = 'Retain';
    s.persistentVolumeClaimRetentionPolicy = rp;
    if (unset(s.replicas)) s.replicas = 1;
    if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
    if (Array.isArray(s.volumeClaimTemplates)) s.volumeClaimTemplates = s.volumeClaimTemplates.map((t: Obj) => (isObj(t) ? defaultPVCLike(t) : t));
    s.template = defaultPodTemplate(s.template);
    return s;
  });
}

function defaultDaemonSet(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    const us: Obj = isObj(s.updateStrategy) ? { ...s.updateStrategy } : {};
    if (!us.type) us.type = 'RollingUpdate';
    if (us.type === 'RollingUpdate') {
      const ru: Obj = isObj(us.rollingUpdate) ? { ...us.rollingUpdate } : {};
      if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
      if (unset(ru.maxSurge)) ru.maxSurge = 0;
      us.rollingUpdate = ru;
    }
    s.updateStrategy = us;
    if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
    s.template = defaultPodTemplate(s.template);
    return s;
  });
}

function defaultJobSpec(s: Obj): Obj {
  s.template = defaultPodTemplate(s.template);
  return s;
}

function defaultJob(obj: KubeObject): KubeObject {
  const out = withSpec(obj, (s) => {
    if (unset(s.completions) && unset(s.parallelism)) {
      s.completions = 1;
      s.parallelism = 1;
    }
    if (unset(s.parallelism)) s.parallelism = 1;
    if (unset(s.backoffLimit)) s.backoffLimit = unset(s.backoffLimitPerIndex) ? 6 : 2147483647;
    if (unset(s.completionMode)) s.completionMode = 'NonIndexed';
    if (unset(s.suspend)) s.suspend = false;
    // JobPodReplacementPolicy (beta, on in 1.30).
    if (unset(s.podReplacementPolicy)) s.podReplacementPolicy = unset(s.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed';
    if (isObj(s.podFailurePolicy) && Array.isArray(s.podFailurePolicy.rules)) {
      s.podFailurePolicy = {
        ...s.podFailurePolicy,
        rules: s.podFailurePolicy.rules.map((r: Obj) =>
          isObj(r) && Array.isArray(r.onPodConditions)
            ? { ...r, onPodConditions: r.onPodConditions.map((c: Obj) => (isObj(c) && !c.status ? { ...c, status: 'True' } : c)) }
            : r,
        ),
      };
    }
    return defaultJobSpec(s);
  });
  // batch/v1 SetDefaults_Job: a Job without labels takes its template's labels.
  const tl = out.spec?.template?.metadata?.labels;
  if (isObj(tl) && (!obj.metadata?.labels || Object.keys(obj.metadata.labels).length === 0)) {
    return { ...out, metadata: { ...out.metadata, labels: { ...tl } } };
  }
  return out;
}

function defaultCronJob(obj: KubeObject): KubeObject {
  return withSpec(obj, (s) => {
    if (!s.concurrencyPolicy) s.concurrencyPolicy = 'Allow';
    if (unset(s.suspend)) s.suspend = false;
    if (unset(s.successfulJobsHistoryLimit)) s.successfulJobsHistoryLimit = 3;
    if (unset(s.failedJobsHistoryLimit)) s.failedJobsHistoryLimit = 1;
    // Only the embedded pod template is defaulted (SetObjectDefaults_CronJob), not the JobSpec.
    if (isObj(s.jobTemplate) && isObj(s.jobTemplate.spec)) {
      s.jobTemplate = { ...s.jobTemplate, spec: defaultJobSpec({ ...s.jobTemplate.spec }) };
    }
    return s;
  });
}

function defaultPersistentVolume(obj: KubeObject): KubeObject {
  const out = withSpec(obj, (s) => {
    if (!s.persistentVolumeReclaimPolicy) s.persistentVolumeReclaimPolicy = 'Retain';
    if (unset(s.volumeMode)) s.volumeMode = 'Filesystem';
    if (isObj(s.hostPath) && s.hostPath.type === undefined) s.hostPath = { ...s.hostPath, type: '' };
    return s;
  });
  if (!isObj(out.status) || !out.status.phase) out.status = { ...(isObj(out.status) ? out.status : {}), phase: 'Pending' };
  return out;
}

function defaultNamespace(obj: KubeObject): KubeObject {
  const name = obj.metadata?.name;
  let out: KubeObject = obj;
  // SetDefaults_Namespace: the immutable kubernetes.io/metadata.name label.
  if (name && obj.metadata.labels?.['kubernetes.io/metadata.name'] !== name) {
    out = { ...out, metadata: { ...out.metadata, labels: { ...(out.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name } } };
  }
  if (!isObj(out.status) || !out.status.phase) out = { ...out, status: { ...(isObj(out.status) ? out.status : {}), phase: 'Active' } };
  return out;
}

/**
 * Pod: SetDefaults_Pod + SetDefaults_PodSpec, plus what admission plugins always add:
 * DefaultTolerationSeconds (not-ready/unreachable tolerations), ServiceAccount (serviceAccountName
 * `default`; the deprecated `serviceAccount` mirrors it as the v1 conversion does; the
 * kube-api-access projected volume is NOT injected). Priority is resolved in admit() (it needs
 * the PriorityClasses).
 */
function defaultPod(obj: KubeObject, settings: Settings): KubeObject {
  const orig: Obj = isObj(obj.spec) ? obj.spec : {};
  // defaultPodSpec returns the input or a copy nobody else holds yet: finish that copy in place.
  let spec = defaultPodSpec(orig, true)!;
  const tol = addDefaultTolerations(spec.tolerations, settings.defaultTolerationSeconds);
  if (tol !== spec.tolerations || !spec.serviceAccountName || !spec.serviceAccount) {
    if (spec === orig) spec = { ...orig };
    if (tol !== spec.tolerations) spec.tolerations = tol;
    if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
    if (!spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  }
  return spec === obj.spec ? obj : { ...obj, spec };
}

function defaultEndpoints(obj: KubeObject): KubeObject {
  if (!Array.isArray(obj.subsets)) return obj;
  return {
    ...obj,
    subsets: obj.subsets.map((ss: Obj) =>
      isObj(ss) && Array.isArray(ss.ports) ? { ...ss, ports: ss.ports.map((p: Obj) => (isObj(p) && !p.protocol ? { ...p, protocol: 'TCP' } : p)) } : ss,
    ),
  };
}

function defaultLimitRange(obj: KubeObject): KubeObject {
  if (!Array.isArray(obj.spec?.limits)) return obj;
  return withSpec(obj, (s) => {
    s.limits = s.limits.map((item: Obj) => {
      if (!isObj(item) || item.type !== 'Container') return item;
      // SetDefaults_LimitRangeItem: default <- max; defaultRequest <- default, then min.
      const def: Obj = { ...(item.default ?? {}) };
      for (const k of Object.keys(item.max ?? {}).sort()) if (!(k in def)) def[k] = item.max[k];
      const req: Obj = { ...(item.defaultRequest ?? {}) };
      for (const k of Object.keys(def).sort()) if (!(k in req)) req[k] = def[k];
      for (const k of Object.keys(item.min ?? {}).sort()) if (!(k in req)) req[k] = item.min[k];
      const out: Obj = { ...item };
      if (Object.keys(def).length) out.default = def;
      if (Object.keys(req).length) out.defaultRequest = req;
      return out;
    });
    return s;
  });
}

function defaultNode(obj: KubeObject): KubeObject {
  // SetDefaults_NodeStatus: allocatable defaults to capacity.
  if (isObj(obj.status) && isObj(obj.status.capacity) && unset(obj.status.allocatable)) {
    return { ...obj, status: { ...obj.status, allocatable: { ...obj.status.capacity } } };
  }
  return obj;
}

/**
 * Apply the registered defaults of `obj.kind` (unknown kinds are returned as they are).
 * Returns a new object when anything was defaulted; the input is never mutated.
 */
export function applyDefaults(obj: KubeObject, settings: Settings): KubeObject {
  switch (obj.kind) {
    case 'Pod':
      return defaultPod(obj, settings);
    case 'PodTemplate':
      return isObj(obj.template) ? { ...obj, template: defaultPodTemplate(obj.template) } : obj;
    case 'Deployment':
      return defaultDeployment(obj);
    case 'ReplicaSet':
      return defaultReplicaSet(obj);
    case 'StatefulSet':
      return defaultStatefulSet(obj);
    case 'DaemonSet':
      return defaultDaemonSet(obj);
    case 'Job':
      return defaultJob(obj);
    case 'CronJob':
      return defaultCronJob(obj);
    case 'Service':
      return defaultService(obj);
    case 'PersistentVolume':
      return defaultPersistentVolume(obj);
    case 'PersistentVolumeClaim':
      return defaultPVCLike(obj) as KubeObject;
    case 'StorageClass':
      return {
        ...obj,
        reclaimPolicy: obj.reclaimPolicy ?? 'Delete',
        volumeBindingMode: obj.volumeBindingMode ?? 'Immediate',
      };
    case 'Namespace':
      return defaultNamespace(obj);
    case 'Secret':
      return obj.type ? obj : { ...obj, type: 'Opaque' };
    case 'Endpoints':
      return defaultEndpoints(obj);
    case 'LimitRange':
      return defaultLimitRange(obj);
    case 'Node':
      return defaultNode(obj);
    case 'PriorityClass':
      return obj.preemptionPolicy ? obj : { ...obj, preemptionPolicy: 'PreemptLowerPriority' };
    default:
      return obj;
  }
}
