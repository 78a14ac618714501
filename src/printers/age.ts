import { fromTimestamp, humanDuration } from '../api/index.js';

/**
 * translateTimestampSince (pkg/printers/internalversion/printers.go): `<unknown>` for a zero
 * timestamp, else duration.HumanDuration(now - t). Timestamps carry whole seconds, so the age
 * is measured from the second the object was stamped with, as kubectl does.
 */
export function age(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const t = fromTimestamp(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}

/** humanDuration between two timestamps (Job DURATION). */
export function between(from: string, to: string): string {
  return humanDuration(fromTimestamp(to) - fromTimestamp(from));
}
