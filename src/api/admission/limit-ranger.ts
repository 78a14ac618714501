/**
 * The LimitRanger admission plugin for pods (plugin/pkg/admission/limitranger/admission.go):
 * mutating, it fills missing container requests/limits from each LimitRange's Container
 * `defaultRequest`/`default` and records `kubernetes.io/limit-ranger`; validating, it enforces
 * Container min/max/maxLimitRequestRatio with a 403 `pods "x" is forbidden: ...`.
 * Map iteration (random in Go) is by sorted resource name.
 */
import { ApiError, type KubeObject } from '../../store/types.js';
import { parseQuantity, type Quantity } from '../quantity.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function containerItems(lrs: readonly KubeObject[]): Obj[] {
  const out: Obj[] = [];
  for (const lr of lrs) for (const it of Array.isArray(lr.spec?.limits) ? lr.spec.limits : []) if (isObj(it) && it.type === 'Container') out.push(it);
  return out;
}

/** defaultContainerResourceRequirements + mergeContainerResources for every container. */
export function applyLimitRangeDefaults(pod: KubeObject, limitRanges: readonly KubeObject[]): KubeObject {
  let out = pod;
  for (const lr of limitRanges) {
    const req: Obj = {};
    const lim: Obj = {};
    for (const it of containerItems([lr])) {
      Object.assign(req, it.defaultRequest ?? {});
      Object.assign(lim, it.default ?? {});
    }
    if (Object.keys(req).length === 0 && Object.keys(lim).length === 0) continue;
    const notes: string[] = [];
    const spec: Obj = { ...(out.spec ?? {}) };
    const merge = (list: unknown, prefix: string): unknown => {
      if (!Array.isArray(list)) return list;
      return list.map((c: Obj) => {
        if (!isObj(c)) return c;
        const res: Obj = isObj(c.resources) ? c.resources : {};
        const limits: Obj = { ...(res.limits ?? {}) };
        const requests: Obj = { ...(res.requests ?? {}) };
        const setL = Object.keys(lim).filter((k) => !(k in limits)).sort();
        const setR = Object.keys(req).filter((k) => !(k in requests)).sort();
        for (const k of setL) limits[k] = lim[k];
        for (const k of setR) requests[k] = req[k];
        if (setR.length) notes.push(`${setR.join(', ')} request for ${prefix} ${c.name}`);
        if (setL.length) notes.push(`${setL.join(', ')} limit for ${prefix} ${c.name}`);
        if (!setL.length && !setR.length) return c;
        return { ...c, resources: { ...res, limits, requests } };
      });
    };
    spec.containers = merge(spec.containers, 'container');
    if (spec.initContainers !== undefined) spec.initContainers = merge(spec.initContainers, 'init container');
    if (notes.length === 0) continue;
    out = {
      ...out,
      metadata: { ...out.metadata, annotations: { ...(out.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}` } },
      spec,
    };
  }
  return out;
}

function q(v: unknown): Quantity | undefined {
  try {
    return v === undefined ? undefined : parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

/** requestLimitEnforcedValues: milli-values (precise while they fit in an int64). */
function val(x: Quantity | undefined, _cpu: boolean): number {
  return x ? x.milliValue() : 0;
}

/** PodValidateLimitFunc for Container items: the messages as LimitRanger words them. */
export function limitRangeViolations(pod: KubeObject, limitRanges: readonly KubeObject[]): string[] {
  const errs: string[] = [];
  const containers: Obj[] = [
    ...(Array.isArray(pod.spec?.containers) ? pod.spec.containers : []),
    ...(Array.isArray(pod.spec?.initContainers) ? pod.spec.initContainers : []),
  ];
  for (const it of containerItems(limitRanges)) {
    for (const c of containers) {
      const request: Obj = c?.resources?.requests ?? {};
      const limit: Obj = c?.resources?.limits ?? {};
      for (const r of Object.keys(it.min ?? {}).sort()) {
        const e = q(it.min[r])!;
        const cpu = r === 'cpu';
        const rq = q(request[r]);
        const lm = q(limit[r]);
        if (!rq) errs.push(`minimum ${r} usage per Container is ${e.toString()}.  No request is specified`);
        else if (val(rq, cpu) < val(e, cpu)) errs.push(`minimum ${r} usage per Container is ${e.toString()}, but request is ${rq.toString()}`);
        else if (lm && val(lm, cpu) < val(e, cpu)) errs.push(`minimum ${r} usage per Container is ${e.toString()}, but limit is ${lm.toString()}`);
      }
      for (const r of Object.keys(it.max ?? {}).sort()) {
        const e = q(it.max[r])!;
        const cpu = r === 'cpu';
        const rq = q(request[r]);
        const lm = q(limit[r]);
        if (!lm) errs.push(`maximum ${r} usage per Container is ${e.toString()}.  No limit is specified`);
        else if (val(lm, cpu) > val(e, cpu)) errs.push(`maximum ${r} usage per Container is ${e.toString()}, but limit is ${lm.toString()}`);
        else if (rq && val(rq, cpu) > val(e, cpu)) errs.push(`maximum ${r} usage per Container is ${e.toString()}, but request is ${rq.toString()}`);
      }
      for (const r of Object.keys(it.maxLimitRequestRatio ?? {}).sort()) {
        const e = q(it.maxLimitRequestRatio[r])!;
        const cpu = r === 'cpu';
        const rq = q(request[r]);
        const lm = q(limit[r]);
        if (!rq || val(rq, cpu) === 0) {
          errs.push(`${r} max limit to request ratio per Container is ${e.toString()}, but no request is specified or request is 0`);
          continue;
        }
        if (!lm || val(lm, cpu) === 0) {
          errs.push(`${r} max limit to request ratio per Container is ${e.toString()}, but no limit is specified or limit is 0`);
          continue;
        }
        const ratio = val(lm, cpu) / val(rq, cpu);
        if (ratio * 1000 > e.milliValue()) errs.push(`${r} max limit to request ratio per Container is ${e.toString()}, but provided ratio is ${ratio.toFixed(6)}`);
      }
    }
  }
  return errs;
}

/** The Forbidden error LimitRanger returns (admission.NewForbidden + an aggregate). */
export function limitRangeForbidden(pod: KubeObject, errs: readonly string[]): ApiError {
  const uniq = [...new Set(errs)];
  const agg = uniq.length === 1 ? uniq[0]! : `[${uniq.join(', ')}]`;
  return new ApiError(403, 'Forbidden', `pods "${pod.metadata?.name ?? ''}" is forbidden: ${agg}`);
}
