/**
 * Schema checks with kubernetes-models' precompiled ajv validators (OpenAPI of K8s 1.33):
 * enum and required-property errors, translated to Kubernetes' wording. The real API server
 * does not validate against OpenAPI, so admit() only adds enum errors at fields its semantic
 * validation did not already report; validateManifest() also reports missing required fields.
 */
import { Pod } from 'kubernetes-models/v1/Pod';
import { Node } from 'kubernetes-models/v1/Node';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { Endpoints } from 'kubernetes-models/v1/Endpoints';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { PersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Event } from 'kubernetes-models/v1/Event';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ControllerRevision } from 'kubernetes-models/apps/v1/ControllerRevision';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { Lease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import { fieldErr, type FieldError, type FieldPath } from './field-error.js';

interface Validatable {
  validate(): void;
}
type ModelCtor = new (data: never) => Validatable;

const MODELS: Record<string, ModelCtor> = {
  Pod,
  Node,
  Namespace,
  Service,
  Endpoints,
  ConfigMap,
  Secret,
  PersistentVolume,
  PersistentVolumeClaim,
  LimitRange,
  ResourceQuota,
  Event,
  ServiceAccount,
  ReplicaSet,
  Deployment,
  StatefulSet,
  DaemonSet,
  ControllerRevision,
  Job,
  CronJob,
  StorageClass,
  PodDisruptionBudget,
  EndpointSlice,
  PriorityClass,
  Lease,
} as unknown as Record<string, ModelCtor>;

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/spec/containers/0/name` -> ['spec','containers',0,'name'] (JSON pointer unescaping). */
export function pointerToPath(ptr: string): FieldPath {
  if (!ptr) return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Raw ajv errors of the kind's validator (empty for kinds without a model). */
export function schemaErrors(obj: Record<string, unknown>): AjvError[] {
  const Model = MODELS[String(obj.kind)];
  if (!Model) return [];
  try {
    new Model(obj as never).validate();
    return [];
  } catch (e) {
    const errs = (e as { errors?: AjvError[] }).errors;
    return Array.isArray(errs) ? errs : [];
  }
}

/**
 * Translated schema errors. `withRequired` adds `Required value` for missing required properties.
 * Type errors are left to strict decoding (Go's wording).
 */
export function schemaFieldErrors(obj: Record<string, unknown>, withRequired: boolean): FieldError[] {
  const out: FieldError[] = [];
  for (const e of schemaErrors(obj)) {
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'enum') {
      const allowed = (e.params.allowedValues as unknown[] | undefined)?.map(String) ?? [];
      out.push(fieldErr.notSupported(path, valueAt(obj, path), allowed));
    } else if (e.keyword === 'required' && withRequired) {
      out.push(fieldErr.required([...path, String(e.params.missingProperty)], ''));
    }
  }
  return out;
}
