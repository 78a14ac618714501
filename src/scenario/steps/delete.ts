import type { DeleteStep } from '../../../generated/scenario.js';
import { resolveKind } from '../../api/kinds.js';
import type { DeleteOptions } from '../../store/types.js';
import type { StepHandler } from './types.js';
import { kubectlName, mustParseTarget } from '../target.js';
import { WriteSession } from './write-outcome.js';
import { durationMs } from '../value-checks.js';
import { formatDuration } from '../../api/duration.js';
import { DEFAULT_WAIT_TIMEOUT_MS } from './wait-for.js';

/**
 * `delete: TARGET | {target | kind+selector, gracePeriodSeconds, propagationPolicy, force, wait}`,
 * like kubectl delete (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go): Complete turns
 * --grace-period=0 without --force into 1 and --force alone into 0; PrintObj's wording.
 */
export const del: StepHandler = (arg: DeleteStep, rt) => {
  const o = typeof arg === 'string' ? { target: arg } : arg;
  const store = rt.cluster.store;
  const opts: DeleteOptions = { actor: 'scenario' };
  let grace = o.gracePeriodSeconds;
  if (grace === 0 && !o.force) grace = 1;
  if (o.force && grace === undefined) grace = 0;
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  if (o.propagationPolicy) opts.propagationPolicy = o.propagationPolicy;
  // delete.go Validate (printed to stderr by kubectl).
  if (o.force && grace === 0) {
    rt.log('warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  }
  const session = new WriteSession(rt);
  const targets: Array<{ kind: string; namespace: string | undefined; name: string }> = [];
  if (o.target !== undefined) {
    const t = mustParseTarget(o.target, o.namespace);
    targets.push(t);
  } else {
    const info = resolveKind(o.kind!)!;
    const ns = info.namespaced ? (o.namespace ?? 'default') : undefined;
    const listOpts: { namespace?: string; labelSelector?: string } = { labelSelector: o.selector ?? '' };
    if (ns !== undefined) listOpts.namespace = ns;
    for (const x of store.list(info.kind, listOpts)) targets.push({ kind: info.kind, namespace: x.metadata.namespace, name: x.metadata.name! });
    // delete.go DeleteResult: plain "No resources found" (unlike kubectl get).
    if (targets.length === 0) rt.log('No resources found');
  }
  const uids: Array<{ t: (typeof targets)[number]; uid: string | undefined }> = [];
  for (const t of targets) {
    const label = kubectlName(t.kind, t.name);
    session.run(label, undefined, typeof arg === 'string' ? [] : ['target'], () => {
      const uid = store.get(t.kind, t.namespace, t.name)?.metadata.uid;
      store.delete(t.kind, t.namespace, t.name, opts);
      uids.push({ t, uid });
      // delete.go PrintObj: `deployment.apps "web" deleted`, `force deleted` with grace period 0.
      const slash = label.indexOf('/');
      return `${label.slice(0, slash)} "${t.name}" ${grace === 0 ? 'force deleted' : 'deleted'}`;
    });
  }
  session.finish();
  if (typeof arg !== 'string' && arg.wait) {
    // kubectl delete --wait: until each object (this uid) is gone from the API.
    const gone = (): boolean => uids.every(({ t, uid }) => {
      const o = store.get(t.kind, t.namespace, t.name);
      return o === undefined || (uid !== undefined && o.metadata.uid !== uid);
    });
    const timeout = arg.timeout !== undefined ? durationMs(arg.timeout) : DEFAULT_WAIT_TIMEOUT_MS;
    if (!rt.advanceUntil(gone, rt.cluster.engine.now + timeout)) {
      const left = uids.filter(({ t }) => store.get(t.kind, t.namespace, t.name)).map(({ t }) => {
        const o = store.get(t.kind, t.namespace, t.name)!;
        return `${kubectlName(t.kind, t.name)}${o.metadata.finalizers?.length ? ` (finalizers: ${o.metadata.finalizers.join(', ')})` : ''}`;
      });
      rt.fail(`timed out after ${formatDuration(timeout)} waiting for the deletion of ${left.join(', ')}`);
    }
  }
};
