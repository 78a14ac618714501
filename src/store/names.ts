import type { Rng } from '../engine/rng.js';

/** The alphabet of utilrand.String (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go): no vowels, no confusable digits. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: `<generateName>` + 5 random characters. */
export function generateNameSuffix(rng: Rng): string {
  return rng.string(5, NAME_ALPHABET);
}

const HEX = '0123456789abcdef';

/** A UUID v4 (RFC 4122 layout: version nibble 4, variant 10xx) drawn from a seeded stream. */
export function uuidV4(rng: Rng): string {
  let s = '';
  for (let w = 0; w < 4; w++) {
    // 32 random bits per draw.
    let x = Math.floor(rng.next() * 4294967296) >>> 0;
    for (let n = 0; n < 8; n++) {
      const i = w * 8 + n;
      let d = x >>> 28;
      x = (x << 4) >>> 0;
      if (i === 12) d = 4;
      else if (i === 16) d = 8 | (d & 3);
      if (i === 8 || i === 12 || i === 16 || i === 20) s += '-';
      s += HEX[d];
    }
  }
  return s;
}
