// Tables transcribed from Go's src/time/time_test.go (parseDurationTests, parseDurationErrorTests,
// durationTests) and staging/src/k8s.io/apimachinery/pkg/util/duration/duration_test.go.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationNanos, parseDuration, parseDurationNanos } from '../../src/api/duration.js';
import { humanDuration, shortHumanDuration } from '../../src/api/human-duration.js';

const ns = 1n;
const us = 1000n;
const ms = 1000000n;
const s = 1000000000n;
const m = 60n * s;
const h = 60n * m;
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

describe('time.ParseDuration (parseDurationTests)', () => {
  const table: [string, bigint][] = [
    ['0', 0n],
    ['5s', 5n * s],
    ['30s', 30n * s],
    ['1478s', 1478n * s],
    ['-5s', -5n * s],
    ['+5s', 5n * s],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5n * s],
    ['5.6s', 5n * s + 600n * ms],
    ['5.s', 5n * s],
    ['.5s', 500n * ms],
    ['1.0s', 1n * s],
    ['1.00s', 1n * s],
    ['1.004s', 1n * s + 4n * ms],
    ['1.0040s', 1n * s + 4n * ms],
    ['100.00100s', 100n * s + 1n * ms],
    ['10ns', 10n * ns],
    ['11us', 11n * us],
    ['12µs', 12n * us],
    ['12μs', 12n * us],
    ['13ms', 13n * ms],
    ['14s', 14n * s],
    ['15m', 15n * m],
    ['16h', 16n * h],
    ['3h30m', 3n * h + 30n * m],
    ['10.5s4m', 4n * m + 10n * s + 500n * ms],
    ['-2m3.4s', -(2n * m + 3n * s + 400n * ms)],
    ['1h2m3s4ms5us6ns', 1n * h + 2n * m + 3n * s + 4n * ms + 5n * us + 6n * ns],
    ['39h9m14.425s', 39n * h + 9n * m + 14n * s + 425n * ms],
    ['52763797000ns', 52763797000n],
    ['0.3333333333333333333h', 20n * m],
    ['9007199254740993ns', (1n << 53n) + 1n],
    ['9223372036854775807ns', MAX],
    ['9223372036854775.807us', MAX],
    ['9223372036s854ms775us807ns', MAX],
    ['-9223372036854775808ns', MIN],
    ['-9223372036854775.808us', MIN],
    ['-9223372036s854ms775us808ns', MIN],
    ['-2562047h47m16.854775808s', MIN],
    ['0.100000000000000000000h', 6n * m],
    ['0.830103483285477580700h', 49n * m + 48n * s + 372539827n * ns],
  ];
  it.each(table)('%s', (input, want) => {
    expect(parseDurationNanos(input)).toBe(want);
  });
  it('returns milliseconds', () => {
    expect(parseDuration('1m30s')).toBe(90000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5h')).toBe(5400000);
    expect(parseDuration('1.5ms')).toBe(1.5);
    expect(parseDuration('1ns')).toBe(0.000001);
    expect(parseDuration('-1.5s')).toBe(-1500);
    expect(parseDuration('0')).toBe(0);
  });
});

describe('time.ParseDuration errors (parseDurationErrorTests)', () => {
  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['x', 'time: invalid duration "x"'],
    ['1', 'time: missing unit in duration "1"'],
    ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['\uFFFD hello \uFFFD world', 'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
  ])('%j', (input, message) => {
    expect(() => parseDuration(input)).toThrow(message);
    try {
      parseDuration(input);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});

describe('Duration.String (durationTests)', () => {
  it.each([
    ['0s', 0n],
    ['1ns', 1n * ns],
    ['1.1µs', 1100n * ns],
    ['2.2ms', 2200n * us],
    ['3.3s', 3300n * ms],
    ['4m5s', 4n * m + 5n * s],
    ['4m5.001s', 4n * m + 5001n * ms],
    ['5h6m7.001s', 5n * h + 6n * m + 7001n * ms],
    ['8m0.000000001s', 8n * m + 1n * ns],
    ['2562047h47m16.854775807s', MAX],
    ['-2562047h47m16.854775808s', MIN],
  ] as const)('%s', (want, d) => {
    expect(formatDurationNanos(d)).toBe(want);
  });
  it('formats milliseconds', () => {
    expect(formatDuration(90000)).toBe('1m30s');
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3600000)).toBe('1h0m0s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(1.5)).toBe('1.5ms');
    expect(formatDuration(-300000)).toBe('-5m0s');
    expect(formatDuration(0.001)).toBe('1µs');
  });
  it.each(['1m30s', '500ms', '1h0m0s', '1.5s', '2h45m10.25s', '-3m'])('round trips %s', (text) => {
    expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text));
  });
});

const SEC = 1000;
const MIN_ = 60 * SEC;
const HOUR = 60 * MIN_;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

describe('TestHumanDuration', () => {
  it.each([
    [SEC, '1s'],
    [70 * SEC, '70s'],
    [190 * SEC, '3m10s'],
    [70 * MIN_, '70m'],
    [47 * HOUR, '47h'],
    [49 * HOUR, '2d1h'],
    [(8 * 24 + 2) * HOUR, '8d'],
    [367 * DAY, '367d'],
    [(365 * 2 * 24 + 25) * HOUR, '2y1d'],
    [(365 * 8 * 24 + 2) * HOUR, '8y'],
  ])('%i ms -> %s', (d, want) => expect(humanDuration(d)).toBe(want));
});

describe('TestHumanDurationBoundaries', () => {
  it.each([
    [-2 * SEC, '<invalid>'],
    [-2 * SEC + 0.000001, '0s'],
    [0, '0s'],
    [SEC - 1, '0s'],
    [2 * MIN_ - 1, '119s'],
    [2 * MIN_, '2m'],
    [2 * MIN_ + SEC, '2m1s'],
    [10 * MIN_ - 1, '9m59s'],
    [10 * MIN_, '10m'],
    [10 * MIN_ + SEC, '10m'],
    [3 * HOUR - 1, '179m'],
    [3 * HOUR, '3h'],
    [3 * HOUR + MIN_, '3h1m'],
    [8 * HOUR - 1, '7h59m'],
    [8 * HOUR, '8h'],
    [8 * HOUR + 59 * MIN_, '8h'],
    [2 * DAY - 1, '47h'],
    [2 * DAY, '2d'],
    [2 * DAY + HOUR, '2d1h'],
    [8 * DAY - 1, '7d23h'],
    [8 * DAY, '8d'],
    [8 * DAY + 23 * HOUR, '8d'],
    [2 * YEAR - 1, '729d'],
    [2 * YEAR, '2y'],
    [2 * YEAR + 23 * HOUR, '2y'],
    [2 * YEAR + 23 * HOUR + 59 * MIN_, '2y'],
    [2 * YEAR + DAY - 1, '2y'],
    [2 * YEAR + DAY, '2y1d'],
    [3 * YEAR, '3y'],
    [4 * YEAR, '4y'],
    [5 * YEAR, '5y'],
    [6 * YEAR, '6y'],
    [7 * YEAR, '7y'],
    [8 * YEAR - 1, '7y364d'],
    [8 * YEAR, '8y'],
    [8 * YEAR + 364 * DAY, '8y'],
    [9 * YEAR, '9y'],
  ])('%i ms -> %s', (d, want) => expect(humanDuration(d)).toBe(want));
});

describe('TestShortHumanDurationBoundaries', () => {
  it.each([
    [-2 * SEC, '<invalid>'],
    [-2 * SEC + 0.000001, '0s'],
    [0, '0s'],
    [SEC - 1, '0s'],
    [SEC, '1s'],
    [2 * SEC - 1, '1s'],
    [MIN_ - 1, '59s'],
    [MIN_, '1m'],
    [2 * MIN_ - 1, '1m'],
    [HOUR - 1, '59m'],
    [HOUR, '1h'],
    [2 * HOUR - 1, '1h'],
    [DAY - 1, '23h'],
    [DAY, '1d'],
    [2 * DAY - 1, '1d'],
    [YEAR - 1, '364d'],
    [YEAR, '1y'],
    [2 * YEAR - 1, '1y'],
    [2 * YEAR, '2y'],
  ])('%i ms -> %s', (d, want) => expect(shortHumanDuration(d)).toBe(want));
});
