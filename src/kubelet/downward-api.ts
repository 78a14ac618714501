import { goQuote, isQualifiedName } from '../api/validation.js';
import { parseQuantity, type Quantity } from '../api/quantity.js';
import type { KubeObject } from '../store/types.js';

/**
 * fieldpath.FormatMap (k8s.io/kubernetes/pkg/fieldpath/fieldpath.go): `key="value"` lines
 * sorted by key, values quoted with Go's %q, no trailing newline.
 */
export function formatMap(m: Record<string, string> | undefined): string {
  if (!m) return '';
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${goQuote(m[k]!)}`)
    .join('\n');
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` -> ['metadata.labels', 'k']. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const i = path.indexOf("['");
  if (i < 0) return undefined;
  return [path.slice(0, i), path.slice(i + 2, -2)];
}

/**
 * fieldpath.ExtractFieldPathAsString for a pod: metadata.name / namespace / uid, the labels
 * and annotations maps (FormatMap) and one key of them (`metadata.labels['k']`, "" when unset).
 * Throws the upstream error text for anything else.
 */
export function extractFieldPathAsString(pod: KubeObject, fieldPath: string): string {
  const sub = splitSubscript(fieldPath);
  const meta = pod.metadata;
  if (sub) {
    const [path, key] = sub;
    if (path === 'metadata.annotations') {
      const errs = isQualifiedName(key.toLowerCase());
      if (errs.length) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      return meta.annotations?.[key] ?? '';
    }
    if (path === 'metadata.labels') {
      const errs = isQualifiedName(key);
      if (errs.length) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      return meta.labels?.[key] ?? '';
    }
    throw new Error(`fieldPath ${goQuote(fieldPath)} does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** One container's resources with limits defaulted to the node's allocatable (defaultPodLimitsForDownwardAPI). */
function effectiveResources(container: any, allocatable: Record<string, string> | undefined): { limits: Record<string, string>; requests: Record<string, string> } {
  const limits: Record<string, string> = { ...(container.resources?.limits ?? {}) };
  // kubelet_resources.go: MergeContainerResourceLimits fills cpu, memory and ephemeral-storage.
  for (const k of ['cpu', 'memory', 'ephemeral-storage']) if (limits[k] === undefined && allocatable?.[k] !== undefined) limits[k] = allocatable[k]!;
  return { limits, requests: { ...(container.resources?.requests ?? {}) } };
}

function q(v: string | number | undefined): Quantity {
  return parseQuantity(v === undefined ? '0' : String(v));
}

/**
 * resource.ExtractContainerResourceValue (pkg/api/v1/resource/helpers.go): cpu as
 * ceil(milli / divisor milli), memory and ephemeral-storage as ceil(bytes / divisor bytes),
 * divisor "1" when zero or unset; limits default to the node allocatable.
 */
export function extractContainerResourceValue(ref: { resource: string; divisor?: string | number }, container: any, allocatable: Record<string, string> | undefined): string {
  let divisor = q(ref.divisor);
  if (divisor.isZero()) divisor = q('1');
  const { limits, requests } = effectiveResources(container, allocatable);
  const [kind, name] = ref.resource.split('.', 2) as [string, string];
  const list = kind === 'limits' ? limits : kind === 'requests' ? requests : undefined;
  if (!list || !['cpu', 'memory', 'ephemeral-storage'].includes(name)) throw new Error(`unsupported container resource : ${ref.resource}`);
  const v = q(list[name]);
  if (name === 'cpu') return String(Math.ceil(v.milliValue() / divisor.milliValue()));
  return String(Math.ceil(v.value() / divisor.value()));
}
