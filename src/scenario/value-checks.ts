/**
 * Checks of single values the schema marks with a `format` (durations, quantities, selectors,
 * targets, kinds, names, field paths). Each returns undefined when fine, or the diagnostic code
 * and message. ajv's formats call these for yes/no; the loader calls them again for the message.
 */
import { parseDuration } from '../api/duration.js';
import { parseQuantity } from '../api/quantity.js';
import { parseSelector } from '../api/selector.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation.js';
import { resolveKind } from '../api/kinds.js';
import type { DiagnosticCode } from './diagnostic.js';
import { parseTarget } from './target.js';
import { parseFieldPath } from './field-path.js';

export interface ValueProblem {
  code: DiagnosticCode;
  message: string;
}

type Check = (v: unknown) => ValueProblem | undefined;

const errMsg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const VALUE_CHECKS: Record<string, Check> = {
  duration(v) {
    if (typeof v !== 'string') return undefined;
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      return { code: 'INVALID_DURATION', message: `invalid duration "${v}": ${errMsg(e)} (use Go style: 500ms, 30s, 1m30s, 2h)` };
    }
    if (!Number.isFinite(ms)) return { code: 'INVALID_DURATION', message: `invalid duration "${v}"` };
    if (ms < 0) return { code: 'NEGATIVE_DURATION', message: `duration "${v}" is negative` };
    return undefined;
  },
  quantity(v) {
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : { code: 'INVALID_QUANTITY', message: `invalid quantity ${v}` };
    if (typeof v !== 'string') return undefined;
    try {
      parseQuantity(v);
    } catch (e) {
      return { code: 'INVALID_QUANTITY', message: `invalid quantity "${v}": ${errMsg(e)}` };
    }
    return undefined;
  },
  selector(v) {
    if (typeof v !== 'string') return undefined;
    try {
      parseSelector(v);
    } catch (e) {
      return { code: 'INVALID_SELECTOR', message: `invalid label selector "${v}": ${errMsg(e)}` };
    }
    return undefined;
  },
  target(v) {
    if (typeof v !== 'string') return undefined;
    const r = parseTarget(v);
    return r.ok ? undefined : { code: r.code, message: r.message };
  },
  kind(v) {
    if (typeof v !== 'string') return undefined;
    return resolveKind(v) ? undefined : { code: 'UNKNOWN_KIND', message: `the server doesn't have a resource type "${v}"` };
  },
  'dns1123-subdomain'(v) {
    if (typeof v !== 'string') return undefined;
    const errs = isDNS1123Subdomain(v);
    return errs.length ? { code: 'INVALID_NAME', message: `invalid name "${v}": ${errs.join('; ')}` } : undefined;
  },
  'dns1123-label'(v) {
    if (typeof v !== 'string') return undefined;
    const errs = isDNS1123Label(v);
    return errs.length ? { code: 'INVALID_NAME', message: `invalid name "${v}": ${errs.join('; ')}` } : undefined;
  },
  'field-path'(v) {
    if (typeof v !== 'string') return undefined;
    try {
      parseFieldPath(v);
    } catch (e) {
      return { code: 'INVALID_FIELD_PATH', message: `invalid field path "${v}": ${errMsg(e)}` };
    }
    return undefined;
  },
};

/** Duration string → ms (after validation). */
export function durationMs(v: string): number {
  return parseDuration(v);
}
