/**
 * Semantic validation of one (defaulted) object, in the order upstream's Validate<Kind> runs its
 * checks: object metadata first (name rule per kind), then the spec; on UPDATE,
 * ValidateObjectMetaUpdate plus the kind's update rules instead of the name check.
 */
import { kindInfo } from '../../kinds.js';
import type { FieldError } from '../field-error.js';
import { nameFnFor, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodSpec } from './pod-spec.js';
import {
  validateCronJob,
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateJob,
  validateReplicaSetSpec,
  validateStatefulSetSpec,
} from './workloads.js';
import {
  validateConfigMap,
  validatePersistentVolume,
  validatePodDisruptionBudget,
  validatePriorityClass,
  validatePVCSpec,
  validateSecret,
  validateService,
  validateStorageClass,
} from './core-kinds.js';
import { validateUpdate } from './validate-update.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Spec-level rules of a kind (everything but metadata). */
export function validateKindSpec(obj: Obj): FieldError[] {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  switch (obj.kind) {
    case 'Pod':
      return validatePodSpec(obj.spec, ['spec']);
    case 'Deployment':
      return validateDeploymentSpec(spec);
    case 'ReplicaSet':
      return validateReplicaSetSpec(spec);
    case 'StatefulSet':
      // volumeClaimTemplates are not validated by ValidateStatefulSetSpec upstream (the PVCs fail later).
      return validateStatefulSetSpec(spec);
    case 'DaemonSet':
      return validateDaemonSetSpec(spec);
    case 'Job':
      return validateJob(obj);
    case 'CronJob':
      return validateCronJob(obj);
    case 'Service':
      return validateService(obj);
    case 'PersistentVolume':
      return validatePersistentVolume(obj);
    case 'PersistentVolumeClaim':
      return validatePVCSpec(obj.spec, ['spec']);
    case 'ConfigMap':
      return validateConfigMap(obj);
    case 'Secret':
      return validateSecret(obj);
    case 'StorageClass':
      return validateStorageClass(obj);
    case 'PriorityClass':
      return validatePriorityClass(obj);
    case 'PodDisruptionBudget':
      return validatePodDisruptionBudget(obj);
    default:
      return [];
  }
}

/** Full validation for CREATE (old undefined) or UPDATE. */
export function validateObject(obj: Obj, old?: Obj): FieldError[] {
  const namespaced = kindInfo(obj.kind)?.namespaced ?? true;
  const errs: FieldError[] = [];
  if (old) {
    errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata));
    // StatefulSet/DaemonSet/... run update rules before the spec (ValidateXUpdate order varies; close enough).
    errs.push(...validateKindSpec(obj));
    errs.push(...validateUpdate(obj, old));
  } else {
    errs.push(...validateObjectMeta(obj.metadata, nameFnFor(obj.kind), namespaced));
    errs.push(...validateKindSpec(obj));
  }
  return errs;
}

/** Only the name rule (what origin 'system' pays for). */
export function validateName(obj: Obj): FieldError[] {
  const name = obj.metadata?.name;
  if (!name) return validateObjectMeta({ generateName: obj.metadata?.generateName }, nameFnFor(obj.kind), false).filter((e) => e.field !== 'metadata.labels');
  const msgs = nameFnFor(obj.kind)(String(name), false);
  if (msgs.length === 0) return [];
  return validateObjectMeta({ name }, nameFnFor(obj.kind), false);
}
