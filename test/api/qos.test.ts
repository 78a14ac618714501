// Table transcribed from pkg/apis/core/v1/helper/qos/qos_test.go (TestComputePodQOS, the cases
// without pod-level resources, which do not exist in Kubernetes 1.30).
import { describe, expect, it } from 'vitest';
import { computePodQOS, getPodQOS, type PodLike } from '../../src/api/qos.js';

const rl = (cpu: string, memory: string): Record<string, string> => {
  const r: Record<string, string> = {};
  if (cpu) r['cpu'] = cpu;
  if (memory) r['memory'] = memory;
  return r;
};
const c = (requests: Record<string, string>, limits: Record<string, string>) => ({ resources: { requests, limits } });
const pod = (containers: ReturnType<typeof c>[], initContainers?: ReturnType<typeof c>[]): PodLike => ({
  spec: { containers, ...(initContainers ? { initContainers } : {}) },
});

describe('TestComputePodQOS', () => {
  it.each([
    ['guaranteed', pod([c(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    ['guaranteed-guaranteed', pod([c(rl('100m', '100Mi'), rl('100m', '100Mi')), c(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    ['best-effort-best-effort', pod([c(rl('', ''), rl('', '')), c(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort', pod([c(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort-burstable', pod([c(rl('', ''), rl('', '')), c(rl('1', ''), rl('2', ''))]), 'Burstable'],
    ['best-effort-guaranteed', pod([c(rl('', ''), rl('', '')), c(rl('10m', '100Mi'), rl('10m', '100Mi'))]), 'Burstable'],
    ['burstable-cpu-guaranteed-memory', pod([c(rl('', '100Mi'), rl('', '100Mi'))]), 'Burstable'],
    ['burstable-no-limits', pod([c(rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    ['burstable-guaranteed', pod([c(rl('1', '100Mi'), rl('2', '100Mi')), c(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Burstable'],
    ['burstable-unbounded-but-requests-match-limits', pod([c(rl('100m', '100Mi'), rl('200m', '200Mi')), c(rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    ['burstable-1', pod([c(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
    ['burstable-2', pod([c(rl('0', '0'), rl('100m', '200Mi'))]), 'Burstable'],
    [
      'best-effort-hugepages',
      pod([c({ ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }, { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' })]),
      'BestEffort',
    ],
    ['init-container', pod([c(rl('', ''), rl('', ''))], [c(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
  ] as const)('%s', (_name, p, want) => {
    expect(computePodQOS(p)).toBe(want);
  });
  it('compares quantities by value, not text', () => {
    expect(computePodQOS(pod([c(rl('0.1', '1Gi'), rl('100m', '1024Mi'))]))).toBe('Guaranteed');
  });
  it('sums requests and limits across containers', () => {
    // requests 100m+200m vs limits 300m in one container and none in the other: not Guaranteed
    expect(computePodQOS(pod([c(rl('100m', '1Gi'), rl('300m', '1Gi')), c(rl('200m', ''), rl('', ''))]))).toBe('Burstable');
  });
  it('GetPodQOS prefers status.qosClass', () => {
    expect(getPodQOS({ ...pod([c(rl('', ''), rl('', ''))]), status: { qosClass: 'Burstable' } })).toBe('Burstable');
    expect(getPodQOS(pod([c(rl('', ''), rl('', ''))]))).toBe('BestEffort');
  });
  it('accepts numeric YAML quantities', () => {
    expect(computePodQOS({ spec: { containers: [{ resources: { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 1, memory: '1Gi' } } }] } })).toBe('Guaranteed');
  });
});
