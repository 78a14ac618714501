import seedrandom from 'seedrandom';

/** A seeded random stream. Every source of randomness in the model is one of these. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
}

/**
 * A named stream derived from the scenario seed: `makeRng(seed, "scheduler")`. Streams are
 * independent, so drawing from one never shifts another (DESIGN.md, determinism rules).
 */
export function makeRng(seed: number | string, name: string): Rng {
  const prng = seedrandom.alea(`${seed}/${name}`);
  const next = (): number => prng();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    string: (length, alphabet) => {
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
  };
}
