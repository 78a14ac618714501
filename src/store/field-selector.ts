import { ApiError, type KubeObject } from './types.js';

/*
 * Field selectors as the API server supports them: `metadata.name` and `metadata.namespace`
 * for every kind plus the per-kind fields each registry's GetAttrs/ToSelectableFields exposes
 * (pkg/registry/core/pod/strategy.go PodToSelectableFields, core/event/strategy.go,
 * core/node/strategy.go, core/secret/strategy.go, core/namespace/strategy.go,
 * apps/replicaset/strategy.go, batch/job/strategy.go). Operators `=`, `==`, `!=`.
 */

type Getter = (o: KubeObject) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const KIND_FIELDS: Record<string, Record<string, Getter>> = {
  Pod: {
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork === true),
    'status.phase': (o) => str(o.status?.phase),
    'status.podIP': (o) => str(o.status?.podIP),
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
  Event: {
    'involvedObject.kind': (o) => str(o.involvedObject?.kind),
    'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
    'involvedObject.name': (o) => str(o.involvedObject?.name),
    'involvedObject.uid': (o) => str(o.involvedObject?.uid),
    'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(o.source?.component),
    type: (o) => str(o.type),
  },
  Node: { 'spec.unschedulable': (o) => String(o.spec?.unschedulable === true) },
  Secret: { type: (o) => str(o.type) },
  Namespace: { 'status.phase': (o) => str(o.status?.phase) },
  ReplicaSet: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  Job: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) },
};

const COMMON: Record<string, Getter> = {
  'metadata.name': (o) => str(o.metadata.name),
  'metadata.namespace': (o) => str(o.metadata.namespace),
};

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  matches(o: KubeObject): boolean;
}

function splitTerms(s: string): string[] {
  // Terms are separated by unescaped commas (fields.ParseSelector, splitTerms).
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** Parse a field selector for a kind; unsupported fields fail like the API server does. */
export function parseFieldSelector(kind: string, selector: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  const getters: Getter[] = [];
  const s = selector.trim();
  if (s !== '') {
    for (const term of splitTerms(s)) {
      const m = /^([^=!]*?)(!=|==|=)([\s\S]*)$/.exec(term);
      if (!m) throw new ApiError(400, 'BadRequest', `invalid selector: '${selector}'; can't understand '${term}'`);
      const field = m[1]!.trim();
      const op = m[2] === '!=' ? '!=' : '=';
      const value = unescape(m[3]!.trim());
      const g = COMMON[field] ?? KIND_FIELDS[kind]?.[field];
      if (!g) throw new ApiError(400, 'BadRequest', `field label not supported: ${field}`);
      reqs.push({ field, op, value });
      getters.push(g);
    }
  }
  return {
    requirements: reqs,
    matches(o) {
      for (let i = 0; i < reqs.length; i++) {
        const r = reqs[i]!;
        const eq = getters[i]!(o) === r.value;
        if (r.op === '=' ? !eq : eq) return false;
      }
      return true;
    },
  };
}
