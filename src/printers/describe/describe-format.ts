import { EPOCH_MS, fromTimestamp, toTimestamp } from '../../api/time.js';
import { age } from '../age.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

/**
 * Shared pieces of describe.go: printLabelsMultiline, printAnnotationsMultiline,
 * printNodeTaintsMultiline, printPodTolerationsMultiline, time.RFC1123Z, printBool.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent: first `k=v` after the title, the rest under it; `<none>` when empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | null | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

/**
 * printAnnotationsMultiline: last-applied-configuration skipped; `key: value`, or `key:` and the
 * value on indented lines (cut at 138 characters + `...`) when longer than 140 or multi-line.
 */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | null | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    // Go's len() counts UTF-8 bytes.
    if (utf8Length(value) + utf8Length(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** shorten: the first `max` bytes and `...` (ASCII in practice; a cut never splits a character here). */
function shorten(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const w = utf8Length(ch);
    if (n + w > max) break;
    out += ch;
    n += w;
  }
  return `${out}...`;
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

interface Taint {
  key: string;
  value?: string;
  effect?: string;
}

/** Taint.ToString: `key=value:effect`, `key:effect`, `key=value:` or `key`. */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printNodeTaintsMultiline: sorted by `effect,key`. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...taints].sort((a, b) => cmp(`${a.effect ?? ''},${a.key}`, `${b.effect ?? ''},${b.key}`));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent: sorted by key; `key=value:effect op=Exists for 300s`. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  // sort.Slice by key (an insertion sort for short lists, so stable in practice).
  const sorted = [...tolerations].sort((a, b) => cmp(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * time.RFC1123Z of a timestamp (`Wed, 17 Apr 2024 00:00:00 +0000`). kubectl prints local time;
 * the model's clock is UTC. An absent timestamp is Go's zero time.
 */
export function rfc1123z(ts: string | null | undefined): string {
  if (!ts) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const ms = fromTimestamp(ts);
  if (Number.isNaN(ms)) return ts;
  const iso = toTimestamp(ms);
  const unixDays = Math.floor((EPOCH_MS + ms) / 86400000);
  const dow = DAYS[(((unixDays + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  return `${dow}, ${iso.slice(8, 10)} ${MONTHS[+iso.slice(5, 7) - 1]} ${iso.slice(0, 4)} ${iso.slice(11, 19)} +0000`;
}

/** translateTimestampSince: HumanDuration since the timestamp, `<unknown>` when unset. */
export function since(ts: string | null | undefined, now: number): string {
  return age(ts, now);
}

/** printBool: `True` / `False`. */
export function printBool(v: unknown): string {
  return v ? 'True' : 'False';
}
