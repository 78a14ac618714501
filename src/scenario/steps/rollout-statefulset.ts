import type { KubeObject, StoreApi } from '../../store/types.js';
import { labelSelectorAsSelector } from '../../api/selector.js';
import { RollbackError } from '../../controllers/deployment-rollback.js';
import { listControllerRevisions, sortControllerRevisions, sortedJson } from '../../controllers/controller-history.js';
import { controllerRefOf } from '../../controllers/replicaset-pod-util.js';
import { statefulSetPatch } from '../../controllers/statefulset-utils.js';
import { rolloutRestart } from './rollout-restart.js';

/**
 * `kubectl rollout undo|pause|resume|restart` on a StatefulSet (staging/src/k8s.io/kubectl/pkg/
 * polymorphichelpers: rollback.go StatefulSetRollbacker, objectpauser.go, objectresumer.go,
 * objectrestarter.go). Returns kubectl's word after `statefulset.apps/web`; kubectl's
 * refusals throw RollbackError with its wording (the caller prints `error: ...`).
 * - undo: the set's ControllerRevisions (selector, controlled by the set); toRevision 0 takes
 *   the second-highest (`no last revision to roll back to` with one revision); a revision equal
 *   to the live template is `skipped rollback (current template already matches revision N)`
 *   with N as given (0 for the default); otherwise the revision's data is applied as a
 *   strategic merge patch (`$patch: replace` on the template) and the controller then makes
 *   that old revision the newest (revision max+1).
 * - pause / resume: only Deployments can be paused: `statefulsets.apps "web" pausing is not
 *   supported` / `resuming is not supported` (rollout_pause.go prefixes resource and name).
 * - restart: rolloutRestart (rollout-restart.ts), as for a Deployment.
 */
export function rolloutStatefulSet(verb: 'undo' | 'pause' | 'resume' | 'restart', set: KubeObject, toRevision: number, resource: string, store: StoreApi, opts: { actor: string }, now: number): string {
  const ns = set.metadata.namespace;
  const n = set.metadata.name!;
  switch (verb) {
    case 'pause':
      throw new RollbackError(`${resource} "${n}" pausing is not supported`);
    case 'resume':
      throw new RollbackError(`${resource} "${n}" resuming is not supported`);
    case 'restart':
      return rolloutRestart('StatefulSet', set, store, opts, now);
    case 'undo': {
      if (toRevision < 0) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
      const selector = labelSelectorAsSelector(set.spec?.selector);
      // statefulSetHistory: revisions matching the selector and controlled by this set.
      const history = sortControllerRevisions(listControllerRevisions(store, set, (l) => selector.matches(l)).filter((r) => controllerRefOf(r)?.uid === set.metadata.uid));
      if (toRevision === 0 && history.length <= 1) throw new RollbackError('no last revision to roll back to');
      const to = toRevision === 0 ? history[history.length - 2] : history.find((h) => Number(h.revision) === toRevision);
      if (!to) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
      // statefulsetMatch: the live set's patch equals the revision's data.
      if (sortedJson(statefulSetPatch(set)) === sortedJson(to.data)) return `skipped rollback (current template already matches revision ${toRevision})`;
      const tpl = { ...((to.data as any)?.spec?.template ?? {}) };
      delete tpl.$patch;
      // A strategic merge patch with `$patch: replace` replaces the whole template: write it whole.
      const fresh = store.get('StatefulSet', ns, n)!;
      store.update({ ...fresh, metadata: { ...fresh.metadata, resourceVersion: undefined }, spec: { ...fresh.spec, template: tpl } }, opts);
      return 'rolled back';
    }
  }
}
