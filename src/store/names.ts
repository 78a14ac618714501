import type { Rng } from '../engine/rng.js';

/** The alphabet of utilrand.String (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go): no vowels, no confusable digits. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: `<generateName>` + 5 random characters. */
export function generateNameSuffix(rng: Rng): string {
  return rng.string(5, NAME_ALPHABET);
}

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUID v4 (RFC 4122 layout: version nibble 4, variant 10xx) drawn from a seeded stream. */
export function uuidV4(rng: Rng): string {
  // 4 draws of 32 bits -> 16 bytes.
  const w0 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w1 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w2 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w3 = Math.floor(rng.next() * 4294967296) >>> 0;
  const b6 = ((w1 >>> 8) & 0x0f) | 0x40; // version 4
  const b8 = ((w2 >>> 24) & 0x3f) | 0x80; // variant 10xx
  // One flat string (a chain of `+` would leave a rope of ~20 cons cells per object created).
  const h = BYTE_HEX;
  return [
    h[w0 >>> 24], h[(w0 >>> 16) & 255], h[(w0 >>> 8) & 255], h[w0 & 255], '-',
    h[w1 >>> 24], h[(w1 >>> 16) & 255], '-', h[b6], h[w1 & 255], '-',
    h[b8], h[(w2 >>> 16) & 255], '-', h[(w2 >>> 8) & 255], h[w2 & 255],
    h[w3 >>> 24], h[(w3 >>> 16) & 255], h[(w3 >>> 8) & 255], h[w3 & 255],
  ].join('');
}
