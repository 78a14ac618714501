import { labelSelectorAsSelector } from '../api/index.js';

/** labels.FormatLabels: `k=v,k2=v2` in key order, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.LabelSelectorAsSelector(ls).String() as the workload printers use it (`""` when empty). */
export function selectorString(ls: unknown): string {
  try {
    return labelSelectorAsSelector(ls as Parameters<typeof labelSelectorAsSelector>[0]).toString();
  } catch {
    return '<error>';
  }
}

/** layoutContainerCells: container names and images of a pod template, comma-joined. */
export function containerCells(template: { spec?: { containers?: { name: string; image?: string }[] } } | undefined): [string, string] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** `<none>` for an empty string, as many printers write unset values. */
export function orNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** A number field printed by `%d` (`0` when unset). */
export function int(v: unknown): string {
  return String(typeof v === 'number' ? v : 0);
}

