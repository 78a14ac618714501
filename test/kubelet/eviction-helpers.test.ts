import { describe, expect, it } from 'vitest';
import { isCriticalPod, podMemoryRequest, rankMemoryPressure, type EvictionCandidate } from '../../src/kubelet/eviction-ranking.js';
import { formatBytes, parseHardThresholds, parseThresholdStatement, thresholdBytes, thresholdText } from '../../src/kubelet/eviction-thresholds.js';
import type { KubeObject } from '../../src/store/types.js';

const Mi = 1024 * 1024;
const pod = (spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec });
const cand = (key: string, o: Partial<EvictionCandidate>): EvictionCandidate => ({ key, uid: key, pod: pod({}), stats: true, usage: 0, request: 0, priority: 0, containers: [], ...o });

describe('eviction thresholds (helpers.go parseThresholdStatement)', () => {
  it('quantities and percentages; 0% and 100% are ignored', () => {
    expect(parseThresholdStatement('memory.available', '100Mi')).toEqual({ signal: 'memory.available', quantity: 100 * Mi, text: '100Mi' });
    expect(parseThresholdStatement('memory.available', '0%')).toBeUndefined();
    expect(parseThresholdStatement('memory.available', '100%')).toBeUndefined();
    const t = parseThresholdStatement('memory.available', '5%')!;
    expect(thresholdBytes(t, 4096 * Mi)).toBe(214748368); // float32(0.05) × 4Gi
    expect(thresholdText(t, 4096 * Mi)).toBe('214748368');
    expect(thresholdText(parseThresholdStatement('memory.available', '1G')!, 0)).toBe('1G');
  });

  it("the kubelet's messages for bad statements", () => {
    expect(() => parseThresholdStatement('memory.free', '1Gi')).toThrow('unsupported eviction signal memory.free');
    expect(() => parseThresholdStatement('memory.available', '0')).toThrow('eviction threshold memory.available must be positive: 0');
    expect(() => parseThresholdStatement('memory.available', '-5%')).toThrow('eviction percentage threshold memory.available must be >= 0%: -5%');
    expect(() => parseThresholdStatement('memory.available', 'x%')).toThrow('strconv.ParseFloat: parsing "x": invalid syntax');
  });

  it('memory.available is copied to allocatableMemory.available (node allocatable enforcement on pods)', () => {
    expect(parseHardThresholds({ 'nodefs.available': '10%', 'memory.available': '100Mi' }).map((t) => t.signal)).toEqual(['memory.available', 'nodefs.available', 'allocatableMemory.available']);
  });

  it('BinarySI formatting of byte counts', () => {
    expect([0, 1023, 1024, 100 * Mi, 86907648, 3 * 1024 * Mi].map(formatBytes)).toEqual(['0', '1023', '1Ki', '100Mi', '86907648', '3Gi']);
  });
});

describe('rankMemoryPressure', () => {
  it('no stats first, then above request, then lower priority, then larger usage − request; ties keep their order', () => {
    const ranked = rankMemoryPressure([
      cand('within-big', { usage: 900 * Mi, request: 1000 * Mi }),
      cand('within-close', { usage: 990 * Mi, request: 1000 * Mi }),
      cand('above-high', { usage: 500 * Mi, priority: 10 }),
      cand('above-small', { usage: 10 * Mi }),
      cand('above-large', { usage: 20 * Mi }),
      cand('tie', { usage: 20 * Mi }),
      cand('nostats', { stats: false }),
    ]);
    expect(ranked.map((c) => c.key)).toEqual(['nostats', 'above-large', 'tie', 'above-small', 'above-high', 'within-close', 'within-big']);
  });

  it('request = Σ containers, at least the largest init container, plus overhead when non-zero', () => {
    const c = (m?: string) => (m ? { resources: { requests: { memory: m } } } : {});
    expect(podMemoryRequest(pod({ containers: [c('100Mi'), c('50Mi'), c()], initContainers: [c('120Mi')] }))).toBe(150 * Mi);
    expect(podMemoryRequest(pod({ containers: [c('100Mi')], initContainers: [c('300Mi')], overhead: { memory: '10Mi' } }))).toBe(310 * Mi);
    expect(podMemoryRequest(pod({ containers: [c()], overhead: { memory: '10Mi' } }))).toBe(0);
  });

  it('critical pods: static, mirror, system-critical priority', () => {
    expect(isCriticalPod(pod({}, { 'kubernetes.io/config.source': 'file' }))).toBe(true);
    expect(isCriticalPod(pod({}, { 'kubernetes.io/config.source': 'api' }))).toBe(false);
    expect(isCriticalPod(pod({}, { 'kubernetes.io/config.mirror': 'abc' }))).toBe(true);
    expect(isCriticalPod(pod({ priority: 2000001000 }))).toBe(true);
    expect(isCriticalPod(pod({ priority: 1999999999 }))).toBe(false);
  });
});
