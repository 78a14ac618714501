import type { KubeObject, StoreApi } from '../store/types.js';
import { ApiError } from '../store/types.js';
import { fromTimestamp } from '../api/time.js';
import { safeEncodeString } from './deployment-hash.js';
import { newControllerRef } from './replicaset-ref-manager.js';
import { controllerRefOf } from './replicaset-pod-util.js';

/*
 * ControllerRevision helpers of pkg/controller/history/controller_history.go, shared by the
 * StatefulSet and DaemonSet controllers. A revision's `data` is the raw patch the owner's
 * controller computes (StatefulSet: getPatch; DaemonSet: getPatch), kept here as a JSON value.
 */

/** history.ControllerRevisionHashLabel */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 bytes so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * JSON as Go's encoding/json writes a map[string]interface{}: keys sorted at every level, which
 * is what getPatch's json.Marshal of an unmarshalled map produces (so the bytes, and the hash,
 * depend only on the data, not on key order).
 */
export function sortedJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${sortedJson(o[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * HashControllerRevision: FNV-32 (not 32a) over data's raw bytes, then the decimal probe
 * (collisionCount) bytes when given, SafeEncodeString of the decimal sum.
 */
export function hashControllerRevision(data: unknown, probe?: number): string {
  let h = 0x811c9dc5;
  const write = (s: string): void => {
    const bytes = new TextEncoder().encode(s);
    for (let i = 0; i < bytes.length; i++) h = (Math.imul(h, 0x01000193) ^ bytes[i]!) >>> 0;
  };
  write(sortedJson(data));
  if (probe !== undefined && probe !== null) write(String(probe));
  return safeEncodeString(String(h >>> 0));
}

/**
 * NewControllerRevision: labels = template labels + the hash label, a controller ref to the
 * parent, `data`, `revision`; named `<parent>-<hash(data, collisionCount)>`.
 */
export function newControllerRevision(
  parent: KubeObject,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number | undefined,
): KubeObject {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata.name!, hash),
      namespace: parent.metadata.namespace,
      labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent)],
    },
    data,
    revision,
  };
}

/** byRevision.Less: revision, then creationTimestamp, then name. Returns a new sorted array. */
export function sortControllerRevisions(revisions: readonly KubeObject[]): KubeObject[] {
  return [...revisions].sort((a, b) => {
    const ra = Number(a.revision ?? 0);
    const rb = Number(b.revision ?? 0);
    if (ra !== rb) return ra - rb;
    const ta = a.metadata.creationTimestamp ? fromTimestamp(a.metadata.creationTimestamp) : 0;
    const tb = b.metadata.creationTimestamp ? fromTimestamp(b.metadata.creationTimestamp) : 0;
    if (ta !== tb) return ta - tb;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  });
}

/** nextRevision (stateful_set_utils.go / daemonset): the highest revision + 1, or 1. Expects `revisions` sorted. */
export function nextRevision(revisions: readonly KubeObject[]): number {
  if (revisions.length === 0) return 1;
  return Number(revisions[revisions.length - 1]!.revision ?? 0) + 1;
}

/**
 * EqualRevision: both hash labels present and different => not equal; otherwise the data is
 * compared (Raw bytes equal; here the sorted JSON).
 */
export function equalRevision(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  // Upstream parses the labels as base-10 ints; SafeEncoded hashes never parse, so this check
  // only fires for hand-made numeric labels. Kept for the same outcome.
  if (ha !== undefined && hb !== undefined && /^-?\d+$/.test(ha) && /^-?\d+$/.test(hb) && Number(ha) !== Number(hb)) return false;
  return sortedJson(a.data) === sortedJson(b.data);
}

/** FindEqualRevisions: the revisions equal to needle, in the given order. */
export function findEqualRevisions(revisions: readonly KubeObject[], needle: KubeObject): KubeObject[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/**
 * ListControllerRevisions: revisions in the parent's namespace matching `matches` (its
 * selector) and controlled by the parent or by nothing.
 */
export function listControllerRevisions(store: StoreApi, parent: KubeObject, matches: (labels: Record<string, string>) => boolean): KubeObject[] {
  const out: KubeObject[] = [];
  for (const r of store.list('ControllerRevision', { namespace: parent.metadata.namespace })) {
    if (!matches(r.metadata.labels ?? {})) continue;
    const ref = controllerRefOf(r);
    if (!ref || ref.uid === parent.metadata.uid) out.push(r);
  }
  return out;
}

/**
 * realHistory.CreateControllerRevision: create under `<parent>-<hash>`; on AlreadyExists, return
 * the existing revision when its data is the same, otherwise bump collisionCount and retry.
 * Returns the revision and the (possibly bumped) collision count.
 */
export function createControllerRevision(
  store: StoreApi,
  parent: KubeObject,
  revision: KubeObject,
  collisionCount: number,
  actor: string,
): { revision: KubeObject; collisionCount: number } {
  let count = collisionCount;
  for (;;) {
    const hash = hashControllerRevision(revision.data, count);
    const name = controllerRevisionName(parent.metadata.name!, hash);
    const clone: KubeObject = { ...revision, metadata: { ...revision.metadata, name, namespace: parent.metadata.namespace } };
    try {
      return { revision: store.create(clone, { actor, origin: 'system' }), collisionCount: count };
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
      const exists = store.get('ControllerRevision', parent.metadata.namespace, name);
      if (exists && sortedJson(exists.data) === sortedJson(clone.data)) return { revision: exists, collisionCount: count };
      count++;
    }
  }
}

/** realHistory.UpdateControllerRevision: set `.revision` (no write when already equal). */
export function updateControllerRevision(store: StoreApi, revision: KubeObject, newRevision: number, actor: string): KubeObject {
  if (Number(revision.revision) === newRevision) return revision;
  const fresh = store.get('ControllerRevision', revision.metadata.namespace, revision.metadata.name!) ?? revision;
  return store.update({ ...fresh, revision: newRevision, metadata: { ...fresh.metadata, resourceVersion: undefined } }, { actor, origin: 'system' });
}
