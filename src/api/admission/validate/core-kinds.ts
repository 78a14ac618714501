/**
 * Validation of the non-workload kinds (pkg/apis/core/validation/validation.go: ValidateService,
 * validateServicePort, ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec,
 * ValidateConfigMap, ValidateSecret; pkg/apis/storage/validation ValidateStorageClass;
 * pkg/apis/scheduling/validation ValidatePriorityClass; pkg/apis/policy/validation
 * ValidatePodDisruptionBudgetSpec).
 */
import { parseQuantity } from '../../quantity.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortName, isValidPortNum } from '../../validation.js';
import { fieldErr, key, type FieldError, type PathIn } from '../field-error.js';
import { validateLabelSelector } from './label-selector.js';
import { validateLabels } from './object-meta.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './workloads.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function quantity(v: unknown): ReturnType<typeof parseQuantity> | undefined {
  try {
    return parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

export function validateService(svc: Obj): FieldError[] {
  const s: Obj = isObj(svc.spec) ? svc.spec : {};
  const errs: FieldError[] = [];
  const headless = s.clusterIP === 'None';
  const ports: unknown[] = Array.isArray(s.ports) ? s.ports : [];
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(fieldErr.required(['spec', 'ports'], ''));
  switch (s.type) {
    case 'LoadBalancer':
      if (headless) errs.push(fieldErr.invalid(['spec', 'clusterIPs', 0], 'None', "may not be set to 'None' for LoadBalancer services"));
      ports.forEach((p, i) => {
        if (isObj(p) && p.port === 10250) errs.push(fieldErr.invalid(['spec', 'ports', i], 10250, 'may not expose port 10250 externally since it is used by kubelet'));
      });
      break;
    case 'NodePort':
      if (headless) errs.push(fieldErr.invalid(['spec', 'clusterIPs', 0], 'None', "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if (s.clusterIP) errs.push(fieldErr.forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services'));
      const cname = String(s.externalName ?? '').replace(/\.$/, '');
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(fieldErr.invalid(['spec', 'externalName'], cname, m));
      else errs.push(fieldErr.required(['spec', 'externalName'], ''));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const p: Obj = isObj(raw) ? raw : {};
    const pp: PathIn = ['spec', 'ports', i];
    if (ports.length > 1 && !p.name) errs.push(fieldErr.required([...pp, 'name'], ''));
    else if (p.name) {
      for (const m of isDNS1123Label(String(p.name))) errs.push(fieldErr.invalid([...pp, 'name'], p.name, m));
      if (names.has(p.name)) errs.push(fieldErr.duplicate([...pp, 'name'], p.name));
      else names.add(p.name);
    }
    for (const m of isValidPortNum(Number(p.port ?? 0))) errs.push(fieldErr.invalid([...pp, 'port'], p.port ?? 0, m));
    if (!p.protocol) errs.push(fieldErr.required([...pp, 'protocol'], ''));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported([...pp, 'protocol'], p.protocol, PROTOCOLS));
    // ValidatePortNumOrName
    const tp = p.targetPort;
    if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errs.push(fieldErr.invalid([...pp, 'targetPort'], tp, m));
    else if (typeof tp === 'string' && tp !== '') for (const m of isValidPortName(tp)) errs.push(fieldErr.invalid([...pp, 'targetPort'], tp, m));
  });
  if (s.selector != null) errs.push(...validateLabels(s.selector, ['spec', 'selector']));
  if (!s.sessionAffinity) errs.push(fieldErr.required(['spec', 'sessionAffinity'], ''));
  else if (!['ClientIP', 'None'].includes(s.sessionAffinity)) errs.push(fieldErr.notSupported(['spec', 'sessionAffinity'], s.sessionAffinity, ['ClientIP', 'None']));
  if (s.clusterIP && s.clusterIP !== 'None' && s.type !== 'ExternalName') {
    for (const m of isValidIP(String(s.clusterIP))) errs.push(fieldErr.invalid(['spec', 'clusterIPs', 0], s.clusterIP, m));
  }
  const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (!s.type) errs.push(fieldErr.required(['spec', 'type'], ''));
  else if (!TYPES.includes(s.type)) errs.push(fieldErr.notSupported(['spec', 'type'], s.type, TYPES));
  if (s.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (isObj(p) && p.nodePort) errs.push(fieldErr.forbidden(['spec', 'ports', i, 'nodePort'], "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p) || !p.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(fieldErr.duplicate(['spec', 'ports', i, 'nodePort'], p.nodePort));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const k = `${p.protocol}/${p.port}`;
    if (seen.has(k)) errs.push(fieldErr.duplicate(['spec', 'ports', i], { go: `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol)}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}` }));
    seen.add(k);
  });
  if (s.externalTrafficPolicy && !['Cluster', 'Local'].includes(s.externalTrafficPolicy)) {
    errs.push(fieldErr.notSupported(['spec', 'externalTrafficPolicy'], s.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (s.internalTrafficPolicy && !['Cluster', 'Local'].includes(s.internalTrafficPolicy)) {
    errs.push(fieldErr.notSupported(['spec', 'internalTrafficPolicy'], s.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  return errs;
}

/** NodePort range check done by the allocator (pkg/registry/core/service/portallocator ErrNotInRange). */
export function validateNodePortRange(svc: Obj, range: string): FieldError[] {
  const [lo, hi] = range.split('-').map((x) => Number(x));
  const errs: FieldError[] = [];
  const ports: unknown[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  ports.forEach((p, i) => {
    if (!isObj(p) || !p.nodePort) return;
    if (p.nodePort < lo! || p.nodePort > hi!) {
      errs.push(fieldErr.invalid(['spec', 'ports', i, 'nodePort'], p.nodePort, `provided port is not in the valid range. The range of valid ports is ${range}`));
    }
  });
  return errs;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cinder',
  'cephfs', 'iscsi', 'fc', 'azureFile', 'flexVolume', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];

function validateAccessModes(modes: unknown, path: PathIn): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of Array.isArray(modes) ? modes : []) {
    if (!ACCESS_MODES.includes(m)) errs.push(fieldErr.notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(fieldErr.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function goResourceList(m: unknown): { go: string } {
  if (!isObj(m)) return { go: 'core.ResourceList(nil)' };
  const keys = Object.keys(m).sort();
  return { go: `core.ResourceList{${keys.map((k) => `${JSON.stringify(k)}:resource.Quantity{...}`).join(', ')}}` };
}

export function validatePersistentVolume(pv: Obj): FieldError[] {
  const s: Obj = isObj(pv.spec) ? pv.spec : {};
  const errs: FieldError[] = [];
  const am = Array.isArray(s.accessModes) ? s.accessModes : [];
  if (am.length === 0) errs.push(fieldErr.required(['spec', 'accessModes'], ''));
  errs.push(...validateAccessModes(am, ['spec', 'accessModes']));
  const cap: Obj | undefined = isObj(s.capacity) ? s.capacity : undefined;
  if (!cap || Object.keys(cap).length === 0) errs.push(fieldErr.required(['spec', 'capacity'], ''));
  if (!cap || !('storage' in cap) || Object.keys(cap).length > 1) errs.push(fieldErr.notSupported(['spec', 'capacity'], goResourceList(cap), ['storage']));
  for (const r of Object.keys(cap ?? {}).sort()) {
    const q = quantity(cap![r]);
    if (q && q.sign() <= 0) errs.push(fieldErr.invalid(['spec', 'capacity', key(r)], q.toString(), 'must be greater than zero'));
  }
  if (s.storageClassName) for (const m of isDNS1123Subdomain(String(s.storageClassName))) errs.push(fieldErr.invalid(['spec', 'storageClassName'], s.storageClassName, m));
  if (s.volumeMode != null && !['Block', 'Filesystem'].includes(s.volumeMode)) errs.push(fieldErr.notSupported(['spec', 'volumeMode'], s.volumeMode, ['Block', 'Filesystem']));
  if (s.persistentVolumeReclaimPolicy && !['Delete', 'Recycle', 'Retain'].includes(s.persistentVolumeReclaimPolicy)) {
    errs.push(fieldErr.notSupported(['spec', 'persistentVolumeReclaimPolicy'], s.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain']));
  }
  let n = 0;
  for (const src of PV_SOURCES) {
    if (s[src] === undefined || s[src] === null) continue;
    if (n > 0) errs.push(fieldErr.forbidden(['spec', src], 'may not specify more than 1 volume type'));
    else {
      n++;
      const v: Obj = isObj(s[src]) ? s[src] : {};
      if (src === 'hostPath' && !v.path) errs.push(fieldErr.required(['spec', 'hostPath', 'path'], ''));
      if (src === 'nfs') {
        if (!v.server) errs.push(fieldErr.required(['spec', 'nfs', 'server'], ''));
        if (!v.path) errs.push(fieldErr.required(['spec', 'nfs', 'path'], ''));
        else if (!String(v.path).startsWith('/')) errs.push(fieldErr.invalid(['spec', 'nfs', 'path'], v.path, 'must be an absolute path'));
      }
      if (src === 'local') {
        if (!v.path) errs.push(fieldErr.required(['spec', 'local', 'path'], ''));
        if (!isObj(s.nodeAffinity)) errs.push(fieldErr.required(['spec', 'nodeAffinity'], 'Local volume requires node affinity'));
      }
      if (src === 'csi') {
        if (!v.driver) errs.push(fieldErr.required(['spec', 'csi', 'driver'], ''));
        if (!v.volumeHandle) errs.push(fieldErr.required(['spec', 'csi', 'volumeHandle'], ''));
      }
    }
  }
  if (n === 0) errs.push(fieldErr.required(['spec'], 'must specify a volume type'));
  if (isObj(s.hostPath) && s.persistentVolumeReclaimPolicy === 'Recycle' && String(s.hostPath.path ?? '').replace(/\/+$/, '') === '') {
    errs.push(fieldErr.forbidden(['spec', 'persistentVolumeReclaimPolicy'], "may not be 'recycle' for a hostPath mount of '/'"));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimSpec (`path` is `spec`, or a StatefulSet volumeClaimTemplate's spec). */
export function validatePVCSpec(spec: unknown, path: PathIn): FieldError[] {
  const s: Obj = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  const am = Array.isArray(s.accessModes) ? s.accessModes : [];
  if (am.length === 0) errs.push(fieldErr.required([...path, 'accessModes'], 'at least 1 access mode is required'));
  if (s.selector != null) errs.push(...validateLabelSelector(s.selector, [...path, 'selector']));
  errs.push(...validateAccessModes(am, [...path, 'accessModes']));
  const req: Obj = isObj(s.resources) && isObj(s.resources.requests) ? s.resources.requests : {};
  const sp: PathIn = [...path, 'resources', key('storage')];
  if (!('storage' in req)) errs.push(fieldErr.required(sp, ''));
  else {
    const q = quantity(req.storage);
    if (q && q.sign() <= 0) errs.push(fieldErr.invalid(sp, q.toString(), 'must be greater than zero'));
  }
  if (s.storageClassName) for (const m of isDNS1123Subdomain(String(s.storageClassName))) errs.push(fieldErr.invalid([...path, 'storageClassName'], s.storageClassName, m));
  if (s.volumeMode != null && !['Block', 'Filesystem'].includes(s.volumeMode)) errs.push(fieldErr.notSupported([...path, 'volumeMode'], s.volumeMode, ['Block', 'Filesystem']));
  return errs;
}

/** core.MaxSecretSize: 1 MiB, for ConfigMaps and Secrets. */
const MAX_SIZE = 1024 * 1024;

function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function base64Bytes(s: string): number {
  const t = s.replace(/\s/g, '');
  const pad = t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0;
  return Math.floor((t.length * 3) / 4) - pad;
}

export function validateConfigMap(cm: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data: Obj = isObj(cm.data) ? cm.data : {};
  const bin: Obj = isObj(cm.binaryData) ? cm.binaryData : {};
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(fieldErr.invalid(['data', key(k)], k, m));
    if (k in bin) errs.push(fieldErr.invalid(['data', key(k)], k, 'duplicate of key present in binaryData'));
    total += typeof data[k] === 'string' ? utf8Bytes(data[k]) : 0;
  }
  for (const k of Object.keys(bin).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(fieldErr.invalid(['binaryData', key(k)], k, m));
    if (k in data) errs.push(fieldErr.invalid(['binaryData', key(k)], k, 'duplicate of key present in data'));
    total += typeof bin[k] === 'string' ? base64Bytes(bin[k]) : 0;
  }
  // field.TooLong(field.NewPath(""), cfg, MaxSecretSize): the error refers to the whole object.
  if (total > MAX_SIZE) errs.push(fieldErr.tooLong([], MAX_SIZE));
  return errs;
}

export function validateSecret(sec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data: Obj = isObj(sec.data) ? sec.data : {};
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(fieldErr.invalid(['data', key(k)], k, m));
    total += typeof data[k] === 'string' ? base64Bytes(data[k]) : 0;
  }
  if (total > MAX_SIZE) errs.push(fieldErr.tooLong(['data'], MAX_SIZE));
  switch (sec.type) {
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) errs.push(fieldErr.required(['data', key('tls.crt')], ''));
      if (!('tls.key' in data)) errs.push(fieldErr.required(['data', key('tls.key')], ''));
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(fieldErr.required(['data', key('username')], ''));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!('ssh-privatekey' in data)) errs.push(fieldErr.required(['data', key('ssh-privatekey')], ''));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!('.dockerconfigjson' in data)) errs.push(fieldErr.required(['data', key('.dockerconfigjson')], ''));
      break;
  }
  return errs;
}

export function validateStorageClass(sc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const prov = String(sc.provisioner ?? '');
  if (!prov) errs.push(fieldErr.required(['provisioner'], ''));
  else {
    for (const m of isQualifiedName(prov.toLowerCase())) errs.push(fieldErr.invalid(['provisioner'], prov, m));
  }
  if (sc.reclaimPolicy != null && !['Delete', 'Retain'].includes(sc.reclaimPolicy)) errs.push(fieldErr.notSupported(['reclaimPolicy'], sc.reclaimPolicy, ['Delete', 'Retain']));
  if (sc.volumeBindingMode != null && !['Immediate', 'WaitForFirstConsumer'].includes(sc.volumeBindingMode)) {
    errs.push(fieldErr.notSupported(['volumeBindingMode'], sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return errs;
}

export function validatePriorityClass(pc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const name = String(pc.metadata?.name ?? '');
  if (name.startsWith('system-')) {
    if (!['system-node-critical', 'system-cluster-critical'].includes(name)) {
      errs.push(fieldErr.forbidden(['metadata', 'name'], `priority class names with 'system-' prefix are reserved for system use only. error: ${name} is not a known system priority class`));
    }
  } else if (typeof pc.value === 'number' && pc.value > 1_000_000_000) {
    errs.push(fieldErr.forbidden(['value'], 'maximum allowed value of a user defined priority is 1000000000'));
  }
  if (pc.preemptionPolicy != null && !['Never', 'PreemptLowerPriority'].includes(pc.preemptionPolicy)) {
    errs.push(fieldErr.notSupported(['preemptionPolicy'], pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  }
  return errs;
}

export function validatePodDisruptionBudget(pdb: Obj): FieldError[] {
  const s: Obj = isObj(pdb.spec) ? pdb.spec : {};
  const errs: FieldError[] = [];
  if (s.minAvailable != null && s.maxUnavailable != null) {
    errs.push(fieldErr.invalid(['spec'], { go: 'policy.PodDisruptionBudgetSpec{...}' }, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (s[f] == null) continue;
    errs.push(...validatePositiveIntOrPercent(s[f], ['spec', f]));
    errs.push(...isNotMoreThan100Percent(s[f], ['spec', f]));
  }
  errs.push(...validateLabelSelector(s.selector, ['spec', 'selector']));
  if (s.unhealthyPodEvictionPolicy != null && !['AlwaysAllow', 'IfHealthyBudget'].includes(s.unhealthyPodEvictionPolicy)) {
    errs.push(fieldErr.notSupported(['spec', 'unhealthyPodEvictionPolicy'], s.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

