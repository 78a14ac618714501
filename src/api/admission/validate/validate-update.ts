/**
 * What may not change on update (the registry strategies' ValidateUpdate and
 * pkg/apis/{apps,batch,core}/validation Validate...Update): workload selectors (`field is immutable`), the
 * StatefulSet spec outside replicas/template/updateStrategy/..., Job selector/template/completions,
 * PVC spec except resources.requests, PV source, Service clusterIP, immutable ConfigMaps/Secrets,
 * the Pod spec outside images/activeDeadlineSeconds/tolerations additions.
 * Messages that upstream follows with a cmp.Diff of the specs stop before the diff here.
 */
import { fieldErr, goLabelSelector, goStringSlice, type FieldError } from '../field-error.js';
import { semanticEqual } from './semantic-equal.js';
import { parseQuantity } from '../../quantity.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const spec = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});

function immutableSelector(n: Obj, o: Obj): FieldError[] {
  if (semanticEqual(spec(n).selector, spec(o).selector)) return [];
  return [fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec(n).selector), 'field is immutable')];
}

const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

function immutableData(n: Obj, o: Obj, fields: string[]): FieldError[] {
  if (o.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (n.immutable !== true) errs.push(fieldErr.forbidden(['immutable'], IMMUTABLE_WHEN_SET));
  for (const f of fields) if (!semanticEqual(n[f], o[f])) errs.push(fieldErr.forbidden([f], IMMUTABLE_WHEN_SET));
  return errs;
}

function without(o: Obj, keys: string[]): Obj {
  const c: Obj = { ...o };
  for (const k of keys) delete c[k];
  return c;
}

function podSpecUpdate(n: Obj, o: Obj): FieldError[] {
  const ns = spec(n);
  const os = spec(o);
  // Mutable: container images, activeDeadlineSeconds, tolerations (additions), terminationGracePeriodSeconds,
  // schedulingGates (removals); nodeName is set through the binding subresource.
  const strip = (s: Obj): Obj => {
    const c = without(s, ['activeDeadlineSeconds', 'tolerations', 'terminationGracePeriodSeconds', 'schedulingGates']);
    for (const f of ['containers', 'initContainers']) {
      if (Array.isArray(c[f])) c[f] = c[f].map((x: Obj) => (isObj(x) ? without(x, ['image']) : x));
    }
    return c;
  };
  const errs: FieldError[] = [];
  if (!semanticEqual(strip(ns), strip(os), true)) {
    errs.push(
      fieldErr.forbidden(
        ['spec'],
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      ),
    );
  }
  const oldTol: unknown[] = Array.isArray(os.tolerations) ? os.tolerations : [];
  const newTol: unknown[] = Array.isArray(ns.tolerations) ? ns.tolerations : [];
  if (!oldTol.every((t) => newTol.some((u) => semanticEqual(t, u)))) {
    errs.push(fieldErr.forbidden(['spec', 'tolerations'], 'existing toleration can not be modified except its tolerationSeconds'));
  }
  return errs;
}

function pvcUpdate(n: Obj, o: Obj): FieldError[] {
  const ns: Obj = { ...spec(n) };
  const os: Obj = { ...spec(o) };
  const errs: FieldError[] = [];
  if (!os.volumeName) os.volumeName = ns.volumeName; // volumeName may be set once
  // validateStorageClassUpgradeFromNil (RetroactiveDefaultStorageClass, GA 1.28): nil -> a class, without the beta annotation.
  if (os.storageClassName == null && ns.storageClassName != null && o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) os.storageClassName = ns.storageClassName;
  const nReq = ns.resources?.requests ?? {};
  const oReq = os.resources?.requests ?? {};
  // resources.requests.storage may grow on bound claims; compare the rest.
  const cmpN = { ...ns, resources: { ...(ns.resources ?? {}), requests: { ...nReq, storage: oReq.storage } } };
  if (!semanticEqual(cmpN, os, true)) {
    errs.push(fieldErr.forbidden(['spec'], 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  try {
    if (nReq.storage !== undefined && oReq.storage !== undefined && parseQuantity(String(nReq.storage)).cmp(parseQuantity(String(oReq.storage))) < 0) {
      errs.push(fieldErr.forbidden(['spec', 'resources', 'requests', 'storage'], 'field can not be less than previous value'));
    }
  } catch {
    // invalid quantities are reported by spec validation
  }
  return errs;
}

function statefulSetUpdate(n: Obj, o: Obj): FieldError[] {
  const allowed = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  if (semanticEqual(without(spec(n), allowed), without(spec(o), allowed), true)) return [];
  return [
    fieldErr.forbidden(
      ['spec'],
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

function jobUpdate(n: Obj, o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ns = spec(n);
  const os = spec(o);
  if (!semanticEqual(ns.selector, os.selector)) errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(ns.selector), 'field is immutable'));
  // Template: mutable only while suspended and never started (simplified: while suspended).
  if (!(os.suspend === true) && !semanticEqual(ns.template, os.template, true)) {
    errs.push(fieldErr.invalid(['spec', 'template'], { go: 'core.PodTemplateSpec{...}' }, 'field is immutable'));
  }
  if (ns.completionMode !== 'Indexed' && !semanticEqual(ns.completions, os.completions)) {
    errs.push(fieldErr.invalid(['spec', 'completions'], ns.completions ?? null, 'field is immutable'));
  }
  if (!semanticEqual(ns.completionMode, os.completionMode)) errs.push(fieldErr.invalid(['spec', 'completionMode'], ns.completionMode ?? null, 'field is immutable'));
  return errs;
}

function serviceUpdate(n: Obj, o: Obj): FieldError[] {
  const ns = spec(n);
  const os = spec(o);
  if (ns.type === 'ExternalName' || os.type === 'ExternalName') return [];
  const oldIP = os.clusterIP;
  const newIP = ns.clusterIP;
  if (oldIP && newIP && oldIP !== newIP) {
    const ips: string[] = Array.isArray(ns.clusterIPs) && ns.clusterIPs.length ? ns.clusterIPs : [newIP];
    return [fieldErr.invalid(['spec', 'clusterIPs', 0], goStringSlice(ips), 'may not change once set')];
  }
  return [];
}

function pvUpdate(n: Obj, o: Obj): FieldError[] {
  const mutable = ['accessModes', 'capacity', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'nodeAffinity', 'volumeMode', 'volumeAttributesClassName'];
  const errs: FieldError[] = [];
  if (!semanticEqual(without(spec(n), mutable), without(spec(o), mutable), true)) {
    errs.push(fieldErr.forbidden(['spec', 'persistentvolumesource'], 'spec.persistentvolumesource is immutable after creation'));
  }
  if ((spec(n).volumeMode ?? 'Filesystem') !== (spec(o).volumeMode ?? 'Filesystem')) {
    errs.push(fieldErr.invalid(['spec', 'volumeMode'], spec(n).volumeMode ?? null, 'field is immutable'));
  }
  return errs;
}

function storageClassUpdate(n: Obj, o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!semanticEqual(n.parameters, o.parameters)) errs.push(fieldErr.forbidden(['parameters'], 'updates to parameters are forbidden.'));
  if (n.provisioner !== o.provisioner) errs.push(fieldErr.forbidden(['provisioner'], 'updates to provisioner are forbidden.'));
  if ((n.reclaimPolicy ?? 'Delete') !== (o.reclaimPolicy ?? 'Delete')) errs.push(fieldErr.forbidden(['reclaimPolicy'], 'updates to reclaimPolicy are forbidden.'));
  if ((n.volumeBindingMode ?? 'Immediate') !== (o.volumeBindingMode ?? 'Immediate')) errs.push(fieldErr.invalid(['volumeBindingMode'], n.volumeBindingMode ?? null, 'field is immutable'));
  return errs;
}

/** Kind-specific update rules (metadata rules are in object-meta.ts). */
export function validateUpdate(n: Obj, o: Obj): FieldError[] {
  switch (n.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return immutableSelector(n, o);
    case 'StatefulSet':
      return statefulSetUpdate(n, o);
    case 'Job':
      return jobUpdate(n, o);
    case 'PersistentVolumeClaim':
      return pvcUpdate(n, o);
    case 'PersistentVolume':
      return pvUpdate(n, o);
    case 'Service':
      return serviceUpdate(n, o);
    case 'ConfigMap':
      return immutableData(n, o, ['data', 'binaryData']);
    case 'Secret': {
      const errs = immutableData(n, o, ['data']);
      if ((n.type ?? 'Opaque') !== (o.type ?? 'Opaque')) errs.unshift(fieldErr.invalid(['type'], n.type ?? '', 'field is immutable'));
      return errs;
    }
    case 'Pod':
      return podSpecUpdate(n, o);
    case 'StorageClass':
      return storageClassUpdate(n, o);
    case 'PriorityClass':
      return n.value !== o.value ? [fieldErr.forbidden(['value'], 'may not be changed in an update.')] : [];
    default:
      return [];
  }
}

