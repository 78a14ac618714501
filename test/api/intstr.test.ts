// Tables transcribed from staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr_test.go and
// pkg/controller/deployment/util/deployment_util_test.go (TestResolveFenceposts, TestMaxUnavailable).
import { describe, expect, it } from 'vitest';
import {
  fromInt,
  fromString,
  getScaledValueFromIntOrPercent,
  getValueFromIntOrPercent,
  intOrStringToString,
  intstrParse,
  intValue,
  parseIntOrString,
} from '../../src/api/intstr.js';
import { maxSurge, maxUnavailable, minAvailable, resolveFenceposts } from '../../src/api/fenceposts.js';

describe('parseIntOrString', () => {
  it('numbers are Int and strings are String, as UnmarshalJSON', () => {
    expect(parseIntOrString(5)).toEqual({ type: 'Int', intVal: 5 });
    expect(parseIntOrString('25%')).toEqual({ type: 'String', strVal: '25%' });
    expect(parseIntOrString('5')).toEqual({ type: 'String', strVal: '5' });
    expect(intstrParse('5')).toEqual({ type: 'Int', intVal: 5 });
    expect(intstrParse('5%')).toEqual({ type: 'String', strVal: '5%' });
    expect(intstrParse('2147483648')).toEqual({ type: 'String', strVal: '2147483648' });
    expect(intOrStringToString(fromInt(3))).toBe('3');
    expect(intOrStringToString('25%')).toBe('25%');
    expect(intValue(fromString('12'))).toBe(12);
    expect(intValue(fromString('x'))).toBe(0);
  });
});

describe('TestGetIntFromIntOrString (via GetScaledValueFromIntOrPercent with total 100)', () => {
  it.each([
    [fromInt(200), 200],
    [fromString('40%'), 40],
  ])('%j = %i', (input, want) => expect(getScaledValueFromIntOrPercent(input, 100, true)).toBe(want));
  it.each(['200', '30%0', '%', 'a%', 'a', '40#', '40%%'])('%j is an error', (v) => {
    expect(() => getScaledValueFromIntOrPercent(fromString(v), 100, true)).toThrow(/^invalid value for IntOrString: /);
  });
});

describe('TestGetIntFromIntOrPercent', () => {
  it.each([
    [fromInt(123), 0, false, 123],
    [fromString('90%'), 100, true, 90],
    [fromString('90%'), 95, true, 86],
    [fromString('90%'), 95, false, 85],
  ] as const)('%j of %i roundUp=%s = %i', (input, total, roundUp, want) => {
    expect(getScaledValueFromIntOrPercent(input, total, roundUp)).toBe(want);
  });
  it.each(['%', '90#', '#%', '90'])('%j is an error', (v) => {
    expect(() => getScaledValueFromIntOrPercent(fromString(v), 0, false)).toThrow();
  });
  it('error messages', () => {
    expect(() => getScaledValueFromIntOrPercent('90', 10, true)).toThrow(
      'invalid value for IntOrString: invalid type: string is not a percentage',
    );
    expect(() => getScaledValueFromIntOrPercent('#%', 10, true)).toThrow(
      'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax',
    );
    expect(() => getScaledValueFromIntOrPercent(null, 10, true)).toThrow('nil value for IntOrString');
  });
});

describe('TestGetValueFromIntOrPercent (deprecated: "5" means 5%)', () => {
  it.each([
    [fromInt(123), 0, false, 123],
    [fromString('90%'), 100, true, 90],
    [fromString('90%'), 95, true, 86],
    [fromString('90%'), 95, false, 85],
    [fromString('90'), 95, false, 85],
  ] as const)('%j of %i roundUp=%s = %i', (input, total, roundUp, want) => {
    expect(getValueFromIntOrPercent(input, total, roundUp)).toBe(want);
  });
  it.each(['%', '90#', '#%'])('%j is an error', (v) => {
    expect(() => getValueFromIntOrPercent(fromString(v), 0, false)).toThrow();
  });
});

describe('TestResolveFenceposts', () => {
  it.each([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [null, '39%', 10, 0, 3],
    ['39%', null, 10, 4, 0],
    [null, null, 10, 0, 1],
  ] as const)('%j/%j of %i -> %i/%i', (s, u, desired, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(s === null ? null : fromString(s), u === null ? null : fromString(u), desired)).toEqual([
      wantSurge,
      wantUnavailable,
    ]);
  });
  it.each([
    ['oops', '39%', 10],
    ['55%', 'urg', 10],
  ])('%j/%j is an error', (s, u, desired) => {
    expect(() => resolveFenceposts(fromString(s), fromString(u), desired)).toThrow();
  });
  it.each([
    [1, 1, 2, 1, 1],
    ['25%', '25%', 8, 2, 2],
    [0, 0, 5, 0, 1],
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 4, 1, 1],
  ] as const)('K8S-SEMANTICS worked values %j/%j of %i -> %i/%i', (s, u, desired, ws, wu) => {
    expect(resolveFenceposts(s, u, desired)).toEqual([ws, wu]);
  });
});

const dep = (replicas: number | undefined, maxUnavail: number | string, type = 'RollingUpdate') => ({
  spec: { replicas, strategy: { type, rollingUpdate: { maxSurge: 1, maxUnavailable: maxUnavail } } },
});

describe('TestMaxUnavailable', () => {
  it.each([
    ['maxUnavailable less than replicas', dep(10, 5), 5],
    ['maxUnavailable equal replicas', dep(10, 10), 10],
    ['maxUnavailable greater than replicas', dep(5, 10), 5],
    ['maxUnavailable with replicas is 0', dep(0, 10), 0],
    ['maxUnavailable with Recreate deployment strategy', { spec: { strategy: { type: 'Recreate' } } }, 0],
    ['maxUnavailable less than replicas with percents', dep(10, '50%'), 5],
    ['maxUnavailable equal replicas with percents', dep(10, '100%'), 10],
    ['maxUnavailable greater than replicas with percents', dep(5, '100%'), 5],
  ] as const)('%s', (_name, d, want) => {
    expect(maxUnavailable(d)).toBe(want);
  });
  it('MaxSurge and MinAvailable', () => {
    const d = { spec: { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } };
    expect(maxSurge(d)).toBe(3);
    expect(minAvailable(d)).toBe(8);
    expect(maxSurge({ spec: { replicas: 10, strategy: { type: 'Recreate' } } })).toBe(0);
    expect(minAvailable({ spec: { replicas: 10, strategy: { type: 'Recreate' } } })).toBe(0);
    // surge is not clamped to replicas
    expect(maxSurge(dep(2, 0) as never)).toBe(1);
    expect(maxSurge({ spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 5 } } } })).toBe(5);
  });
});
