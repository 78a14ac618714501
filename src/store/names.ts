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
  const b = (w: number, i: number): string => BYTE_HEX[(w >>> (24 - 8 * i)) & 255]!;
  const b6 = ((w1 >>> 8) & 0x0f) | 0x40; // version 4
  const b8 = ((w2 >>> 24) & 0x3f) | 0x80; // variant 10xx
  return (
    b(w0, 0) + b(w0, 1) + b(w0, 2) + b(w0, 3) + '-' +
    b(w1, 0) + b(w1, 1) + '-' + BYTE_HEX[b6] + b(w1, 3) + '-' +
    BYTE_HEX[b8] + b(w2, 1) + '-' + b(w2, 2) + b(w2, 3) +
    b(w3, 0) + b(w3, 1) + b(w3, 2) + b(w3, 3)
  );
}
