import { describe, expect, it } from 'vitest';
import { execDuration, preStopDuration } from '../../src/kubelet/prestop.js';

describe('preStop hook durations', () => {
  it('sleep action, httpGet, none', () => {
    expect(preStopDuration({ sleep: { seconds: 7 } })).toBe(7000);
    expect(preStopDuration({ httpGet: { path: '/', port: 80 } })).toBe(0);
    expect(preStopDuration(undefined)).toBeUndefined();
  });
  it('exec sleep commands', () => {
    expect(execDuration(['sleep', '10'])).toBe(10_000);
    expect(execDuration(['/bin/sleep', '1m', '5s'])).toBe(65_000);
    expect(execDuration(['sleep', '0.5'])).toBe(500);
    expect(execDuration(['/bin/sh', '-c', 'sleep 10'])).toBe(10_000);
    expect(execDuration(['sh', '-c', 'nginx -s quit; sleep 5'])).toBe(5000);
    expect(execDuration(['bash', '-ec', 'echo bye && sleep 3 && sleep 2s'])).toBe(5000);
    expect(execDuration(['/busybox/busybox', 'sh', '-c', 'sleep 4\necho done'])).toBe(4000);
    expect(execDuration(['sleep', 'infinity'])).toBe(Infinity);
    expect(execDuration(['/bin/sh', '-c', 'curl -X POST localhost/drain'])).toBe(0);
    expect(execDuration(['nginx', '-s', 'quit'])).toBe(0);
  });
});
