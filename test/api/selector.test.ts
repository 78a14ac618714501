// Tables transcribed from staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go and
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers_test.go (TestLabelSelectorAsSelector).
import { describe, expect, it } from 'vitest';
import {
  everything,
  formatLabelSelector,
  labelSelectorAsSelector,
  matchesNothing,
  newRequirement,
  nothing,
  parseSelector,
  selectorFromSet,
  type Operator,
} from '../../src/api/selector.js';

describe('TestSelectorParse', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    'good %j re-strings without spaces',
    (s) => {
      expect(parseSelector(s).toString()).toBe(s.replaceAll(' ', ''));
    },
  );
  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a'])('bad %j', (s) => {
    expect(() => parseSelector(s)).toThrow();
  });
});

describe('TestDeterministicParse', () => {
  it('sorts requirements by key', () => {
    expect(parseSelector('x=a,a=x').toString()).toBe(parseSelector('a=x,x=a').toString());
    expect(parseSelector('x=a,a=x').toString()).toBe('a=x,x=a');
  });
});

describe('TestSelectorMatches', () => {
  const match: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['foo=bar', { foo: 'bar', baz: 'blah' }],
    ['baz=blah', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  const noMatch: [string, Record<string, string>][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['foo=blah', { foo: 'bar', baz: 'blah' }],
    ['baz=bar', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  it.each(match)('%j matches %j', (s, ls) => expect(parseSelector(s).matches(ls)).toBe(true));
  it.each(noMatch)('%j does not match %j', (s, ls) => expect(parseSelector(s).matches(ls)).toBe(false));
});

describe('TestEverything / TestSetMatches / TestNilMapIsValid / TestSetIsEmpty', () => {
  it('everything', () => {
    expect(everything().matches({ x: 'y' })).toBe(true);
    expect(everything().empty()).toBe(true);
  });
  it('nothing', () => {
    expect(nothing().matches({})).toBe(false);
    expect(nothing().empty()).toBe(false);
    expect(nothing().toString()).toBe('');
    expect(matchesNothing(nothing())).toBe(true);
    expect(matchesNothing(everything())).toBe(false);
  });
  const labelset = { foo: 'bar', baz: 'blah' };
  it.each<Record<string, string>>([{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }])('SelectorFromSet(%j) matches', (set) => {
    expect(selectorFromSet(set).matches(labelset)).toBe(true);
  });
  it('nil and empty sets are Everything', () => {
    expect(selectorFromSet(null).empty()).toBe(true);
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
  });
});

describe('TestRequirementConstructor', () => {
  const cases: [string, Operator | string, string[], boolean][] = [
    ['x', 'in', [], false],
    ['x', 'notin', [], false],
    ['x', 'in', ['foo'], true],
    ['x', 'notin', ['foo'], true],
    ['x', 'exists', [], true],
    ['x', '!', [], true],
    ['1foo', 'in', ['bar'], true],
    ['1234', 'in', ['bar'], true],
    ['y', 'gt', ['1'], true],
    ['z', 'lt', ['6'], true],
    ['foo', 'gt', ['bar'], false],
    ['barz', 'lt', ['blah'], false],
    ['a'.repeat(254), 'exists', [], false],
  ];
  it.each(cases)('%s %s %j ok=%s', (key, op, vals, ok) => {
    if (ok) expect(() => newRequirement(key, op as Operator, vals)).not.toThrow();
    else expect(() => newRequirement(key, op as Operator, vals)).toThrow();
  });
  it('reports field errors as upstream', () => {
    expect(() => newRequirement('x1', 'in', [])).toThrow(
      `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
    );
    expect(() => newRequirement('x5', '=', ['bar', 'foo'])).toThrow(
      `values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value`,
    );
    expect(() => newRequirement('x13', 'gt', [])).toThrow(
      `values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required`,
    );
    expect(() => newRequirement('x14', 'gt', ['bar'])).toThrow(
      `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    expect(() => newRequirement('x17', '=', ['a b'])).toThrow(
      `values[0][x17]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(() => newRequirement('x16', '=', ['a'.repeat(254)])).toThrow(/^values\[0\]\[x16\]: Invalid value: "a{254}": must be no more than 63 characters$/);
    expect(() => newRequirement('x18', 'unsupportedOp' as Operator, [])).toThrow(
      `operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
    );
    expect(() => newRequirement('x', 'exists', ['foo'])).toThrow(
      `values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist`,
    );
  });
  it('aggregates several errors in brackets', () => {
    expect(() => newRequirement('a/b/c', 'gt', ['x'])).toThrow(/^\[key: Invalid value: "a\/b\/c": a qualified name .*, values\[0\]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer\]$/);
  });
});

describe('TestToString', () => {
  const r = newRequirement;
  it.each([
    [[r('x', 'in', ['abc', 'def']), r('y', 'notin', ['jkl']), r('z', 'exists', [])], 'x in (abc,def),y notin (jkl),z'],
    [[r('x', 'notin', ['abc', 'def']), r('y', '!=', ['jkl']), r('z', '!', [])], 'x notin (abc,def),y!=jkl,!z'],
    [[r('x', 'notin', ['abc']), r('y', 'in', ['jkl', 'mno']), r('z', 'notin', [''])], 'x notin (abc),y in (jkl,mno),z notin ()'],
    [[r('x', '=', ['abc']), r('y', '==', ['jkl']), r('z', '!=', ['a']), r('z', 'exists', [])], 'x=abc,y==jkl,z!=a,z'],
    [[r('x', 'gt', ['2']), r('y', 'lt', ['8']), r('z', 'exists', [])], 'x>2,y<8,z'],
  ])('%#', (reqs, want) => {
    expect(everything().add(...reqs).toString()).toBe(want);
  });
  it('sorts values on output without dedup (safeSort)', () => {
    expect(everything().add(r('x', 'in', ['foo', 'bar', 'foo'])).toString()).toBe('x in (bar,foo,foo)');
  });
});

describe('TestRequirementSelectorMatching', () => {
  const r = newRequirement;
  it.each([
    [{ x: 'foo', y: 'baz' }, [r('x', 'in', ['foo']), r('y', 'notin', ['alpha'])], true],
    [{ x: 'foo', y: 'baz' }, [r('x', 'in', ['foo']), r('y', 'in', ['alpha'])], false],
    [{ y: '' }, [r('x', 'notin', ['']), r('y', 'exists', [])], true],
    [{ y: '' }, [r('x', '!', []), r('y', 'exists', [])], true],
    [{ y: '' }, [r('x', 'notin', ['']), r('y', '!', [])], false],
    [{ y: 'baz' }, [r('x', 'in', [''])], false],
    [{ z: '2' }, [r('z', 'gt', ['1'])], true],
    [{ z: 'v2' }, [r('z', 'gt', ['1'])], false],
  ] as const)('%j %#', (set, reqs, want) => {
    expect(everything().add(...reqs).matches(set)).toBe(want);
  });
});

describe('TestSetSelectorParser', () => {
  const valid: [string, string][] = [
    ['', ''],
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,def)', 'x in (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,def),bar,z in (),w', 'bar,w,x notin (abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a ', 'a'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
  ];
  it.each(valid)('%j parses to %j', (input, want) => {
    expect(parseSelector(input).toString()).toBe(want);
  });
  it.each(['x=a||y=b', 'x,,y', ',x,y', 'x nott in (y)', 'a in (xyz),', 'a in (xyz)b notin ()', 'a in (xyz abc)', 'a notin(', 'a (', '('])(
    '%j is invalid',
    (input) => {
      expect(() => parseSelector(input)).toThrow();
    },
  );
});

describe('parse error messages', () => {
  it.each([
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a=(b)', "unable to parse requirement: found '(', expected: identifier"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
  ])('%j', (input, message) => {
    expect(() => parseSelector(input)).toThrow(message);
    try {
      parseSelector(input);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
  it('reports invalid keys with a <nil> field path', () => {
    expect(() => parseSelector('x/y/z=a')).toThrow(
      `unable to parse requirement: <nil>: Invalid value: "x/y/z": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
  });
});

describe('requirements and exact match', () => {
  it('exposes sorted requirements', () => {
    const s = parseSelector('z=1,a in (b,c)');
    expect(s.requirements().map((r) => [r.key, r.operator, r.values])).toEqual([
      ['a', 'in', ['b', 'c']],
      ['z', '=', ['1']],
    ]);
    expect(s.requiresExactMatch('z')).toBe('1');
    expect(s.requiresExactMatch('a')).toBeUndefined();
  });
  it('gt/lt need integers on the label side too', () => {
    expect(parseSelector('x>1').matches({ x: 'abc' })).toBe(false);
    expect(parseSelector('x>1').matches({})).toBe(false);
    expect(parseSelector('x<1').matches({ x: '-2' })).toBe(true);
    // a negative bound is not a valid label value, so it cannot be written in a selector
    expect(() => parseSelector('x<-1')).toThrow(/^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-1"/);
  });
});

describe('TestLabelSelectorAsSelector', () => {
  const matchLabels = { foo: 'bar' };
  const matchExpressions = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];
  it('nil selects nothing, empty selects everything', () => {
    expect(matchesNothing(labelSelectorAsSelector(null))).toBe(true);
    expect(labelSelectorAsSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorAsSelector({}).empty()).toBe(true);
    expect(labelSelectorAsSelector({}).matches({ a: 'b' })).toBe(true);
  });
  it.each([
    [{ matchLabels }, 'foo=bar'],
    [{ matchExpressions }, 'baz in (norf,qux)'],
    [{ matchLabels, matchExpressions }, 'baz in (norf,qux),foo=bar'],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }, { key: 'b', operator: 'Exists' }, { key: 'c', operator: 'DoesNotExist' }] }, 'a notin (x),b,!c'],
  ])('%j -> %s', (ls, want) => {
    expect(labelSelectorAsSelector(ls).toString()).toBe(want);
    expect(labelSelectorAsSelector(ls).toString()).toBe(parseSelector(want).toString());
  });
  it('rejects values on Exists and unknown operators', () => {
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] }),
    ).toThrow('values: Invalid value: []string{"qux", "norf"}: values set must be empty for exists and does not exist');
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'baz', operator: 'in', values: ['x'] }] })).toThrow(
      '"in" is not a valid label selector operator',
    );
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'baz', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
  });
  it('FormatLabelSelector', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] })).toBe('<error>');
  });
});
