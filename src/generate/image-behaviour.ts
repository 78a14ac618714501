import fc from 'fast-check';
import type { ImageBehaviour } from '../../generated/scenario.js';

/** What an image does: serves (after delays), never becomes ready, or exits after a while. */
export type ImageKind = 'healthy' | 'never-ready' | 'crashing';

export interface GeneratedImage {
  kind: ImageKind;
  behaviour: ImageBehaviour;
}

const seconds = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });
const dur = (s: number): string => `${s}s`;

/** Optional pull/start/stop delays, at most `max` seconds each. */
function delays(max: number): fc.Arbitrary<ImageBehaviour> {
  return fc.record({ pull: seconds(Math.min(max, 3)).map(dur), start: seconds(max).map(dur), stop: seconds(Math.min(max, 3)).map(dur) }, { requiredKeys: [] });
}

/** A healthy image: ready `readyAfter` (≤ 10s) after start. */
export function healthyImage(): fc.Arbitrary<GeneratedImage> {
  return fc.tuple(delays(5), fc.option(seconds(10).map(dur), { nil: undefined })).map(([d, readyAfter]) => ({ kind: 'healthy' as const, behaviour: readyAfter === undefined ? d : { ...d, readyAfter } }));
}

/** Readiness never passes (readyAfter far beyond any run). */
export function neverReadyImage(): fc.Arbitrary<GeneratedImage> {
  return delays(5).map((d) => ({ kind: 'never-ready' as const, behaviour: { ...d, readyAfter: '1000h' } }));
}

/** The process exits with code 1 after 0–20s: CrashLoopBackOff under restartPolicy Always. */
export function crashingImage(): fc.Arbitrary<GeneratedImage> {
  return fc.tuple(delays(5), seconds(20)).map(([d, after]) => ({ kind: 'crashing' as const, behaviour: { ...d, exit: { after: dur(after), code: 1 } } }));
}

/** Any of the three, mostly healthy. */
export function imageBehaviour(): fc.Arbitrary<GeneratedImage> {
  return fc.oneof({ weight: 3, arbitrary: healthyImage() }, { weight: 1, arbitrary: neverReadyImage() }, { weight: 1, arbitrary: crashingImage() });
}
