/**
 * The API server's admission chain as pure functions: decoding (strict unknown fields, Go JSON
 * type errors), defaulting (registered defaults and the always-on mutating plugins), and
 * validation with Kubernetes' own messages. The store calls `admit` on every create/update; the
 * scenario loader calls `validateManifest` to point at file:line:col before the run.
 */
import { dropTypeDependentFields } from './drop-type-dependent-fields.js';
import { ApiError, type KubeObject, type StoreApi } from '../../store/types.js';
import type { Settings } from '../../cluster/settings.js';
import { computePodQOS } from '../qos.js';
import { kindInfo } from '../kinds.js';
import { applyDefaults } from './apply-defaults.js';
import { fieldErr, type FieldError } from './field-error.js';
import { decodeError, invalidError } from './invalid-error.js';
import { generateJobSelector } from './job-selector.js';
import { admitPodPriorityCreate, admitPodPriorityUpdate, admitPriorityClass } from './priority.js';
import { schemaFieldErrors } from './schema-check.js';
import { applyLimitRangeDefaults, limitRangeForbidden, limitRangeViolations } from './limit-ranger.js';
import { strictDecode, strictDecodingMessage } from './strict-decode.js';
import { validateNodePortRange } from './validate/core-kinds.js';
import { validateName, validateObject } from './validate/validate-object.js';

export type { FieldError, FieldErrorType, FieldPath } from './field-error.js';
export { applyDefaults } from './apply-defaults.js';
export { kubectlInvalidMessage, invalidError, decodeError } from './invalid-error.js';
export { generateJobSelector } from './job-selector.js';
export { SYSTEM_PRIORITY_CLASSES, systemPriorityClassObjects } from './priority.js';
export { applyLimitRangeDefaults, limitRangeViolations, limitRangeForbidden } from './limit-ranger.js';
export { strictDecode } from './strict-decode.js';
export { pathString } from './field-error.js';
export { allocateServiceAddresses, kubernetesServiceIP, type ServiceAllocations, type AllocatorRng } from './service-allocation.js';

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  /** The stored object (UPDATE). */
  old?: KubeObject;
  /**
   * 'user': decoding checks, defaulting, full validation. 'system' (objects built by components
   * from validated templates): CREATE gets defaulting + the name rule; UPDATE is returned as is.
   */
  origin: 'user' | 'system';
  settings: Settings;
  /**
   * Optional read access for the plugins that consult other objects (Priority: PriorityClass by
   * name or the globalDefault one; LimitRanger: the namespace's LimitRanges). Without it pods get
   * priority 0 and no LimitRange defaults.
   */
  store?: Pick<StoreApi, 'get' | 'list'> & Partial<Pick<StoreApi, 'count'>>;
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Secret conversion (v1 -> internal): stringData is merged into data, base64-encoded. */
function convertSecret(obj: KubeObject): KubeObject {
  if (!isObj(obj.stringData)) return obj;
  const data: Record<string, string> = { ...(isObj(obj.data) ? obj.data : {}) };
  for (const k of Object.keys(obj.stringData).sort()) data[k] = Buffer.from(String(obj.stringData[k]), 'utf8').toString('base64');
  const out: KubeObject = { ...obj, data };
  delete out.stringData;
  return out;
}

/** The status every new pod gets (podStrategy.PrepareForCreate), one shared frozen object per QoS class. */
const PENDING_STATUS: Record<string, Obj> = {
  Guaranteed: Object.freeze({ phase: 'Pending', qosClass: 'Guaranteed' }),
  Burstable: Object.freeze({ phase: 'Pending', qosClass: 'Burstable' }),
  BestEffort: Object.freeze({ phase: 'Pending', qosClass: 'BestEffort' }),
};

/** `{phase: 'Pending'}` possibly with a qosClass: nothing but what PrepareForCreate leaves. */
function isPrepareForCreateStatus(st: Obj): boolean {
  let n = 0;
  for (const k in st) {
    if (k === 'phase') {
      if (st.phase !== 'Pending') return false;
    } else if (k !== 'qosClass') return false;
    n++;
  }
  return n > 0;
}

/** Decode-time failures of a user request (BadRequest). */
function decodeFailure(obj: KubeObject): ApiError | undefined {
  const res = strictDecode(obj);
  if (res.fatal) return decodeError(obj.kind, obj.apiVersion, res.fatal.message, [res.fatal]);
  if (res.typeError) return decodeError(obj.kind, obj.apiVersion, res.typeError.message, [res.typeError]);
  if (res.unknown.length) return decodeError(obj.kind, obj.apiVersion, strictDecodingMessage(res.unknown), res.unknown);
  return undefined;
}

/**
 * Admit one write: returns the defaulted copy (the input is never mutated) or throws ApiError
 * (422 Invalid with field causes, 400 BadRequest for strict decoding / type errors, 403 Forbidden
 * from the Priority and LimitRanger plugins, which need ctx.store).
 */
export function admit(obj: KubeObject, ctx: AdmissionContext): KubeObject {
  const user = ctx.origin === 'user';
  if (!user && ctx.operation === 'UPDATE') return obj;
  if (user) {
    const bad = decodeFailure(obj);
    if (bad) throw bad;
  }
  let out = obj.kind === 'Secret' ? convertSecret(obj) : obj;
  const inputSpec = obj.spec;
  if (out.kind === 'Service' && ctx.operation === 'UPDATE' && ctx.old) out = dropTypeDependentFields(out, ctx.old);
  let pendingForbidden: ApiError | undefined;
  out = applyDefaults(out, ctx.settings);
  if (ctx.operation === 'CREATE') {
    let limitRanges: KubeObject[] = [];
    if (out.kind === 'Pod') {
      const spec = admitPodPriorityCreate(out, ctx.store, out.spec !== inputSpec && isObj(out.spec));
      // LimitRanger (mutating) runs before the strategy computes the QoS class.
      limitRanges = ctx.store && (ctx.store.count?.('LimitRange') ?? 1) > 0 ? ctx.store.list('LimitRange', { namespace: out.metadata?.namespace ?? 'default' }) : [];
      if (limitRanges.length) {
        if (spec !== out.spec) out = { ...out, spec };
        out = applyLimitRangeDefaults(out, limitRanges);
        // podStrategy.PrepareForCreate: status.qosClass from the defaulted spec.
        const status: Obj = isObj(out.status) ? out.status : {};
        out = { ...out, status: { ...status, phase: status.phase ?? 'Pending', qosClass: computePodQOS(out as never) } };
      } else {
        // The same in one copy of the pod (priority spec and status together; key order as above).
        const status: Obj = isObj(out.status) ? out.status : {};
        const qos = computePodQOS({ spec } as never);
        const st = isPrepareForCreateStatus(status) ? PENDING_STATUS[qos] : { ...status, phase: status.phase ?? 'Pending', qosClass: qos };
        out = spec !== out.spec ? { ...out, spec, status: st } : { ...out, status: st };
      }
    }
    if (out.kind === 'Job' && out.metadata?.uid) out = generateJobSelector(out);
    if (out.kind === 'PriorityClass') admitPriorityClass(out, ctx.store);
    // Validating admission runs after the strategy's validation passed.
    if (limitRanges.length) {
      const v = limitRangeViolations(out, limitRanges);
      if (v.length) pendingForbidden = limitRangeForbidden(out, v);
    }
  } else {
    if (out.kind === 'Pod') out = admitPodPriorityUpdate(out, ctx.old);
    if (out.kind === 'PriorityClass') admitPriorityClass(out, ctx.store);
  }
  let errs: FieldError[];
  if (user) {
    errs = validateObject(out, ctx.operation === 'UPDATE' ? ctx.old : undefined);
    // Enum errors from the OpenAPI schema at fields the semantic rules did not report.
    const seen = new Set(errs.map((e) => e.field));
    for (const e of schemaFieldErrors(out, false)) if (!seen.has(e.field)) errs.push(e);
    // The node port allocator runs after validation passed (pkg/registry/core/service/storage).
    if (errs.length === 0 && out.kind === 'Service' && ctx.operation === 'CREATE') errs.push(...validateNodePortRange(out, ctx.settings.nodePortRange));
  } else {
    errs = validateName(out);
  }
  if (errs.length) throw invalidError(out.kind, String(out.metadata?.name ?? ''), errs);
  if (pendingForbidden) throw pendingForbidden;
  return out;
}

/**
 * Everything that can be said about a manifest without the cluster: apiVersion/kind, strict
 * decoding (unknown fields, type errors), schema enums and required fields, and semantic
 * validation of the defaulted object (as on CREATE). Paths point into the manifest as written.
 */
export function validateManifest(obj: unknown): FieldError[] {
  if (!isObj(obj)) return [fieldErr.typeInvalid([], null, 'must be an object')];
  const errs: FieldError[] = [];
  if (!obj.kind) errs.push(fieldErr.required(['kind'], "Object 'Kind' is missing"));
  if (!obj.apiVersion) errs.push(fieldErr.required(['apiVersion'], "Object 'apiVersion' is missing"));
  if (errs.length) return errs;
  const info = kindInfo(String(obj.kind));
  if (!info) return errs;
  if (info.apiVersion !== obj.apiVersion) {
    return [fieldErr.invalid(['apiVersion'], obj.apiVersion, `no matches for kind ${JSON.stringify(obj.kind)} in version ${JSON.stringify(obj.apiVersion)}`)];
  }
  const dec = strictDecode(obj);
  if (dec.fatal) return [dec.fatal];
  if (dec.typeError) return [dec.typeError, ...dec.unknown];
  if (dec.unknown.length) return dec.unknown;
  let defaulted: KubeObject = obj as KubeObject;
  const settings = { defaultTolerationSeconds: 300, nodePortRange: '30000-32767' } as Settings;
  defaulted = applyDefaults(defaulted.kind === 'Secret' ? convertSecret(defaulted) : defaulted, settings);
  const semantic = validateObject(defaulted);
  if (semantic.length === 0 && defaulted.kind === 'Service') semantic.push(...validateNodePortRange(defaulted, settings.nodePortRange));
  const seen = new Set(semantic.map((e) => e.field));
  // After defaulting, as the API server validates (e.g. podFailurePolicy onPodConditions status defaults to "True").
  for (const e of schemaFieldErrors(defaulted, true)) if (!seen.has(e.field)) semantic.push(e);
  return semantic;
}
