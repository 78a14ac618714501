import { ApiError } from '../../store/types.js';
import { qualifiedKind } from '../kinds.js';
import { aggregateMessage, goQuote, type FieldError } from './field-error.js';

/**
 * errors.NewInvalid (k8s.io/apimachinery/pkg/api/errors/errors.go): 422 Invalid,
 * message `<Kind.group> "<name>" is invalid: <aggregate>`; causes carry ErrorBody + field.
 */
export function invalidError(kind: string, name: string, errs: readonly FieldError[]): ApiError {
  const msg = errs.length
    ? `${qualifiedKind(kind)} ${goQuote(name)} is invalid: ${aggregateMessage(errs)}`
    : `${qualifiedKind(kind)} ${goQuote(name)} is invalid`;
  return new ApiError(422, 'Invalid', msg, errs.map((e) => ({ ...e })));
}

/**
 * transformDecodeError (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go):
 * 400 BadRequest `<Kind> in version "<v>" cannot be handled as a <Kind>: <decode error>`.
 */
export function decodeError(kind: string, apiVersion: string, detail: string, causes: readonly FieldError[] = []): ApiError {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  return new ApiError(400, 'BadRequest', `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${detail}`, causes.map((e) => ({ ...e })));
}

/**
 * kubectl's wording of an Invalid status (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go
 * StandardErrorMessage + statusCausesToAggrError): `The <Kind> "<name>" is invalid: <causes>`.
 * Other errors: kubectl prints `Error from server (<Reason>): <message>`.
 */
export function kubectlInvalidMessage(err: ApiError): string {
  if (err.reason !== 'Invalid') return `Error from server (${err.reason}): ${err.message}`;
  const m = /^(\S+) ("(?:[^"\\]|\\.)*") is invalid/.exec(err.message);
  const kind = m ? m[1]!.split('.')[0]! : '';
  let s = m ? `The ${kind} ${m[2]} is invalid` : 'The request is invalid';
  if (err.causes.length) {
    const seen = new Set<string>();
    const msgs: string[] = [];
    for (const c of err.causes) {
      const line = `${c.field ?? ''}: ${c.message}`;
      if (seen.has(line)) continue;
      seen.add(line);
      msgs.push(line);
    }
    s += `: ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`;
  }
  return s;
}
