/**
 * Eviction thresholds as the kubelet parses them (pkg/kubelet/eviction/helpers.go
 * ParseThresholdConfig / parseThresholdStatement, api/types.go GetThresholdQuantity).
 * Only hard thresholds exist in the model (`settings.evictionHard`).
 */
import { newQuantity, parseQuantity } from '../api/quantity.js';

/** Every signal the 1.30 kubelet accepts (helpers.go init: signalToResource). */
export const EVICTION_SIGNALS: Record<string, { resource: string; condition: string }> = {
  'memory.available': { resource: 'memory', condition: 'MemoryPressure' },
  'allocatableMemory.available': { resource: 'memory', condition: 'MemoryPressure' },
  'nodefs.available': { resource: 'ephemeral-storage', condition: 'DiskPressure' },
  'nodefs.inodesFree': { resource: 'inodes', condition: 'DiskPressure' },
  'imagefs.available': { resource: 'ephemeral-storage', condition: 'DiskPressure' },
  'imagefs.inodesFree': { resource: 'inodes', condition: 'DiskPressure' },
  'containerfs.available': { resource: 'ephemeral-storage', condition: 'DiskPressure' },
  'containerfs.inodesFree': { resource: 'inodes', condition: 'DiskPressure' },
  'pid.available': { resource: 'pids', condition: 'PIDPressure' },
};

/** A hard threshold `signal < value` (value: bytes, or a fraction of the observed capacity). */
export interface Threshold {
  signal: string;
  quantity?: number;
  /** The quantity as printed (its parsed form: `100Mi`, `1G`). */
  text?: string;
  /** float32 fraction as parsePercentage returns it. */
  percentage?: number;
}

/**
 * parseThresholdStatement: the threshold, undefined for `0%` / `100%` (ignored), or an Error
 * with the kubelet's message.
 */
export function parseThresholdStatement(signal: string, val: string): Threshold | undefined {
  if (!EVICTION_SIGNALS[signal]) throw new Error(`unsupported eviction signal ${signal}`);
  if (val.endsWith('%')) {
    if (val === '0%' || val === '100%') return undefined;
    const num = val.replace(/%+$/, '');
    // strconv.ParseFloat(s, 32)
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax`);
    const percentage = Math.fround(Math.fround(Number(num)) / 100);
    if (percentage < 0) throw new Error(`eviction percentage threshold ${signal} must be >= 0%: ${val}`);
    if (percentage > 1) throw new Error(`eviction percentage threshold ${signal} must be <= 100%: ${val}`);
    return { signal, percentage };
  }
  const q = parseQuantity(val);
  if (q.sign() <= 0) throw new Error(`eviction threshold ${signal} must be positive: ${q.toString()}`);
  return { signal, quantity: q.value(), text: q.toString() };
}

/**
 * ParseThresholdConfig for `evictionHard` with node-allocatable enforcement on `pods` (the
 * default): every hard memory.available threshold is copied to allocatableMemory.available
 * (addAllocatableThresholds). Statements are taken in signal-name order (upstream iterates a map).
 */
export function parseHardThresholds(evictionHard: Record<string, string>): Threshold[] {
  const out: Threshold[] = [];
  for (const signal of Object.keys(evictionHard).sort()) {
    const t = parseThresholdStatement(signal, String(evictionHard[signal]));
    if (t) out.push(t);
  }
  const extra = out.filter((t) => t.signal === 'memory.available').map((t) => ({ ...t, signal: 'allocatableMemory.available' }));
  return [...out, ...extra];
}

/** GetThresholdQuantity printed: the quantity as given, or the percentage of capacity in BinarySI. */
export function thresholdText(t: Threshold, capacity: number): string {
  return t.text ?? formatBytes(thresholdBytes(t, capacity));
}

/** GetThresholdQuantity: the threshold in bytes against an observation's capacity. */
export function thresholdBytes(t: Threshold, capacity: number): number {
  if (t.quantity !== undefined) return t.quantity;
  // resource.NewQuantity(int64(float64(capacity.Value()) * float64(value.Percentage)), BinarySI)
  return Math.trunc(capacity * (t.percentage ?? 0));
}

/** A byte count as the kubelet prints a BinarySI quantity (`100Mi`, `97316Ki`, `123456789`). */
export function formatBytes(n: number): string {
  return newQuantity(n, 'BinarySI').toString();
}
