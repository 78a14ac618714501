import type { KubeObject, OwnerReference, StoreApi } from '../store/types.js';
import { controllerRefOf } from './replicaset-pod-util.js';

/**
 * BaseControllerRefManager.ClaimObject (pkg/controller/controller_ref_manager.go): which of
 * `objects` an owner controls after adopting matching orphans and releasing owned objects
 * whose labels stopped matching. No adoption or release while the owner is being deleted, no
 * adoption of an object that is itself being deleted or lives in another namespace. Shared by
 * the Deployment (ReplicaSets) and ReplicaSet (Pods) controllers; any workload controller may use it.
 */
export function claimObjects(
  store: StoreApi,
  owner: KubeObject,
  kind: string,
  objects: KubeObject[],
  match: (o: KubeObject) => boolean,
  actor: string,
): KubeObject[] {
  const claimed: KubeObject[] = [];
  const ownerUid = owner.metadata.uid!;
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of objects) {
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (match(obj)) {
        claimed.push(obj);
        continue;
      }
      if (ownerDeleting) continue;
      release(store, kind, obj, ownerUid, actor);
      continue;
    }
    if (ownerDeleting || !match(obj)) continue;
    if (obj.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
    const adopted = adopt(store, kind, obj, owner, actor);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function adopt(store: StoreApi, kind: string, obj: KubeObject, owner: KubeObject, actor: string): KubeObject | undefined {
  // RecheckDeletionTimestamp: re-read the owner; no adoption if it is gone, replaced or being deleted.
  const fresh = store.get(owner.kind, owner.metadata.namespace, owner.metadata.name!);
  if (!fresh || fresh.metadata.uid !== owner.metadata.uid || fresh.metadata.deletionTimestamp) return undefined;
  const refs = [...(obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid), newControllerRef(owner)];
  try {
    return store.patch(kind, obj.metadata.namespace, obj.metadata.name!, { metadata: { ownerReferences: refs } }, 'merge', { actor, origin: 'system' });
  } catch (e) {
    if ((e as { reason?: string }).reason === 'NotFound') return undefined;
    throw e;
  }
}

function release(store: StoreApi, kind: string, obj: KubeObject, ownerUid: string, actor: string): void {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  try {
    store.patch(kind, obj.metadata.namespace, obj.metadata.name!, { metadata: { ownerReferences: refs.length ? refs : null } }, 'merge', { actor, origin: 'system' });
  } catch (e) {
    if ((e as { reason?: string }).reason === 'NotFound') return;
    throw e;
  }
}
