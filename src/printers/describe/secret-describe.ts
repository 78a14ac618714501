import type { KubeObject } from '../../store/types.js';
import { cmp, printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';

/** Byte length of a base64 value (`data` holds base64 in the API's JSON form). */
export function base64ByteLength(b64: string): number {
  const s = b64.replace(/[\s]/g, '');
  if (s.length === 0) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/**
 * describeSecret: `Type`, then `Data` with the byte length of each value (the token of a
 * service-account-token Secret is printed in full). Keys sorted: 1.30 iterates the Go map
 * (random order); sorting is what newer kubectl does and keeps output deterministic.
 */
export function describeSecret(secret: KubeObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', secret.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data: Record<string, string> = { ...(secret.data ?? {}) };
  // stringData is write-only in the API (merged into data); count its UTF-8 bytes if still present.
  const strData: Record<string, string> = secret.stringData ?? {};
  const keys = [...new Set([...Object.keys(data), ...Object.keys(strData)])].sort(cmp);
  for (const k of keys) {
    const isToken = k === 'token' && secret.type === 'kubernetes.io/service-account-token';
    if (k in strData) {
      const v = String(strData[k]);
      w.write(LEVEL_0, isToken ? `${k}:\t${v}\n` : `${k}:\t${new TextEncoder().encode(v).length} bytes\n`);
      continue;
    }
    const v = String(data[k] ?? '');
    w.write(LEVEL_0, isToken ? `${k}:\t${decodeBase64(v)}\n` : `${k}:\t${base64ByteLength(v)} bytes\n`);
  }
  return w.toString();
}

function decodeBase64(b64: string): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of b64) {
    const i = chars.indexOf(ch);
    if (i < 0) continue;
    buf = (buf << 6) | i;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
