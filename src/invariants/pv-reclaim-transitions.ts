import type { Invariant, Violation } from './types.js';
import type { KubeObject, StoreApi } from '../store/types.js';
import { checkAccessModes, claimClass, claimRequest, volumeCapacity, volumeClass } from '../controllers/pv-matching.js';

const NAME = 'pv-reclaim-transitions';

/**
 * pv-reclaim-transitions (INVARIANTS.md), checked on every PV/PVC change:
 * - PV phases move only along Pending→Available|Bound|Released, Available→Bound,
 *   Bound→Released (only once no claim with the claimRef's uid exists, or it is bound to another
 *   volume), Bound→Available (the controller unbinding a volume whose claim took another one),
 *   Released→Available and Failed→Available (the claimRef's uid was cleared: Recycle, or the
 *   user), Released→Failed. Pending→Bound and Pending→Released are real: a volume created with
 *   a claimRef (by a provisioner, or re-created by an admin) skips Available.
 * - A volume is never Bound to a claim whose uid differs from the one its Released claimRef
 *   named (no Released→Bound).
 * - PVCs move only Pending→Bound, Bound→Lost, Lost→Bound.
 * - Reclaim actions (component actions): only Delete volumes are deleted by the PV controller or
 *   a provisioner, and only when Released or Failed; only Recycle volumes are scrubbed; a Retain
 *   volume's data is never removed.
 * - While a PVC is Bound to a PV that is Bound, the PV's claimRef names that PVC (name,
 *   namespace, uid); no two Bound PVCs name the same PV; when the binder (PV controller or the
 *   scheduler) chose the volume (the PV carries bound-by-controller), capacity ≥ request, access
 *   modes ⊇ requested, equal class. A volume the user pre-bound with claimRef is bound whatever
 *   its size, modes and class (FindMatchingVolume returns it first), so it is not held to them.
 */
export function pvReclaimTransitions(): Invariant {
  let store: StoreApi;
  let report: (v: Violation) => void;
  let dirty = false;
  return {
    name: NAME,
    start(ctx, rep) {
      store = ctx.store;
      report = rep;
      ctx.store.watch((e) => {
        dirty = true;
        if (e.type !== 'MODIFIED' || !e.old) return;
        if (e.kind === 'PersistentVolume') checkVolume(e.old, e.object);
        else checkClaim(e.old, e.object);
      }, ['PersistentVolume', 'PersistentVolumeClaim']);
      ctx.actions.subscribe((a) => {
        if (a.action === 'delete-volume') {
          const phase = a.data?.phase as string | undefined;
          const policy = a.data?.policy as string | undefined;
          if (policy !== 'Delete' || (phase !== 'Released' && phase !== 'Failed')) {
            report({ invariant: NAME, message: `${a.component} deleted PersistentVolume ${a.object} with reclaim policy ${policy} in phase ${phase} (only Delete volumes, only when Released or Failed)`, objects: [`pv/${a.object}`] });
          }
        } else if (a.action === 'recycle' && a.data?.policy !== 'Recycle') {
          report({ invariant: NAME, message: `${a.component} scrubbed PersistentVolume ${a.object} with reclaim policy ${String(a.data?.policy)}`, objects: [`pv/${a.object}`] });
        }
      });
    },
    check() {
      if (!dirty) return;
      dirty = false;
      const byVolume = new Map<string, string>();
      for (const pvc of store.list('PersistentVolumeClaim')) {
        if (pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) continue;
        const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
        const vn: string = pvc.spec.volumeName;
        const other = byVolume.get(vn);
        if (other) report({ invariant: NAME, message: `PersistentVolumeClaims ${other} and ${key} are both Bound to PersistentVolume ${vn}`, objects: [`pvc/${other}`, `pvc/${key}`, `pv/${vn}`] });
        byVolume.set(vn, key);
        const pv = store.get('PersistentVolume', undefined, vn);
        if (!pv || pv.status?.phase !== 'Bound') continue;
        const ref = pv.spec?.claimRef;
        if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace || ref.uid !== pvc.metadata.uid) {
          report({
            invariant: NAME,
            message: `PersistentVolumeClaim ${key} is Bound to ${vn}, whose claimRef names ${ref ? `${ref.namespace}/${ref.name} (uid ${ref.uid ?? ''})` : 'nothing'}`,
            objects: [`pvc/${key}`, `pv/${vn}`],
          });
        }
      }
    },
  };

  function violation(message: string, objects: string[], numbers?: Record<string, number>): void {
    const v: Violation = { invariant: NAME, message, objects };
    if (numbers) v.numbers = numbers;
    report(v);
  }

  function claimGoneOrElsewhere(pv: KubeObject): boolean {
    const ref = pv.spec?.claimRef;
    if (!ref?.uid) return true;
    const c = store.get('PersistentVolumeClaim', ref.namespace, ref.name);
    if (!c || c.metadata.uid !== ref.uid) return true;
    return !!c.spec?.volumeName && c.spec.volumeName !== pv.metadata.name;
  }

  function checkVolume(old: KubeObject, pv: KubeObject): void {
    const from = old.status?.phase ?? 'Pending';
    const to = pv.status?.phase ?? 'Pending';
    if (from === to) return;
    const name = pv.metadata.name!;
    const objs = [`pv/${name}`];
    const ref = pv.spec?.claimRef;
    const edge = `${from}→${to}`;
    switch (edge) {
      case 'Pending→Available':
      case 'Available→Bound':
      case 'Pending→Bound':
      case 'Released→Failed':
        return;
      case 'Pending→Released':
      case 'Bound→Released':
        if (!claimGoneOrElsewhere(pv)) {
          violation(`PersistentVolume ${name} went ${edge} while its claim ${ref?.namespace}/${ref?.name} (uid ${ref?.uid}) still exists and is bound to it`, [...objs, `pvc/${ref?.namespace}/${ref?.name}`]);
        }
        return;
      case 'Bound→Available':
      case 'Released→Available':
      case 'Failed→Available':
        if (ref?.uid) violation(`PersistentVolume ${name} went ${edge} but its claimRef still names ${ref.namespace}/${ref.name} (uid ${ref.uid})`, objs);
        return;
      default:
        violation(`PersistentVolume ${name} went ${edge}, which is not a legal phase transition`, objs);
    }
  }

  function checkClaim(old: KubeObject, pvc: KubeObject): void {
    const from = old.status?.phase ?? 'Pending';
    const to = pvc.status?.phase ?? 'Pending';
    if (from === to) return;
    const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
    const edge = `${from}→${to}`;
    if (edge !== 'Pending→Bound' && edge !== 'Bound→Lost' && edge !== 'Lost→Bound') {
      violation(`PersistentVolumeClaim ${key} went ${edge}, which is not a legal phase transition`, [`pvc/${key}`]);
      return;
    }
    if (edge !== 'Pending→Bound') return;
    const pv = store.get('PersistentVolume', undefined, pvc.spec?.volumeName ?? '');
    // Only a volume the binder chose is held to the matching rules: FindMatchingVolume takes a
    // volume pre-bound by the user (claimRef) whatever its size, modes and class, as upstream.
    if (!pv || pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'] !== 'yes') return;
    const objs = [`pvc/${key}`, `pv/${pv.metadata.name}`];
    const cap = volumeCapacity(pv);
    const req = claimRequest(pvc);
    if (cap.cmp(req) < 0) violation(`PersistentVolumeClaim ${key} was bound to ${pv.metadata.name} with capacity ${cap.toString()} < request ${req.toString()}`, objs, { capacity: cap.value(), request: req.value() });
    if (!checkAccessModes(pvc, pv)) violation(`PersistentVolumeClaim ${key} was bound to ${pv.metadata.name} whose access modes [${(pv.spec?.accessModes ?? []).join(',')}] lack some of [${(pvc.spec?.accessModes ?? []).join(',')}]`, objs);
    if (volumeClass(pv) !== claimClass(pvc)) violation(`PersistentVolumeClaim ${key} (class "${claimClass(pvc)}") was bound to ${pv.metadata.name} (class "${volumeClass(pv)}")`, objs);
  }
}
