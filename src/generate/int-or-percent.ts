import fc from 'fast-check';

/** An IntOrString as a Deployment's maxSurge/maxUnavailable takes it: a small int or a percentage. */
export type IntOrPercent = number | string;

/** Small ints (0–5) and percentages that round differently (0%, 10%, 25%, 33%, 50%, 100%). */
export function intOrPercent(): fc.Arbitrary<IntOrPercent> {
  return fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('0%', '10%', '25%', '33%', '50%', '100%'));
}

/** True when the value as given is zero (validation looks at the value as written, not scaled). */
export function isZero(v: IntOrPercent | undefined): boolean {
  return v === 0 || v === '0%';
}
