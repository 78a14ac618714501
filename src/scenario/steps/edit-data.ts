import { decodeError } from '../../api/admission/index.js';
import { goQuote } from '../../api/validation.js';
import { ApiError, type KubeObject } from '../../store/types.js';
import { goBase64ErrorOffset } from './go-base64.js';
import type { StepRuntime } from './types.js';
import { WriteSession } from './write-outcome.js';

/** What an edit step changes: keys to set per data field, keys to remove. */
export interface DataEdit {
  name: string;
  namespace?: string;
  /** data field -> key -> value as stored (ConfigMap data plain, Secret data base64). */
  set: Array<{ field: 'data' | 'binaryData'; values: Record<string, string>; base64: boolean; argKey: string }>;
  remove?: string[];
}

/**
 * kubectl edit of a ConfigMap or Secret: get, change the keys, update with the read
 * resourceVersion (kubectl edit sends a patch computed from the edit; the outcome for data
 * keys is the same). A missing object is kubectl's NotFound; a refused update (immutable,
 * invalid keys, too large) is the API server's error, which `expectError` can expect.
 */
export function editData(kind: 'ConfigMap' | 'Secret', arg: DataEdit, rt: StepRuntime): void {
  const store = rt.cluster.store;
  const ns = arg.namespace ?? 'default';
  const resource = kind === 'ConfigMap' ? 'configmaps' : 'secrets';
  const label = `${kind === 'ConfigMap' ? 'configmap' : 'secret'}/${arg.name}`;
  const session = new WriteSession(rt);
  session.run(label, undefined, ['name'], () => {
    const cur = store.get(kind, ns, arg.name);
    // kubectl edit: the GET fails first (k8s.io/apimachinery errors.NewNotFound wording).
    if (!cur) throw new ApiError(404, 'NotFound', `${resource} ${goQuote(arg.name)} not found`);
    const next = applyEdit(kind, cur, arg, rt);
    if (!next) return 'Edit cancelled, no changes made.';
    const updated = store.update(next, { actor: 'scenario' });
    return updated.metadata.resourceVersion === cur.metadata.resourceVersion ? 'Edit cancelled, no changes made.' : `${label} edited`;
  });
  session.finish();
}

/** The edited object, or undefined when the edit changes nothing. */
function applyEdit(kind: string, cur: KubeObject, arg: DataEdit, rt: StepRuntime): KubeObject | undefined {
  const fields: Record<string, Record<string, string> | undefined> = {
    data: cur.data ? { ...cur.data } : undefined,
    binaryData: cur.binaryData ? { ...cur.binaryData } : undefined,
  };
  let changed = false;
  for (const k of arg.remove ?? []) {
    let found = false;
    for (const f of ['data', 'binaryData']) {
      const m = fields[f];
      if (m && Object.prototype.hasOwnProperty.call(m, k)) {
        delete m[k];
        found = true;
        changed = true;
      }
    }
    if (!found) {
      const keys = Object.keys({ ...(cur.data ?? {}), ...(cur.binaryData ?? {}) }).sort();
      rt.inputError('UNKNOWN_KEY', `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${cur.metadata.name}" has no key "${k}" to remove (keys: ${keys.join(', ') || 'none'})`, ['remove', (arg.remove ?? []).indexOf(k)]);
    }
  }
  for (const s of arg.set) {
    for (const k of Object.keys(s.values).sort()) {
      let v = s.values[k]!;
      if (s.base64) {
        const at = goBase64ErrorOffset(v);
        // The API server's JSON decoder refuses the request before anything else runs.
        if (at !== undefined) throw decodeError(kind, 'v1', `illegal base64 data at input byte ${at}`);
      } else if (kind === 'Secret') {
        v = Buffer.from(v, 'utf8').toString('base64');
      }
      const m = (fields[s.field] ??= {});
      if (m[k] !== v) {
        m[k] = v;
        changed = true;
      }
    }
  }
  if (!changed) return undefined;
  const out: KubeObject = { ...cur };
  for (const f of ['data', 'binaryData']) {
    const m = fields[f];
    if (m && Object.keys(m).length > 0) out[f] = m;
    else delete out[f];
  }
  return out;
}
