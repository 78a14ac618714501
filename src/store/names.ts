import type { Rng } from '../engine/rng.js';

/** The alphabet of utilrand.String (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go): no vowels, no confusable digits. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: `<generateName>` + 5 random characters. */
export function generateNameSuffix(rng: Rng): string {
  return rng.string(5, NAME_ALPHABET);
}

/** Char codes of the two hex digits of each byte value (high digit << 8 | low digit). */
const BYTE_CODES: Uint16Array = Uint16Array.from({ length: 256 }, (_, i) => {
  const h = i.toString(16).padStart(2, '0');
  return (h.charCodeAt(0) << 8) | h.charCodeAt(1);
});
const DASH = 45;

/** A UUID v4 (RFC 4122 layout: version nibble 4, variant 10xx) drawn from a seeded stream. */
export function uuidV4(rng: Rng): string {
  // 4 draws of 32 bits -> 16 bytes.
  const w0 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w1 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w2 = Math.floor(rng.next() * 4294967296) >>> 0;
  const w3 = Math.floor(rng.next() * 4294967296) >>> 0;
  const b6 = ((w1 >>> 8) & 0x0f) | 0x40; // version 4
  const b8 = ((w2 >>> 24) & 0x3f) | 0x80; // variant 10xx
  // One flat string straight from the char codes (no rope of cons cells, no temporary array).
  const c = BYTE_CODES;
  const a0 = c[w0 >>> 24]!, a1 = c[(w0 >>> 16) & 255]!, a2 = c[(w0 >>> 8) & 255]!, a3 = c[w0 & 255]!;
  const a4 = c[w1 >>> 24]!, a5 = c[(w1 >>> 16) & 255]!, a6 = c[b6]!, a7 = c[w1 & 255]!;
  const a8 = c[b8]!, a9 = c[(w2 >>> 16) & 255]!, a10 = c[(w2 >>> 8) & 255]!, a11 = c[w2 & 255]!;
  const a12 = c[w3 >>> 24]!, a13 = c[(w3 >>> 16) & 255]!, a14 = c[(w3 >>> 8) & 255]!, a15 = c[w3 & 255]!;
  return String.fromCharCode(
    a0 >> 8, a0 & 255, a1 >> 8, a1 & 255, a2 >> 8, a2 & 255, a3 >> 8, a3 & 255, DASH,
    a4 >> 8, a4 & 255, a5 >> 8, a5 & 255, DASH, a6 >> 8, a6 & 255, a7 >> 8, a7 & 255, DASH,
    a8 >> 8, a8 & 255, a9 >> 8, a9 & 255, DASH, a10 >> 8, a10 & 255, a11 >> 8, a11 & 255,
    a12 >> 8, a12 & 255, a13 >> 8, a13 & 255, a14 >> 8, a14 & 255, a15 >> 8, a15 & 255,
  );
}
