/**
 * Pod spec validation (pkg/apis/core/validation/validation.go: ValidatePodSpec, validateContainers,
 * validateContainerCommon, validateContainerPorts, validateProbe/validateLivenessProbe,
 * ValidateResourceRequirements, ValidateVolumes, ValidateVolumeMounts, validateRestartPolicy,
 * validateDNSPolicy, ValidateTolerations, ValidatePodTemplateSpec). Map iteration (Go: random) is
 * by sorted key here. Only the rules a scenario can plausibly break are modelled.
 */
import { parseQuantity } from '../../quantity.js';
import { isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from '../../validation.js';
import { fieldErr, key, type FieldError, type PathIn } from '../field-error.js';
import { validateAnnotations, validateLabels } from './object-meta.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function validateDNS1123Label(v: string, path: PathIn): FieldError[] {
  return isDNS1123Label(v).map((m) => fieldErr.invalid(path, v, m));
}

function validateVolumeSource(v: Obj, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  const present = VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
  if (present.length === 0) {
    errs.push(fieldErr.required(path, 'must specify a volume type'));
    return errs;
  }
  for (const s of present.slice(1)) errs.push(fieldErr.forbidden([...path, s], 'may not specify more than 1 volume type'));
  const s = present[0]!;
  const src = isObj(v[s]) ? v[s] : {};
  if (s === 'hostPath' && !src.path) errs.push(fieldErr.required([...path, 'hostPath', 'path'], ''));
  if (s === 'persistentVolumeClaim' && !src.claimName) errs.push(fieldErr.required([...path, 'persistentVolumeClaim', 'claimName'], ''));
  if (s === 'configMap' && src.name) for (const m of isDNS1123Subdomain(src.name)) errs.push(fieldErr.invalid([...path, 'configMap', 'name'], src.name, m));
  if (s === 'secret' && src.secretName) for (const m of isDNS1123Subdomain(src.secretName)) errs.push(fieldErr.invalid([...path, 'secret', 'secretName'], src.secretName, m));
  if (s === 'nfs') {
    if (!src.server) errs.push(fieldErr.required([...path, 'nfs', 'server'], ''));
    if (!src.path) errs.push(fieldErr.required([...path, 'nfs', 'path'], ''));
    else if (!String(src.path).startsWith('/')) errs.push(fieldErr.invalid([...path, 'nfs', 'path'], src.path, 'must be an absolute path'));
  }
  return errs;
}

/** ValidateVolumes: returns the errors and the names of valid volumes. */
function validateVolumes(vols: unknown, path: PathIn): [FieldError[], Set<string>] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  if (!Array.isArray(vols)) return [errs, names];
  vols.forEach((raw, i) => {
    const v: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    const el = validateVolumeSource(v, ip);
    if (!v.name) el.push(fieldErr.required([...ip, 'name'], ''));
    else el.push(...validateDNS1123Label(String(v.name), [...ip, 'name']));
    if (names.has(v.name)) el.push(fieldErr.duplicate([...ip, 'name'], v.name));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return [errs, names];
}

function nonNeg(v: unknown, path: PathIn): FieldError[] {
  return typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateHandler(h: Obj, path: PathIn, allowed: string[]): FieldError[] {
  const set = allowed.filter((k) => h[k] !== undefined && h[k] !== null);
  if (set.length === 0) return [fieldErr.required(path, 'must specify a handler type')];
  return set.slice(1).map((k) => fieldErr.forbidden([...path, k], 'may not specify more than 1 handler type'));
}

function validateProbe(p: unknown, path: PathIn, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (!isObj(p)) return [];
  const errs: FieldError[] = [];
  errs.push(...validateHandler(p, path, HANDLERS));
  errs.push(...nonNeg(p.initialDelaySeconds, [...path, 'initialDelaySeconds']));
  errs.push(...nonNeg(p.timeoutSeconds, [...path, 'timeoutSeconds']));
  errs.push(...nonNeg(p.periodSeconds, [...path, 'periodSeconds']));
  errs.push(...nonNeg(p.successThreshold, [...path, 'successThreshold']));
  errs.push(...nonNeg(p.failureThreshold, [...path, 'failureThreshold']));
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldErr.invalid([...path, 'terminationGracePeriodSeconds'], p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined) {
    errs.push(fieldErr.invalid([...path, 'terminationGracePeriodSeconds'], p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  // validateLivenessProbe / validateStartupProbe: successThreshold must be 1.
  if (kind !== 'readiness' && (p.successThreshold ?? 1) !== 1) {
    errs.push(fieldErr.invalid([...path, 'successThreshold'], p.successThreshold, 'must be 1'));
  }
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const INTEGER_RESOURCES = new Set<string>([]);

function quantity(v: unknown): ReturnType<typeof parseQuantity> | undefined {
  try {
    return parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

/** ValidateResourceRequirements (container): names, non-negative, requests <= limits. */
function validateResources(res: unknown, path: PathIn): FieldError[] {
  if (!isObj(res)) return [];
  const errs: FieldError[] = [];
  const limits: Obj = isObj(res.limits) ? res.limits : {};
  const requests: Obj = isObj(res.requests) ? res.requests : {};
  const checkName = (name: string, p: PathIn): void => {
    if (name.includes('/')) {
      for (const m of isQualifiedName(name)) errs.push(fieldErr.invalid(p, name, m));
    } else if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      errs.push(fieldErr.invalid(p, name, 'must be a standard resource for containers'));
    }
  };
  for (const name of Object.keys(limits).sort()) {
    const p: PathIn = [...path, 'limits', key(name)];
    checkName(name, p);
    const q = quantity(limits[name]);
    if (q && q.sign() < 0) errs.push(fieldErr.invalid(p, q.toString(), 'must be greater than or equal to 0'));
  }
  for (const name of Object.keys(requests).sort()) {
    const p: PathIn = [...path, 'requests', key(name)];
    checkName(name, p);
    const q = quantity(requests[name]);
    if (!q) continue;
    if (q.sign() < 0) errs.push(fieldErr.invalid(p, q.toString(), 'must be greater than or equal to 0'));
    if (INTEGER_RESOURCES.has(name) && q.milliValue() % 1000 !== 0) errs.push(fieldErr.invalid(p, q.toString(), 'must be an integer'));
    const l = name in limits ? quantity(limits[name]) : undefined;
    if (l && q.cmp(l) > 0) {
      errs.push(fieldErr.invalid([...path, 'requests'], q.toString(), `must be less than or equal to ${name} limit of ${l.toString()}`));
    }
  }
  return errs;
}

function validatePorts(ports: unknown, path: PathIn): FieldError[] {
  if (!Array.isArray(ports)) return [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const p: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    if (p.name) {
      const msgs = isValidPortName(String(p.name));
      if (msgs.length) for (const m of msgs) errs.push(fieldErr.invalid([...ip, 'name'], p.name, m));
      else if (names.has(p.name)) errs.push(fieldErr.duplicate([...ip, 'name'], p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldErr.required([...ip, 'containerPort'], ''));
    else for (const m of isValidPortNum(p.containerPort)) errs.push(fieldErr.invalid([...ip, 'containerPort'], p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(p.hostPort)) errs.push(fieldErr.invalid([...ip, 'hostPort'], p.hostPort, m));
    if (!p.protocol) errs.push(fieldErr.required([...ip, 'protocol'], ''));
    else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errs.push(fieldErr.notSupported([...ip, 'protocol'], p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

function validateEnv(env: unknown, path: PathIn): FieldError[] {
  if (!Array.isArray(env)) return [];
  const errs: FieldError[] = [];
  env.forEach((raw, i) => {
    const e: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    if (!e.name) errs.push(fieldErr.required([...ip, 'name'], ''));
    else for (const m of isEnvVarName(String(e.name))) errs.push(fieldErr.invalid([...ip, 'name'], e.name, m));
    if (isObj(e.valueFrom)) {
      const vf = e.valueFrom;
      const n = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => vf[k] !== undefined && vf[k] !== null).length;
      if (e.value !== undefined && e.value !== '' && n > 0) {
        errs.push(fieldErr.invalid([...ip, 'valueFrom'], '', 'may not be specified when `value` is not empty'));
      }
      if (n === 0) errs.push(fieldErr.invalid([...ip, 'valueFrom'], '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (n > 1) errs.push(fieldErr.invalid([...ip, 'valueFrom'], '', 'may not have more than one field specified at a time'));
      for (const k of ['configMapKeyRef', 'secretKeyRef']) {
        const r = vf[k];
        if (isObj(r) && !r.key) errs.push(fieldErr.required([...ip, 'valueFrom', k, 'key'], ''));
      }
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, vols: Set<string>, path: PathIn): FieldError[] {
  if (!Array.isArray(mounts)) return [];
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((raw, i) => {
    const m: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    if (!m.name) errs.push(fieldErr.required([...ip, 'name'], ''));
    if (!vols.has(m.name)) errs.push(fieldErr.notFound([...ip, 'name'], m.name ?? ''));
    if (!m.mountPath) errs.push(fieldErr.required([...ip, 'mountPath'], ''));
    if (paths.has(m.mountPath)) errs.push(fieldErr.invalid([...ip, 'mountPath'], m.mountPath, 'must be unique'));
    paths.add(m.mountPath);
  });
  return errs;
}

function validateContainerCommon(c: Obj, vols: Set<string>, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErr.required([...path, 'name'], ''));
  else errs.push(...validateDNS1123Label(String(c.name), [...path, 'name']));
  if (!c.image) errs.push(fieldErr.required([...path, 'image'], ''));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(fieldErr.required([...path, 'terminationMessagePolicy'], ''));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(fieldErr.notSupported([...path, 'terminationMessagePolicy'], tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validatePorts(c.ports, [...path, 'ports']));
  errs.push(...validateEnv(c.env, [...path, 'env']));
  errs.push(...validateVolumeMounts(c.volumeMounts, vols, [...path, 'volumeMounts']));
  const pp = c.imagePullPolicy;
  if (!pp) errs.push(fieldErr.required([...path, 'imagePullPolicy'], ''));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pp)) errs.push(fieldErr.notSupported([...path, 'imagePullPolicy'], pp, ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResources(c.resources, [...path, 'resources']));
  return errs;
}

function validateContainers(list: unknown, vols: Set<string>, path: PathIn): FieldError[] {
  if (!Array.isArray(list) || list.length === 0) return [fieldErr.required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const c: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    errs.push(...validateContainerCommon(c, vols, ip));
    if (names.has(c.name)) errs.push(fieldErr.duplicate([...ip, 'name'], c.name));
    else names.add(c.name);
    errs.push(...validateProbe(c.livenessProbe, [...ip, 'livenessProbe'], 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, [...ip, 'readinessProbe'], 'readiness'));
    errs.push(...validateProbe(c.startupProbe, [...ip, 'startupProbe'], 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(fieldErr.forbidden([...ip, 'restartPolicy'], 'may not be set for non-init containers'));
  });
  return errs;
}

function validateInitContainers(list: unknown, regular: unknown, vols: Set<string>, path: PathIn): FieldError[] {
  if (!Array.isArray(list)) return [];
  const errs: FieldError[] = [];
  const names = new Set<string>(Array.isArray(regular) ? regular.map((c: Obj) => c?.name) : []);
  list.forEach((raw, i) => {
    const c: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    errs.push(...validateContainerCommon(c, vols, ip));
    if (names.has(c.name)) errs.push(fieldErr.duplicate([...ip, 'name'], c.name));
    else names.add(c.name);
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && c.restartPolicy !== null && !sidecar) {
      errs.push(fieldErr.notSupported([...ip, 'restartPolicy'], c.restartPolicy, ['Always']));
    }
    if (sidecar) {
      errs.push(...validateProbe(c.livenessProbe, [...ip, 'livenessProbe'], 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, [...ip, 'readinessProbe'], 'readiness'));
      errs.push(...validateProbe(c.startupProbe, [...ip, 'startupProbe'], 'startup'));
    } else {
      if (c.lifecycle != null) errs.push(fieldErr.forbidden([...ip, 'lifecycle'], 'may not be set for init containers without restartPolicy=Always'));
      if (c.livenessProbe != null) errs.push(fieldErr.forbidden([...ip, 'livenessProbe'], 'may not be set for init containers without restartPolicy=Always'));
      if (c.readinessProbe != null) errs.push(fieldErr.forbidden([...ip, 'readinessProbe'], 'may not be set for init containers without restartPolicy=Always'));
      if (c.startupProbe != null) errs.push(fieldErr.forbidden([...ip, 'startupProbe'], 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

function validateTolerations(list: unknown, path: PathIn): FieldError[] {
  if (!Array.isArray(list)) return [];
  const errs: FieldError[] = [];
  list.forEach((raw, i) => {
    const t: Obj = isObj(raw) ? raw : {};
    const ip: PathIn = [...path, i];
    if (t.key) for (const m of isQualifiedName(String(t.key))) errs.push(fieldErr.invalid([...ip, 'key'], t.key, m));
    if (!t.key && t.operator !== 'Exists') errs.push(fieldErr.invalid([...ip, 'operator'], t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(fieldErr.invalid([...ip, 'effect'], t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? '') {
      case '':
      case 'Equal':
        for (const m of isValidLabelValue(String(t.value ?? ''))) errs.push(fieldErr.invalid([...ip, 'operator'], t.value ?? '', m));
        break;
      case 'Exists':
        if (t.value) errs.push(fieldErr.invalid([...ip, 'operator'], t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldErr.notSupported([...ip, 'operator'], t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      errs.push(fieldErr.notSupported([...ip, 'effect'], t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  });
  return errs;
}

/** ValidatePodSpec. `path` is `spec` for a Pod, `spec.template.spec` for a template. */
export function validatePodSpec(spec: unknown, path: PathIn): FieldError[] {
  const s: Obj = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  const [vErrs, vols] = validateVolumes(s.volumes, [...path, 'volumes']);
  errs.push(...vErrs);
  errs.push(...validateContainers(s.containers, vols, [...path, 'containers']));
  errs.push(...validateInitContainers(s.initContainers, s.containers, vols, [...path, 'initContainers']));
  const rp = s.restartPolicy;
  if (!rp) errs.push(fieldErr.required([...path, 'restartPolicy'], ''));
  else if (!['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(fieldErr.notSupported([...path, 'restartPolicy'], rp, ['Always', 'OnFailure', 'Never']));
  const dp = s.dnsPolicy;
  const DNS = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (!dp) errs.push(fieldErr.required([...path, 'dnsPolicy'], ''));
  else if (!DNS.includes(dp)) errs.push(fieldErr.notSupported([...path, 'dnsPolicy'], dp, DNS));
  errs.push(...validateLabels(s.nodeSelector, [...path, 'nodeSelector']));
  if (dp === 'None' && !isObj(s.dnsConfig)) errs.push(fieldErr.required([...path, 'dnsConfig'], 'must provide `dnsConfig` when `dnsPolicy` is None'));
  if (s.serviceAccountName) for (const m of isDNS1123Subdomain(String(s.serviceAccountName))) errs.push(fieldErr.invalid([...path, 'serviceAccountName'], s.serviceAccountName, m));
  if (s.nodeName) for (const m of isDNS1123Subdomain(String(s.nodeName))) errs.push(fieldErr.invalid([...path, 'nodeName'], s.nodeName, m));
  if (typeof s.activeDeadlineSeconds === 'number' && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)) {
    errs.push(fieldErr.invalid([...path, 'activeDeadlineSeconds'], s.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  if (s.hostname) errs.push(...validateDNS1123Label(String(s.hostname), [...path, 'hostname']));
  if (s.subdomain) errs.push(...validateDNS1123Label(String(s.subdomain), [...path, 'subdomain']));
  errs.push(...validateTolerations(s.tolerations, [...path, 'tolerations']));
  if (s.priorityClassName) for (const m of isDNS1123Subdomain(String(s.priorityClassName))) errs.push(fieldErr.invalid([...path, 'priorityClassName'], s.priorityClassName, m));
  if (s.preemptionPolicy && !['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
    errs.push(fieldErr.notSupported([...path, 'preemptionPolicy'], s.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  }
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0) {
    // Negative values are tolerated (set to 1) by the pod strategy; nothing to report.
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations (note: path `<tpl>.labels`, as upstream) + spec. */
export function validatePodTemplateSpec(tpl: unknown, path: PathIn): FieldError[] {
  const t: Obj = isObj(tpl) ? tpl : {};
  const meta: Obj = isObj(t.metadata) ? t.metadata : {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, [...path, 'labels']));
  errs.push(...validateAnnotations(meta.annotations, [...path, 'annotations']));
  errs.push(...validatePodSpec(t.spec, [...path, 'spec']));
  if (isObj(t.spec) && Array.isArray(t.spec.ephemeralContainers) && t.spec.ephemeralContainers.length > 0) {
    errs.push(fieldErr.forbidden([...path, 'spec', 'ephemeralContainers'], 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

