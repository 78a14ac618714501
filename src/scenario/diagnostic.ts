/**
 * Diagnostics: errors in a scenario (or a manifest it uses) as values with a stable code and a
 * source position, printed `file:line:col: CODE: message (at spec.steps[3].apply.metadata.name)`.
 * Tests assert on codes and positions, not on the prose.
 */
import type { DocPath } from './steps/types.js';

export type DiagnosticCode =
  | 'YAML_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'TAB_INDENT'
  | 'YAML_ALIAS_LIMIT'
  | 'FILE_TOO_LARGE'
  | 'TOO_LARGE'
  | 'FILE_NOT_FOUND'
  | 'EMPTY_FILE'
  | 'NOT_A_SCENARIO'
  | 'SCHEMA'
  | 'UNKNOWN_FIELD'
  | 'MISSING_FIELD'
  | 'INVALID_STEP'
  | 'INVALID_ASSERTION'
  | 'INVALID_NAME'
  | 'INVALID_QUANTITY'
  | 'INVALID_SETTING'
  | 'INVALID_SELECTOR'
  | 'INVALID_DURATION'
  | 'NEGATIVE_DURATION'
  | 'INVALID_TARGET'
  | 'INVALID_FIELD_PATH'
  | 'UNKNOWN_KIND'
  | 'UNSUPPORTED_KIND'
  | 'UNKNOWN_IMAGE'
  | 'UNKNOWN_NODE'
  | 'DUPLICATE_NAME'
  | 'MULTIPLE_DOCUMENTS'
  | 'UNKNOWN_INVARIANT'
  | 'INVARIANT_NOT_SUPPORTED'
  | 'STEP_NOT_SUPPORTED'
  | 'ASSERTION_NOT_SUPPORTED'
  | 'MANIFEST_NOT_FOUND'
  | 'PATH_OUTSIDE_ROOT'
  | 'INVALID_MANIFEST'
  | 'TIME_IN_PAST'
  | 'OBJECT_NOT_FOUND'
  | 'API_ERROR'
  | (string & {});

export interface Diagnostic {
  code: DiagnosticCode;
  file: string;
  /** 1-based; 0 when the position is unknown. */
  line: number;
  col: number;
  message: string;
  /** Field path in the document as `spec.steps[3].apply.metadata.name` ('' for the whole file). */
  path: string;
}

/** `file:line:col: CODE: message (at path)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const at = d.path ? ` (at ${d.path})` : '';
  const pos = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  return `${pos}: ${d.code}: ${d.message}${at}`;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec','steps',3,'apply']` → `spec.steps[3].apply`; odd keys as `["a.b/c"]`. */
export function formatDocPath(path: DocPath): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (SIMPLE_KEY.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

/** Thrown by runtime code for invalid input found while running (exit 2). */
export class InputError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
    this.name = 'InputError';
  }
}
